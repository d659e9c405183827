package dev.camelrtmp.http;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.http.hls.HlsStreams;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener of an RTMP server, on its own port ({@link RtmpServerOptions#httpPort()}) of the same host:
 * {@code GET /<app>/<key>.flv} streams the live path {@code app/key} as FLV (chunked transfer encoding) to whoever
 * may play it over RTMP (the same target, play policy and authorizer; the request's query string is the stream
 * name's query), with CORS headers for browsers. The path's play start and end are told to its listener, with the
 * transport {@link dev.camelrtmp.server.PlayInfo#HTTP_FLV}. Its connections count against the RTMP listener's
 * {@code maxConnections} and {@code maxConnectionsPerAddress}, together with the RTMP ones, and are served by the
 * RTMP listener's event loops (it starts after that listener and stops before it).
 * <p>
 * It also serves every live path as Low-Latency HLS at {@code /<app>/<key>/index.m3u8}, packaged on demand
 * ({@link HlsPackager}, {@link HlsHandler}), and the player page at {@code /} ({@link PlayerPage}); those
 * connections stay open for many requests, which may be pipelined ({@link HttpPipelining} answers them in order).
 */
public final class HttpListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** The most bytes of a request line and its headers. */
    static final int MAX_HEADER_SIZE = 16 * 1024;

    private final RtmpServer server;
    private final RtmpServerOptions options;
    private final HlsStreams hlsStreams;
    private final HlsPackager hlsPackager;
    private ChannelGroup channels;
    private Channel serverChannel;
    private volatile boolean stopping;

    /**
     * @param server  the RTMP server whose live paths are served
     * @param options its options: host, httpPort, httpAllowOrigin and the play settings
     */
    public HttpListener(RtmpServer server, RtmpServerOptions options) {
        this.server = server;
        this.options = options;
        this.hlsStreams = new HlsStreams(options.hlsSegmentCount());
        this.hlsPackager = new HlsPackager(server, options, hlsStreams);
    }

    /** The HLS streams this listener serves at {@code /<app>/<key>/index.m3u8}, by live path. */
    public HlsStreams hlsStreams() {
        return hlsStreams;
    }

    /**
     * Binds the listener.
     *
     * @throws BindException when the address cannot be listened on (the listener starts no thread of its own)
     */
    public synchronized void start() throws BindException, InterruptedException {
        channels = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = server.bootstrapBeside()
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        // the PROXY header's handlers (proxyProtocol) and the limiter RTMP and HTTP share
                        server.initConnection(ch.pipeline());
                        if (options.readTimeoutMillis() > 0) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(options.readTimeoutMillis(), 0, 0,
                                    TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast("codec", new HttpServerCodec(4096, MAX_HEADER_SIZE, 8192));
                        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(64 * 1024));
                        ch.pipeline().addLast("pipelining", new HttpPipelining());
                        ch.pipeline().addLast("hls", new HlsHandler(server, options, hlsPackager));
                        if (!options.hlsPlayerScript().isEmpty()) {
                            ch.pipeline().addLast("page", new PlayerPage(options));
                        }
                        ch.pipeline().addLast("flv", new HttpFlvHandler(HttpListener.this, server, options));
                    }
                });
        try {
            serverChannel = bootstrap.bind(options.host(), options.httpPort()).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            BindException failed = new BindException("Cannot listen for HTTP on " + host + ":" + options.httpPort()
                    + ": " + (e.getMessage() != null ? e.getMessage() : e));
            failed.initCause(e);
            throw failed;
        }
        hlsPackager.start(serverChannel.eventLoop());
        LOG.info("HTTP server listening on {} (HTTP-FLV, LL-HLS)", serverChannel.localAddress());
    }

    /** Closes the listener and every connection (their plays end); returns once they are closed. */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        LOG.info("HTTP server on {} stopping", serverChannel.localAddress());
        stopping = true;
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        hlsPackager.stop();
        hlsStreams.clear();
        serverChannel = null;
    }

    /** Whether {@link #stop} closes the connections. */
    boolean stopping() {
        return stopping;
    }

    /** The bound address, or null when not started. */
    public InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }
}
