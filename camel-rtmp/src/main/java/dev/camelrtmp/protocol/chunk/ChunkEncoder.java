package dev.camelrtmp.protocol.chunk;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits outgoing messages into chunks of the current outgoing chunk size. The first chunk of a message carries a
 * type 0 header, its continuations type 3 headers, repeating the extended timestamp when the message has one.
 * <p>
 * A Set Chunk Size message changes the chunk size for every message encoded after it, so the peer always learns the
 * new size before the first chunk that uses it.
 */
public class ChunkEncoder extends MessageToByteEncoder<RtmpMessage> {

    private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

    public ChunkEncoder() {
        super(RtmpMessage.class, false);
    }

    /** The chunk size messages are currently split by. */
    public int chunkSize() {
        return chunkSize;
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
        int chunks = Math.max(1, (message.length() + chunkSize - 1) / chunkSize);
        return ctx.alloc().ioBuffer(message.length() + 18 + chunks * 7);
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
