package dev.camelrtmp.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts the bytes received on a connection and sends an Acknowledgement each time the peer's acknowledgement
 * window (announced by its Window Acknowledgement Size message) has been received since the last one.
 */
public final class AcknowledgementHandler extends ChannelInboundHandlerAdapter {

    private long bytesReceived;
    private long acknowledged;
    private int window;

    /** Sets the peer's acknowledgement window; 0 sends no acknowledgements. */
    public void window(int size) {
        this.window = Math.max(0, size);
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytesReceived += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (window > 0 && bytesReceived - acknowledged >= window) {
            acknowledged = bytesReceived;
            ctx.channel().writeAndFlush(ProtocolControl.acknowledgement(bytesReceived));
        }
        ctx.fireChannelReadComplete();
    }
}
