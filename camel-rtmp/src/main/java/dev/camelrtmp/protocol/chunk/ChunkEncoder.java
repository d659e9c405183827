package dev.camelrtmp.protocol.chunk;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits outgoing messages into chunks of the current outgoing chunk size. The first chunk of a message carries a
 * type 0 header, its continuations type 3 headers, repeating the extended timestamp when the message has one.
 * <p>
 * A Set Chunk Size message changes the chunk size for every message encoded after it, so the peer always learns the
 * new size before the first chunk that uses it.
 * <p>
 * Every message starts with a complete (type 0) header, so the encoder keeps no header state per chunk stream: a
 * {@link ChunkedMessage} chunked ahead of time for this chunk size is written as it is, between messages encoded here.
 */
public class ChunkEncoder extends MessageToByteEncoder<RtmpMessage> {

    /** Written on the channel's event loop only; read from any thread by {@link #chunkSize()}. */
    private volatile int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

    public ChunkEncoder() {
        super(RtmpMessage.class, false);
    }

    /**
     * The chunk size messages are currently split by. Any thread may read it (to chunk a {@link ChunkedMessage} for
     * this connection ahead of time); should it change in between, the encoder notices and chunks anew.
     */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Passes a {@link ChunkedMessage} chunked with this encoder's chunk size on as it is, or encodes its message anew
     * when the chunk size differs; encodes an {@link RtmpMessage}; passes anything else on.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ChunkedMessage chunked) {
            if (chunked.chunkSize() == chunkSize) {
                ctx.write(chunked.content(), promise); // the reference goes on with the bytes
                return;
            }
            try {
                super.write(ctx, chunked.message(), promise);
            } finally {
                chunked.release();
            }
            return;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage message, ByteBuf out) {
        encode(message, out, chunkSize);
        if (message.typeId() == MessageType.SET_CHUNK_SIZE && message.length() >= 4) {
            byte[] p = message.payload();
            int size = ((p[0] & 0x7F) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
            if (size > 0) {
                chunkSize = size;
            }
        }
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RtmpMessage message, boolean preferDirect) {
        return ctx.alloc().ioBuffer(encodedLength(message, chunkSize));
    }

    /** The exact number of bytes {@link #encode(RtmpMessage, ByteBuf, int)} writes for the message. */
    public static int encodedLength(RtmpMessage message, int chunkSize) {
        int csid = message.chunkStreamId();
        int basic = csid < 64 ? 1 : csid < 64 + 256 ? 2 : 3;
        int extended = Integer.toUnsignedLong(message.timestamp()) >= 0xFFFFFF ? 4 : 0;
        int length = message.length();
        int chunks = Math.max(1, (int) ((length + (long) chunkSize - 1) / chunkSize));
        return basic + 11 + extended + length + (chunks - 1) * (basic + extended);
    }

    /** Writes one message as chunks of {@code chunkSize} bytes, with type 0 and type 3 headers. */
    public static void encode(RtmpMessage message, ByteBuf out, int chunkSize) {
        long timestamp = Integer.toUnsignedLong(message.timestamp());
        boolean extended = timestamp >= 0xFFFFFF;
        int csid = message.chunkStreamId();
        byte[] payload = message.payload();

        writeBasicHeader(out, 0, csid);
        out.writeMedium(extended ? 0xFFFFFF : (int) timestamp);
        out.writeMedium(payload.length);
        out.writeByte(message.typeId());
        out.writeIntLE(message.messageStreamId());
        if (extended) {
            out.writeInt(message.timestamp());
        }
        int offset = 0;
        do {
            int length = Math.min(chunkSize, payload.length - offset);
            if (offset > 0) {
                writeBasicHeader(out, 3, csid);
                if (extended) {
                    out.writeInt(message.timestamp());
                }
            }
            out.writeBytes(payload, offset, length);
            offset += length;
        } while (offset < payload.length);
    }

    private static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
        if (csid < 64) {
            out.writeByte((fmt << 6) | csid);
        } else if (csid < 64 + 256) {
            out.writeByte(fmt << 6);
            out.writeByte(csid - 64);
        } else {
            out.writeByte((fmt << 6) | 1);
            int rest = csid - 64;
            out.writeByte(rest & 0xFF);
            out.writeByte(rest >>> 8);
        }
    }
}
