package dev.camelrtmp.media;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an FLV file: the header, then tags, each followed by its PreviousTagSize. Buffered; payloads larger than
 * the buffer go straight through. On a file, {@link #close()} sets the header's audio and video flags to what was
 * written.
 */
public final class FlvWriter implements Closeable {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int TAG_HEADER_SIZE = 11;
    private static final byte FLAG_AUDIO = 0x04;
    private static final byte FLAG_VIDEO = 0x01;

    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long audioTags;
    private long videoTags;
    private long dataTags;
    private boolean closed;

    /** Creates the file, which must not exist: a recording is never overwritten. */
    public FlvWriter(Path file) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** Writes to a channel, which this writer closes. */
    public FlvWriter(WritableByteChannel channel) throws IOException {
        this.channel = channel;
        buffer.put(new byte[] { 'F', 'L', 'V', 1, FLAG_AUDIO | FLAG_VIDEO, 0, 0, 0, 9, 0, 0, 0, 0 });
    }

    /** Writes one tag with its whole body. */
    public void writeTag(int type, long timestampMs, byte[] data) throws IOException {
        writeTag(type, timestampMs, data, 0, data.length);
    }

    /**
     * Writes one tag.
     *
     * @param type        the tag type, see {@link FlvTagType}
     * @param timestampMs the timestamp; its low 32 bits are written (24 bits and the extension byte)
     */
    public void writeTag(int type, long timestampMs, byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("FLV writer is closed");
        }
        if (length > 0xFFFFFF) {
            throw new IOException("FLV tag of " + length + " bytes exceeds the 24-bit DataSize");
        }
        ensure(TAG_HEADER_SIZE);
        buffer.put((byte) type);
        putU24(length);
        putU24((int) timestampMs & 0xFFFFFF);
        buffer.put((byte) (timestampMs >>> 24));
        putU24(0);
        if (length <= buffer.remaining()) {
            buffer.put(data, offset, length);
        } else {
            flushBuffer();
            ByteBuffer body = ByteBuffer.wrap(data, offset, length);
            while (body.hasRemaining()) {
                channel.write(body);
            }
        }
        ensure(4);
        buffer.putInt(TAG_HEADER_SIZE + length);
        switch (type) {
            case FlvTagType.AUDIO -> audioTags++;
            case FlvTagType.VIDEO -> videoTags++;
            default -> dataTags++;
        }
    }

    /** Tags written of a type. */
    public long tagCount(int type) {
        return switch (type) {
            case FlvTagType.AUDIO -> audioTags;
            case FlvTagType.VIDEO -> videoTags;
            default -> dataTags;
        };
    }

    /** Writes buffered tags to the channel. */
    public void flush() throws IOException {
        flushBuffer();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushBuffer();
            if (channel instanceof FileChannel file) {
                byte flags = (byte) ((audioTags > 0 ? FLAG_AUDIO : 0) | (videoTags > 0 ? FLAG_VIDEO : 0));
                file.write(ByteBuffer.wrap(new byte[] { flags }), 4);
            }
        } finally {
            channel.close();
        }
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void putU24(int v) {
        buffer.put((byte) (v >>> 16));
        buffer.put((byte) (v >>> 8));
        buffer.put((byte) v);
    }
}
