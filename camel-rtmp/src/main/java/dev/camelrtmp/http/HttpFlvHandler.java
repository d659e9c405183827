package dev.camelrtmp.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.server.PlayAuthorizer;
import dev.camelrtmp.server.PlayEndReason;
import dev.camelrtmp.server.PlayInfo;
import dev.camelrtmp.server.PlayRequest;
import dev.camelrtmp.server.PlayStats;
import dev.camelrtmp.server.ProxyProtocol;
import dev.camelrtmp.server.PublishRequest;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import dev.camelrtmp.server.StreamListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection: answers {@code OPTIONS} (CORS preflight), and {@code GET}/{@code HEAD} of
 * {@code /<app>/<key>.flv} with the live path as FLV, once the path's play policy and authorizer allow it: 404 when
 * no consumer or route serves the path, 403 when playing is refused. A play waits for the publisher like an RTMP
 * player; the response ends when the publisher does. Other requests get 404 or 405; a connection streams one play.
 * <p>
 * Threading: owned by the connection's event loop; an authorizer runs on the server's delivery executor and hands
 * its decision back, and the listener's calls run there too, the end of a play after its start.
 */
final class HttpFlvHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFlvHandler.class);
    private static final String SUFFIX = ".flv";

    private final HttpListener owner;
    private final RtmpServer server;
    private final RtmpServerOptions options;
    private String clientAddress;
    /** A request is being authorized or streamed: the connection takes no other. */
    private boolean busy;
    private HttpFlvSink sink;
    private String path;
    private PlayInfo info;
    private PublishTarget target;
    /** The listener's onPlayStart call; onPlayEnd runs after it. */
    private CompletableFuture<Void> started;
    private PlayEndReason endReason;
    private ScheduledFuture<?> check;
    /** System.nanoTime since when the reader waits for a publisher, or -1 while the path is published. */
    private long waitingSince = -1;

    HttpFlvHandler(HttpListener owner, RtmpServer server, RtmpServerOptions options) {
        this.owner = owner;
        this.server = server;
        this.options = options;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        clientAddress = ProxyProtocol.clientAddress(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            return; // a pipelined request after a play: the connection ends with the play
        }
        if (!request.decoderResult().isSuccess()) {
            LOG.warn("Closing HTTP connection from {}: bad request ({})", clientAddress,
                    LogSafe.of(request.decoderResult().cause()));
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "Bad request.", false);
            return;
        }
        HttpMethod method = request.method();
        if (HttpMethod.OPTIONS.equals(method)) {
            preflight(ctx, request);
            return;
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            FullHttpResponse response = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "Use GET.");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            send(ctx, request, response);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String requested = uri.path();
        int slash = requested.lastIndexOf('/');
        if (slash <= 1 || !requested.endsWith(SUFFIX) || requested.length() - SUFFIX.length() <= slash + 1) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND,
                    "Not found: streams are at /<app>/<key>.flv and /<app>/<key>/index.m3u8.", true);
            return;
        }
        String application = requested.substring(1, slash);
        String key = requested.substring(slash + 1, requested.length() - SUFFIX.length());
        String rawQuery = uri.rawQuery();
        String streamName = rawQuery.isEmpty() ? key : key + "?" + rawQuery;
        String problem = options.nameProblem(requested, key);
        PublishTarget served = problem != null ? null : server.playTarget(application, key);
        if (served == null) {
            LOG.warn("Refused HTTP-FLV play from {} of {}/{}: {}", clientAddress, LogSafe.of(application),
                    LogSafe.of(key), problem != null ? "stream name " + problem
                            : "no consumer or route serves that stream key");
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "Stream '" + key + "' is not served on application '"
                    + application + "'.", true);
            return;
        }
        PlayInfo play = new PlayInfo(application, key, streamName, clientAddress,
                "http-" + ctx.channel().id().asShortText(), 0, tcUrl(request, application), Map.of(),
                PlayInfo.HTTP_FLV);
        if (!served.play().allowed()) {
            refuse(ctx, request, play, "Playing is not allowed on application '" + application + "'.", "play=false");
            return;
        }
        PlayAuthorizer authorizer = served.play().authorizer();
        if (authorizer == null) {
            start(ctx, request, served, play);
            return;
        }
        busy = true;
        request.retain();
        PlayRequest playRequest = new PlayRequest(application, key, streamName, PublishRequest.query(streamName),
                Map.of(), clientAddress);
        HttpPlayAuthorization.authorize(server.deliveryExecutor(), ctx, authorizer, playRequest, "HTTP-FLV",
                play.path(), decision -> {
                    try {
                        busy = false;
                        if (!ctx.channel().isActive()) {
                            return;
                        }
                        if (decision.allowed()) {
                            start(ctx, request, served, play);
                        } else {
                            refuse(ctx, request, play, decision.description(), "refused by the authorizer");
                        }
                    } finally {
                        request.release();
                    }
                }, request::release);
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, PlayInfo play, String description,
            String why) {
        LOG.warn("Refused HTTP-FLV play from {} of {}: {} ({})", clientAddress, LogSafe.of(play.path()), why,
                LogSafe.of(description));
        respond(ctx, request, HttpResponseStatus.FORBIDDEN, description == null ? "Forbidden." : description, true);
    }

    /** The response head, then (now or once published) the FLV header and the live path as FLV tags. */
    private void start(ChannelHandlerContext ctx, FullHttpRequest request, PublishTarget served, PlayInfo play) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "video/x-flv");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        cors(headers);
        if (HttpMethod.HEAD.equals(request.method())) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.EMPTY_BUFFER, headers, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpUtil.setTransferEncodingChunked(response, true);
        busy = true;
        if (ctx.pipeline().get("idle") != null) {
            ctx.pipeline().remove("idle"); // a reader sends nothing while it plays
        }
        ctx.write(response); // the FLV header comes with the first message: its flags depend on it
        sink = new HttpFlvSink(ctx.channel(), options.playerMaxQueuedBytes());
        path = play.path();
        info = play;
        target = served;
        server.addSink(path, sink);
        waitingSince = server.published(path) ? -1 : System.nanoTime();
        ctx.flush(); // only now that the sink has joined: a reader that publishes on seeing the head misses nothing
        LOG.info("HTTP-FLV play started: {} to {} ({})", LogSafe.of(path), clientAddress, play.connectionId());
        StreamListener listener = served.listener();
        started = CompletableFuture.runAsync(() -> listener.onPlayStart(play), server.deliveryExecutor());
        armCheck(ctx);
    }

    private void armCheck(ChannelHandlerContext ctx) {
        if ((options.playerMaxDroppedFrames() > 0 || options.playIdleTimeoutMillis() > 0)
                && ctx.channel().isActive()) {
            long interval = 1000;
            if (options.playIdleTimeoutMillis() > 0) {
                interval = Math.min(interval, Math.max(50, options.playIdleTimeoutMillis() / 4));
            }
            check = ctx.executor().schedule(() -> check(ctx), interval, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Closes the connection when its reader fell so far behind that too many messages were dropped, or when it
     * waited longer than playIdleTimeout for a publisher.
     */
    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (sink == null) {
            return;
        }
        long idleTimeout = options.playIdleTimeoutMillis();
        if (idleTimeout > 0) {
            long now = System.nanoTime();
            if (server.published(path)) {
                waitingSince = -1;
            } else if (waitingSince < 0) {
                waitingSince = now;
            } else if (now - waitingSince >= TimeUnit.MILLISECONDS.toNanos(idleTimeout)) {
                LOG.warn("Closing HTTP-FLV connection from {} playing {}: nothing published for {} ms "
                        + "(playIdleTimeout)", clientAddress, LogSafe.of(path), idleTimeout);
                endReason = PlayEndReason.TIMEOUT;
                sink.end(); // the last chunk: the reader sees the file end
                return;
            }
        }
        long dropped = server.playStats(path, sink).messagesDropped();
        if (dropped > options.playerMaxDroppedFrames()) {
            LOG.warn("Closing HTTP-FLV connection from {} playing {}: {} messages dropped as the reader fell behind, "
                    + "more than {} (playerMaxDroppedFrames)", clientAddress, LogSafe.of(path), dropped,
                    options.playerMaxDroppedFrames());
            endReason = PlayEndReason.TOO_SLOW;
            ctx.close();
            return;
        }
        armCheck(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        if (sink != null) {
            PlayStats stats = server.removeSink(path, sink);
            sink.discardPending();
            PlayEndReason reason = endReason != null ? endReason
                    : owner.stopping() ? PlayEndReason.SERVER_STOPPED
                    : sink.endedByPublisher() ? PlayEndReason.UNPUBLISHED : PlayEndReason.CLIENT_CLOSED;
            LOG.info("HTTP-FLV play ended: {} to {} ({} messages sent, {} dropped as the reader fell behind; {})",
                    LogSafe.of(path), clientAddress, stats.messagesSent(), stats.messagesDropped(), reason);
            StreamListener listener = target.listener();
            PlayInfo play = info;
            started.whenCompleteAsync((done, failed) -> listener.onPlayEnd(play, reason, stats),
                    server.deliveryExecutor());
            sink = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ProxyProtocol.Accepted) {
            clientAddress = ProxyProtocol.clientAddress(ctx.channel()); // the PROXY header's, before any request
        }
        if (event instanceof IdleStateEvent) {
            LOG.warn("Closing HTTP connection from {}: no request for {} ms", clientAddress,
                    options.readTimeoutMillis());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isActive()) {
            // the writes queued when the connection closed fail one by one: nothing to tell
            LOG.trace("HTTP connection from {} closed: {}", clientAddress, LogSafe.of(cause.toString()));
        } else if (cause instanceof java.io.IOException) {
            // the reader went away (reset): not the server's concern
            LOG.debug("HTTP connection from {} failed: {}", clientAddress, LogSafe.of(cause.toString()));
        } else {
            LOG.warn("Closing HTTP connection from {}: {}", clientAddress, LogSafe.of(cause.toString()));
        }
        ctx.close();
    }

    /** Answers a CORS preflight: the methods and headers a player may use. */
    private void preflight(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        HttpHeaders headers = response.headers();
        cors(headers);
        if (!options.httpAllowOrigin().isEmpty()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS");
            String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            if (asked != null && !asked.isBlank()) {
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
            }
            headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
        }
        send(ctx, request, response);
    }

    private void cors(HttpHeaders headers) {
        HttpCors.add(headers, options.httpAllowOrigin());
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String text, boolean keepAlive) {
        FullHttpResponse response = response(request, status, text);
        if (!keepAlive) {
            HttpUtil.setKeepAlive(response, false);
        }
        send(ctx, request, response);
    }

    private FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String text) {
        byte[] body = HttpMethod.HEAD.equals(request.method()) ? new byte[0]
                : (text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(response, body.length);
        cors(response.headers());
        return response;
    }

    /** Sends a whole response; closes the connection after it unless both sides keep it alive. */
    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && HttpUtil.isKeepAlive(response);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String tcUrl(FullHttpRequest request, String application) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host == null ? null : "http://" + host + "/" + application;
    }
}
