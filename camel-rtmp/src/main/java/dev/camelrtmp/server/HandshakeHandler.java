package dev.camelrtmp.server;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.handshake.HandshakeConstants;
import dev.camelrtmp.protocol.handshake.ServerHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RTMP handshake: reads C0+C1, answers S0+S1+S2 at once, reads C2 and then leaves the
 * pipeline, telling the handlers after it with {@link Event#COMPLETED}. Bytes that arrived with C2 (often the
 * {@code connect} command) are passed on to the chunk decoder.
 * <p>
 * The handshake timeout is a deadline set when the handler is added: bytes that arrive do not extend it.
 */
final class HandshakeHandler extends ByteToMessageDecoder {

    /** The user event fired down the pipeline once the handshake is done. */
    enum Event {
        COMPLETED
    }

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

    private final long timeoutMillis;
    private final ServerHandshake handshake = new ServerHandshake();
    private boolean responded;
    private ScheduledFuture<?> timeout;

    HandshakeHandler(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (timeoutMillis > 0) {
            timeout = ctx.executor().schedule(() -> {
                if (ProxyProtocol.awaitingHeader(ctx.channel())) {
                    LOG.warn("Closing {}: no PROXY protocol header within {} ms (handshakeTimeout)",
                            ProxyProtocol.clientAddress(ctx.channel()), timeoutMillis);
                } else {
                    LOG.warn("Closing {}: RTMP handshake not completed within {} ms",
                            ProxyProtocol.clientAddress(ctx.channel()), timeoutMillis);
                }
                ctx.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!responded) {
            if (in.readableBytes() >= 1 && in.getUnsignedByte(in.readerIndex()) != HandshakeConstants.RTMP_VERSION) {
                byte[] first = new byte[Math.min(in.readableBytes(), 1 + HandshakeConstants.PACKET_SIZE)];
                in.getBytes(in.readerIndex(), first);
                handshake.respond(padded(first)); // throws with a message that names what was received
            }
            if (in.readableBytes() < 1 + HandshakeConstants.PACKET_SIZE) {
                return;
            }
            byte[] c0c1 = new byte[1 + HandshakeConstants.PACKET_SIZE];
            in.readBytes(c0c1);
            byte[] s0s1s2 = handshake.respond(c0c1);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(s0s1s2));
            responded = true;
        }
        if (in.readableBytes() < HandshakeConstants.PACKET_SIZE) {
            return;
        }
        byte[] c2 = new byte[HandshakeConstants.PACKET_SIZE];
        in.readBytes(c2);
        if (!handshake.verifyC2(c2)) {
            LOG.debug("{}: C2 does not echo S1; accepted as many encoders send it so",
                    ProxyProtocol.clientAddress(ctx.channel()));
        }
        LOG.debug("{}: handshake done ({})", ProxyProtocol.clientAddress(ctx.channel()),
                handshake.isDigest() ? "digest" : "plain");
        ctx.fireUserEventTriggered(Event.COMPLETED);
        ctx.pipeline().remove(this);
    }

    private static byte[] padded(byte[] start) {
        byte[] c0c1 = new byte[1 + HandshakeConstants.PACKET_SIZE];
        System.arraycopy(start, 0, c0c1, 0, start.length);
        return c0c1;
    }
}
