package dev.camelrtmp.client;

import java.util.List;

import dev.camelrtmp.protocol.handshake.ClientHandshake;
import dev.camelrtmp.protocol.handshake.HandshakeConstants;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The client side of the handshake: sends C0+C1 when the connection is up, answers S0+S1+S2 with C2, then leaves
 * the pipeline and fires {@link #DONE}. Bytes after S2 go on to the chunk decoder.
 */
final class ClientHandshakeHandler extends ByteToMessageDecoder {

    /** The user event fired once the handshake is complete. */
    static final Object DONE = new Object() {
        @Override
        public String toString() {
            return "RTMP handshake done";
        }
    };

    private final ClientHandshake handshake = new ClientHandshake(true);

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.c0c1()));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int size = 1 + 2 * HandshakeConstants.PACKET_SIZE;
        if (in.readableBytes() < size) {
            return;
        }
        byte[] s0s1s2 = new byte[size];
        in.readBytes(s0s1s2);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.c2(s0s1s2)));
        ctx.fireUserEventTriggered(DONE);
        ctx.pipeline().remove(this);
    }
}
