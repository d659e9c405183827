package dev.camelrtmp.protocol.chunk;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A message chunked ahead of time for one chunk size, so that one encoding serves every connection that sends with
 * that chunk size: each connection writes its own {@link #retainedDuplicate()} of the same bytes, none copies them.
 * <p>
 * The bytes are what {@link ChunkEncoder} writes for the message: a type 0 header on the first chunk (complete, so
 * they do not depend on what the connection sent before on that chunk stream) and type 3 headers on the
 * continuations, repeating the extended timestamp when the message has one. A {@link ChunkEncoder} whose chunk size
 * is {@link #chunkSize()} passes the bytes on as they are; one with another chunk size encodes {@link #message()}
 * anew and releases them. Either way the encoder takes over the reference written to it.
 * <p>
 * Reference counted through its content: whoever holds a {@code ChunkedMessage} releases it once, or writes it.
 */
public final class ChunkedMessage extends DefaultByteBufHolder {

    private final RtmpMessage message;
    private final int chunkSize;

    private ChunkedMessage(RtmpMessage message, int chunkSize, ByteBuf chunks) {
        super(chunks);
        this.message = message;
        this.chunkSize = chunkSize;
    }

    /**
     * Chunks {@code message} for {@code chunkSize} into a new buffer of {@code alloc}.
     *
     * @throws IllegalArgumentException for a Set Chunk Size message (an encoder must see it to change its own chunk
     *                                  size) or a chunk size below 1
     */
    public static ChunkedMessage encode(RtmpMessage message, int chunkSize, ByteBufAllocator alloc) {
        if (message.typeId() == MessageType.SET_CHUNK_SIZE) {
            throw new IllegalArgumentException("Set Chunk Size is encoded by the connection's own encoder");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize);
        }
        ByteBuf chunks = alloc.ioBuffer(ChunkEncoder.encodedLength(message, chunkSize));
        try {
            ChunkEncoder.encode(message, chunks, chunkSize);
        } catch (RuntimeException e) {
            chunks.release();
            throw e;
        }
        return new ChunkedMessage(message, chunkSize, chunks);
    }

    /** The message the chunks carry (its payload is shared, not copied). */
    public RtmpMessage message() {
        return message;
    }

    /** The chunk size the message was chunked with. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    public ChunkedMessage replace(ByteBuf content) {
        return new ChunkedMessage(message, chunkSize, content);
    }

    @Override
    public ChunkedMessage duplicate() {
        return (ChunkedMessage) super.duplicate();
    }

    @Override
    public ChunkedMessage retainedDuplicate() {
        return (ChunkedMessage) super.retainedDuplicate();
    }

    @Override
    public ChunkedMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public ChunkedMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ChunkedMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public ChunkedMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "ChunkedMessage{" + message + ", chunkSize=" + chunkSize + ", refCnt=" + refCnt() + '}';
    }
}
