package dev.camelrtmp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.camelrtmp.protocol.LogSafe;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PROXY protocol (v1 text and v2 binary, as HAProxy and other L4 balancers send it) in front of a listener's
 * connections ({@code proxyProtocol}): every connection must start with a header, which says who the client is.
 * <p>
 * A {@code PROXY} header over TCP4 or TCP6 makes its source address and port the connection's client address
 * ({@link #clientAddress(Channel)}): connection limits per address, authorization, publish and play infos, events and
 * logs use it. A {@code LOCAL} header (the balancer's own health check) and the families that name no TCP client
 * ({@code UNKNOWN}, UDP, UNIX) keep the connection's own peer. Either way {@link Accepted} is fired down the
 * pipeline once the header is read, before any byte after it; a connection whose first bytes are not a valid header
 * is closed with one WARN line (at most ten a second per listener, see {@link RefusalLog}).
 * <p>
 * Until the header is read, the connection counts against {@code maxConnections} only: its client is not known
 * yet, so {@code maxConnectionsPerAddress} counts it from {@link Accepted} on (see {@link ConnectionLimiter}). A
 * connection that sends no header is closed by the handshake deadline ({@code handshakeTimeout}) or, on the HTTP
 * listener, by {@code readTimeout}.
 */
public final class ProxyProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocol.class);

    /** The client address a PROXY header named, as {@code host:port}; absent without one. */
    private static final AttributeKey<String> CLIENT = AttributeKey.valueOf(ProxyProtocol.class, "client");
    /** The v2 header's first byte (CR) and the v1 header's ("PROXY"). */
    private static final int V2_FIRST = 0x0D;
    private static final int V1_FIRST = 'P';
    /** The most bytes of TLVs (type-length-value extensions) a v2 header may carry. */
    static final int MAX_TLV_BYTES = 4096;

    private ProxyProtocol() {
    }

    /**
     * Fired down a connection's pipeline once its PROXY header has been read, before the bytes after it.
     *
     * @param client  the client: the header's source (a PROXY command over TCP4/TCP6), else the connection's peer
     * @param proxied whether {@code client} comes from the header
     */
    public record Accepted(InetSocketAddress client, boolean proxied) {
    }

    /**
     * The client of a connection as {@code host:port}: the source a PROXY header named, else the peer of the TCP
     * connection.
     */
    public static String clientAddress(Channel channel) {
        String proxied = channel.attr(CLIENT).get();
        return proxied != null ? proxied : text(channel.remoteAddress());
    }

    /** {@code host:port} of an address, the host as digits (no name lookup). */
    static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Adds the header's decoder and handler first in a new connection's pipeline. */
    static void addTo(ChannelPipeline pipeline, RefusalLog refusals) {
        pipeline.addFirst("proxyHeader", new HeaderHandler(refusals));
        pipeline.addFirst("proxyDecoder", new Decoder(refusals));
    }

    /** Whether the connection still waits for its PROXY header. */
    static boolean awaitingHeader(Channel channel) {
        return channel.pipeline().get(HeaderHandler.class) != null;
    }

    /**
     * Netty's decoder (v1 and v2, a header split over several reads included; it leaves the pipeline after the
     * header), which refuses a connection at its first byte when that cannot start a header, and turns the
     * decoder's own refusals into one WARN line instead of an exception down the pipeline.
     */
    private static final class Decoder extends HAProxyMessageDecoder {

        private final RefusalLog refusals;
        private boolean checked;
        private boolean refused;

        Decoder(RefusalLog refusals) {
            // TLVs (AWS NLB, for one, sends some) up to 4 KiB after the address block: a longer header is refused
            // rather than buffered, so a connection waiting for its header holds at most a few KiB
            super(MAX_TLV_BYTES);
            this.refusals = refusals;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!checked && msg instanceof ByteBuf in && in.isReadable()) {
                checked = true;
                int first = in.getUnsignedByte(in.readerIndex());
                if (first != V1_FIRST && first != V2_FIRST) {
                    in.release();
                    refuse(ctx, String.format("it starts with byte 0x%02x%s", first,
                            first == 3 ? " (an RTMP handshake: a client that did not come through the balancer)"
                                    : first == 0x16 ? " (TLS)" : ""));
                    return;
                }
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof HAProxyProtocolException) {
                if (!refused) {
                    refuse(ctx, LogSafe.of(cause.getMessage() != null ? cause.getMessage() : cause.toString()));
                }
                return;
            }
            super.exceptionCaught(ctx, cause);
        }

        private void refuse(ChannelHandlerContext ctx, String why) {
            refused = true;
            refusals.refused("Refused connection from {}: no valid PROXY protocol header (proxyProtocol): {}",
                    text(ctx.channel().remoteAddress()), why);
            ctx.close();
        }
    }

    /** Takes the decoded header: sets the client address, tells the pipeline, and leaves. */
    private static final class HeaderHandler extends ChannelInboundHandlerAdapter {

        private final RefusalLog refusals;
        private boolean done;

        HeaderHandler(RefusalLog refusals) {
            this.refusals = refusals;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (done) {
                ReferenceCountUtil.release(msg); // closed by a handler after this one while the header was told
                return;
            }
            if (!(msg instanceof HAProxyMessage header)) {
                ReferenceCountUtil.release(msg);
                refusals.refused("Refused connection from {}: no valid PROXY protocol header (proxyProtocol)",
                        text(ctx.channel().remoteAddress()));
                ctx.close();
                return;
            }
            done = true;
            Accepted accepted;
            try {
                accepted = accepted(ctx.channel(), header);
            } finally {
                header.release();
            }
            if (accepted.proxied()) {
                ctx.channel().attr(CLIENT).set(text(accepted.client()));
            }
            ctx.fireUserEventTriggered(accepted);
            if (ctx.channel().isActive()) {
                ctx.pipeline().remove(this);
            }
        }

        private static Accepted accepted(Channel channel, HAProxyMessage header) {
            InetSocketAddress peer = channel.remoteAddress() instanceof InetSocketAddress inet ? inet : null;
            HAProxyProxiedProtocol protocol = header.proxiedProtocol();
            if (header.command() == HAProxyCommand.PROXY
                    && (protocol == HAProxyProxiedProtocol.TCP4 || protocol == HAProxyProxiedProtocol.TCP6)) {
                // the decoder checked the address's syntax: a literal, never looked up
                InetAddress source = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
                if (source != null) {
                    InetSocketAddress client = new InetSocketAddress(source, header.sourcePort());
                    LOG.debug("{}: PROXY {} from {}", text(peer), protocol, text(client));
                    return new Accepted(client, true);
                }
            }
            LOG.debug("{}: PROXY header {} {}: the connection's own address is kept", text(peer), header.command(),
                    protocol);
            return new Accepted(peer, false);
        }
    }
}
