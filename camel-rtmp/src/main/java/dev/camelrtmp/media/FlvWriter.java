package dev.camelrtmp.media;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an FLV file: the header, then tags, each followed by its PreviousTagSize. Buffered (16 KiB: the channel
 * gets one write per several tags, and what a crash of the process can lose is at most that much per file); payloads
 * larger than the buffer go straight through. On a file, {@link #close()} sets the header's audio and video flags to what was
 * written.
 * <p>
 * A file never ends inside a tag: the writer knows where the last whole tag on disk ends, and when a write fails
 * (a full disk, an I/O error) it truncates a seekable channel to that point, closes it and rethrows the error. The
 * tag counts then count the tags the file keeps.
 */
public final class FlvWriter implements Closeable {

    /**
     * Small enough that a recorder's buffers stay a small part of a small heap (200 streams: 3 MiB), large enough for
     * one write per several tags (at 1.6 Mbit/s about 12 writes a second); what a crash can lose per stream.
     */
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int TAG_HEADER_SIZE = 11;
    private static final int FILE_HEADER_SIZE = 13;
    private static final byte FLAG_AUDIO = 0x04;
    private static final byte FLAG_VIDEO = 0x01;

    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long audioTags;
    private long videoTags;
    private long dataTags;
    /** The bytes the channel took. */
    private long written;
    /** Where the last whole tag (or the header) ends, counting what is still buffered. */
    private long wholeEnd;
    /** Where the last whole tag (or the header) that the channel took ends, and the counts up to it. */
    private long durableEnd;
    private long durableAudio;
    private long durableVideo;
    private long durableData;
    /** The ends and types of the whole tags after durableEnd, in order: the channel may have taken some. */
    private long[] pendingEnds = new long[64];
    private int[] pendingTypes = new int[64];
    private int pending;
    private boolean closed;

    /** Creates the file, which must not exist: a recording is never overwritten. */
    public FlvWriter(Path file) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** Writes to a channel, which this writer closes. A seekable channel is truncated to whole tags on failure. */
    public FlvWriter(WritableByteChannel channel) throws IOException {
        this.channel = channel;
        buffer.put(new byte[] { 'F', 'L', 'V', 1, FLAG_AUDIO | FLAG_VIDEO, 0, 0, 0, 9, 0, 0, 0, 0 });
        wholeEnd = FILE_HEADER_SIZE;
    }

    /** Writes one tag with its whole body. */
    public void writeTag(int type, long timestampMs, byte[] data) throws IOException {
        writeTag(type, timestampMs, data, 0, data.length);
    }

    /**
     * Writes one tag. When writing fails the writer is closed, its file truncated to the last whole tag.
     *
     * @param type        the tag type, see {@link FlvTagType}
     * @param timestampMs the timestamp; its low 32 bits are written (24 bits and the extension byte)
     * @throws IOException when the writer is closed, the tag is too large (nothing written then) or writing failed
     */
    public void writeTag(int type, long timestampMs, byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("FLV writer is closed");
        }
        if (length > 0xFFFFFF) {
            throw new IOException("FLV tag of " + length + " bytes exceeds the 24-bit DataSize");
        }
        try {
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
                    written += channel.write(body);
                }
            }
            ensure(4);
            buffer.putInt(TAG_HEADER_SIZE + length);
        } catch (IOException e) {
            throw fail(e);
        }
        wholeEnd += TAG_HEADER_SIZE + length + 4L;
        count(type);
        if (pending == pendingEnds.length) {
            pendingEnds = java.util.Arrays.copyOf(pendingEnds, pending * 2);
            pendingTypes = java.util.Arrays.copyOf(pendingTypes, pending * 2);
        }
        pendingEnds[pending] = wholeEnd;
        pendingTypes[pending++] = type;
    }

    private void count(int type) {
        switch (type) {
            case FlvTagType.AUDIO -> audioTags++;
            case FlvTagType.VIDEO -> videoTags++;
            default -> dataTags++;
        }
    }

    /** Tags written of a type; after a failure, those the file keeps. */
    public long tagCount(int type) {
        return switch (type) {
            case FlvTagType.AUDIO -> audioTags;
            case FlvTagType.VIDEO -> videoTags;
            default -> dataTags;
        };
    }

    /** The bytes of the header and whole tags that reached the channel; after a failure, the file's length. */
    public long bytesWritten() {
        return durableEnd;
    }

    /** Writes buffered tags to the channel. When that fails the writer is closed, its file truncated. */
    public void flush() throws IOException {
        if (closed) {
            throw new IOException("FLV writer is closed");
        }
        try {
            flushBuffer();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Writes what is buffered, sets the header's flags and closes; on failure truncates to whole tags. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flushBuffer();
            if (channel instanceof FileChannel file) {
                file.write(ByteBuffer.wrap(new byte[] { flags() }), 4);
            }
        } catch (IOException e) {
            throw fail(e);
        }
        closed = true;
        channel.close();
    }

    /** Truncates the file to the last whole tag the channel took, closes it and returns {@code e} to throw. */
    private IOException fail(IOException e) {
        closed = true;
        buffer.clear();
        audioTags = durableAudio;
        videoTags = durableVideo;
        dataTags = durableData;
        for (int i = 0; i < pending && pendingEnds[i] <= written; i++) {
            durableEnd = pendingEnds[i];
            count(pendingTypes[i]);
        }
        if (durableEnd == 0 && written >= FILE_HEADER_SIZE) {
            durableEnd = FILE_HEADER_SIZE;
        }
        try {
            if (channel instanceof SeekableByteChannel file) {
                file.truncate(durableEnd);
                if (durableEnd >= FILE_HEADER_SIZE && file instanceof FileChannel fc) {
                    fc.write(ByteBuffer.wrap(new byte[] { flags() }), 4);
                }
            }
        } catch (IOException | RuntimeException truncating) {
            e.addSuppressed(truncating);
        }
        try {
            channel.close();
        } catch (IOException closing) {
            e.addSuppressed(closing);
        }
        return e;
    }

    private byte flags() {
        return (byte) ((audioTags > 0 ? FLAG_AUDIO : 0) | (videoTags > 0 ? FLAG_VIDEO : 0));
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flushBuffer();
        }
    }

    /** Writes the buffer; everything before it was written already, so the last whole tag is then on disk. */
    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
        durableEnd = wholeEnd;
        durableAudio = audioTags;
        durableVideo = videoTags;
        durableData = dataTags;
        pending = 0;
    }

    private void putU24(int v) {
        buffer.put((byte) (v >>> 16));
        buffer.put((byte) (v >>> 8));
        buffer.put((byte) v);
    }
}
