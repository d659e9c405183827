package dev.camelrtmp.media;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * Reads an FLV file tag by tag. PreviousTagSize fields are skipped without being checked, as FFmpeg does.
 */
public final class FlvReader implements Closeable {

    private final DataInputStream in;
    private final int flags;

    /** Reads and checks the FLV header. */
    public FlvReader(InputStream input) throws IOException {
        this.in = new DataInputStream(input instanceof BufferedInputStream ? input : new BufferedInputStream(input));
        byte[] header = new byte[9];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            throw new RtmpProtocolException("not an FLV file: shorter than its 9-byte header");
        }
        if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V') {
            throw new RtmpProtocolException("not an FLV file: no FLV signature");
        }
        flags = header[4] & 0xFF;
        int dataOffset = ((header[5] & 0xFF) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
                | (header[8] & 0xFF);
        if (dataOffset < 9) {
            throw new RtmpProtocolException("FLV header size " + dataOffset + " is less than 9");
        }
        in.skipNBytes(dataOffset - 9);
        in.skipNBytes(4); // PreviousTagSize0
    }

    /** The header's flags: 0x04 audio, 0x01 video. */
    public int flags() {
        return flags;
    }

    /**
     * The next tag, or null at the end of the file.
     *
     * @throws RtmpProtocolException when the file ends inside a tag
     */
    public FlvTag next() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        try {
            int size = readU24();
            long timestamp = readU24() | ((long) in.readUnsignedByte() << 24);
            readU24(); // stream id
            byte[] data = new byte[size];
            in.readFully(data);
            if (in.read() >= 0) { // PreviousTagSize: 3 more bytes, absent at a truncated end
                in.skipNBytes(3);
            }
            return new FlvTag(type & 0x1F, timestamp, data);
        } catch (EOFException e) {
            throw new RtmpProtocolException("FLV file ends inside a tag");
        }
    }

    private int readU24() throws IOException {
        return (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    }

    /** Every tag of a file. */
    public static List<FlvTag> readAll(Path file) throws IOException {
        try (FlvReader reader = new FlvReader(Files.newInputStream(file))) {
            List<FlvTag> tags = new ArrayList<>();
            FlvTag tag;
            while ((tag = reader.next()) != null) {
                tags.add(tag);
            }
            return tags;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
