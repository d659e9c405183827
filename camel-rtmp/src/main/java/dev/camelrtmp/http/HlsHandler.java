package dev.camelrtmp.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.http.hls.HlsMultivariantWriter;
import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.http.hls.HlsStream.Outcome;
import dev.camelrtmp.http.hls.HlsStreams;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.server.PlayAuthorizer;
import dev.camelrtmp.server.PlayDecision;
import dev.camelrtmp.server.PlayRequest;
import dev.camelrtmp.server.ProxyProtocol;
import dev.camelrtmp.server.PublishRequest;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS requests of one keep-alive connection: {@code GET}/{@code HEAD} of {@code /<app>/<key>/index.m3u8}
 * (with blocking reload, {@code _HLS_msn} and {@code _HLS_part}), {@code init-<v>.mp4}, {@code seg-<msn>.m4s} and
 * {@code part-<msn>.<i>.m4s} from the listener's {@link HlsStreams} (the same files of a multitrack stream's
 * variants under {@code /<app>/<key>/v<track id>/}, where {@code index.m3u8} of the path is a multivariant
 * playlist); every other request goes on to the
 * {@link HttpFlvHandler}. The playlist is served to whoever may play the path over RTMP (play policy and authorizer,
 * asked once per connection and stream name); init segments, segments and parts to whoever asks for them.
 * <p>
 * Threading: owned by the connection's event loop; {@link HttpPipelining} hands it one request at a time. Waits
 * (blocking reload, a hinted part) are futures the publisher's thread completes, answered on the event loop, timed
 * out after three target durations with 503; an authorizer runs on the server's delivery executor.
 */
final class HlsHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HlsHandler.class);
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    static final String MEDIA_CACHE = "public, max-age=30";
    private static final int MAX_AUTHORIZED = 16;

    /** The request being answered: what the response needs once the request's buffers are released. */
    private record Asked(HlsUri uri, boolean head, boolean keepAlive, String query) {
    }

    private final RtmpServer server;
    private final RtmpServerOptions options;
    private final HlsPackager packager;
    /** Stream names (path and query without _HLS_ directives) this connection may play. */
    private final Set<String> authorized = new HashSet<>();
    private String clientAddress;
    /** Forgets the wait of the request waiting now (in the streams it waits on), or null. */
    private Runnable cancelWait;
    private CompletableFuture<Outcome> waiting;
    private ScheduledFuture<?> timer;

    HlsHandler(RtmpServer server, RtmpServerOptions options, HlsPackager packager) {
        this.server = server;
        this.options = options;
        this.packager = packager;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HlsUri uri = msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
                && (HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method()))
                ? HlsUri.parse(new QueryStringDecoder(request.uri()).path()) : null;
        if (uri == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        Asked asked = new Asked(uri, HttpMethod.HEAD.equals(request.method()), HttpUtil.isKeepAlive(request),
                new QueryStringDecoder(request.uri()).rawQuery());
        ReferenceCountUtil.release(request);
        if (clientAddress == null) {
            clientAddress = ProxyProtocol.clientAddress(ctx.channel());
        }
        if (uri.kind() == HlsUri.Kind.PLAYLIST) {
            playlist(ctx, asked); // packaged from the first authorized playlist request on
            return;
        }
        HlsStream stream = packager.touch(uri.path());
        if (stream == null) {
            text(ctx, asked, HttpResponseStatus.NOT_FOUND, "No HLS stream " + uri.path() + ".");
            return;
        }
        switch (uri.kind()) {
            case INIT -> {
                byte[] init = stream.initSegment((int) uri.number());
                media(ctx, asked, init == null ? null : new byte[][] {init}, "video/mp4");
            }
            case SEGMENT -> {
                List<byte[]> data = stream.segment(uri.number());
                media(ctx, asked, data == null ? null : data.toArray(new byte[0][]), "video/iso.segment");
            }
            case PART -> part(ctx, asked, stream);
            default -> throw new IllegalStateException();
        }
    }

    private void playlist(ChannelHandlerContext ctx, Asked request) {
        HlsUri variant = request.uri().asVariant();
        // app/key/v<id>/index.m3u8 of a published app/key is the variant, not a key "v<id>" of app "app/key"
        Asked asked = variant != null && (packager.packaged(variant.path()) || server.published(variant.path()))
                ? new Asked(variant, request.head(), request.keepAlive(), request.query()) : request;
        QueryStringDecoder query = new QueryStringDecoder(asked.query(), false);
        Map<String, List<String>> parameters = query.parameters();
        long msn = directive(parameters, "_HLS_msn");
        long part = directive(parameters, "_HLS_part");
        if (msn == -2 || part == -2 || part >= 0 && msn < 0 || part > Integer.MAX_VALUE) {
            text(ctx, asked, HttpResponseStatus.BAD_REQUEST,
                    "_HLS_msn and _HLS_part must be numbers; _HLS_part needs _HLS_msn.");
            return;
        }
        HlsUri uri = asked.uri();
        String problem = options.nameProblem(uri.path() + (asked.query().isEmpty() ? "" : "?" + asked.query()),
                uri.key());
        if (problem != null) {
            LOG.warn("Refused HLS play from {} of {}: stream name {}", clientAddress, LogSafe.of(uri.path()), problem);
            text(ctx, asked, HttpResponseStatus.NOT_FOUND, "Stream '" + uri.key() + "' is not served on application '"
                    + uri.application() + "'.");
            return;
        }
        PublishTarget served = server.playTarget(uri.application(), uri.key());
        if (served == null) {
            text(ctx, asked, HttpResponseStatus.NOT_FOUND, "Stream '" + uri.key() + "' is not served on application '"
                    + uri.application() + "'.");
            return;
        }
        if (!served.play().allowed()) {
            refuse(ctx, asked, "Playing is not allowed on application '" + uri.application() + "'.", "play=false");
            return;
        }
        String streamName = streamName(uri.key(), asked.query());
        PlayAuthorizer authorizer = served.play().authorizer();
        if (authorizer == null || authorized.contains(uri.application() + "/" + streamName)) {
            awaitPlaylist(ctx, asked, msn, (int) part);
            return;
        }
        PlayRequest playRequest = new PlayRequest(uri.application(), uri.key(), streamName,
                PublishRequest.query(streamName), Map.of(), clientAddress);
        HttpPlayAuthorization.authorize(server.deliveryExecutor(), ctx, authorizer, playRequest, "HLS", uri.path(),
                decision -> decided(ctx, asked, decision, streamName, msn, (int) part), () -> { });
    }

    /** Answers the playlist request once the authorizer decided (on the event loop). */
    private void decided(ChannelHandlerContext ctx, Asked asked, PlayDecision decision,
            String streamName, long msn, int part) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!decision.allowed()) {
            refuse(ctx, asked, decision.description(), "refused by the authorizer");
            return;
        }
        if (authorized.size() >= MAX_AUTHORIZED) {
            authorized.clear();
        }
        authorized.add(asked.uri().application() + "/" + streamName);
        awaitPlaylist(ctx, asked, msn, part);
    }

    private void awaitPlaylist(ChannelHandlerContext ctx, Asked asked, long msn, int part) {
        HlsUri uri = asked.uri();
        if (uri.variant() >= 0) {
            HlsStream stream = packager.openVariant(uri.path(), uri.variant());
            if (stream == null) {
                text(ctx, asked, HttpResponseStatus.NOT_FOUND, "No variant " + uri.variant() + " of " + uri.path()
                        + ".");
            } else {
                awaitMediaPlaylist(ctx, asked, stream, msn, part);
            }
            return;
        }
        HlsPackager.Opened opened = packager.open(uri.path());
        if (opened == null) {
            text(ctx, asked, HttpResponseStatus.NOT_FOUND, "Nobody publishes " + uri.path() + ".");
        } else if (opened.media() != null) {
            awaitMediaPlaylist(ctx, asked, opened.media(), msn, part);
        } else {
            awaitMultivariant(ctx, asked, opened.variants());
        }
    }

    /**
     * Answers the multivariant playlist once every variant has a complete segment (its codecs, size and bit rate
     * are known), or, after the wait's time, with the variants that have a playlist by then (503 when none has).
     */
    private void awaitMultivariant(ChannelHandlerContext ctx, Asked asked,
            List<HlsMultivariantWriter.Variant> variants) {
        List<CompletableFuture<Outcome>> waits = new ArrayList<>(variants.size());
        long timeout = 0;
        for (HlsMultivariantWriter.Variant variant : variants) {
            waits.add(variant.stream().awaitPlaylist(-1, -1));
            timeout = Math.max(timeout, variant.stream().blockTimeoutMillis());
        }
        CompletableFuture<Outcome> all = new CompletableFuture<>();
        CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).whenComplete((done, failure) -> all
                .complete(Outcome.READY));
        Runnable cancel = () -> {
            for (int i = 0; i < waits.size(); i++) {
                variants.get(i).stream().cancel(waits.get(i));
            }
        };
        // out of time, the variants there are are listed: the wait ends READY either way
        await(ctx, asked, timeout, all, Outcome.READY, cancel, () -> {
            List<HlsMultivariantWriter.Variant> listed = new ArrayList<>(variants.size());
            for (HlsMultivariantWriter.Variant variant : variants) {
                if (variant.stream().playlist() != null) {
                    listed.add(variant);
                }
            }
            if (listed.isEmpty()) {
                notYet(ctx, asked);
            } else {
                send(ctx, asked, HttpResponseStatus.OK, PLAYLIST_TYPE, "no-cache",
                        HlsMultivariantWriter.write(listed).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private void awaitMediaPlaylist(ChannelHandlerContext ctx, Asked asked, HlsStream stream, long msn, int part) {
        await(ctx, asked, stream, stream.awaitPlaylist(msn, part), () -> {
            byte[] playlist = stream.playlist();
            if (playlist == null) {
                text(ctx, asked, HttpResponseStatus.NOT_FOUND, "No HLS stream " + asked.uri().path() + ".");
            } else {
                send(ctx, asked, HttpResponseStatus.OK, PLAYLIST_TYPE, "no-cache", playlist);
            }
        });
    }

    private void part(ChannelHandlerContext ctx, Asked asked, HlsStream stream) {
        HlsUri uri = asked.uri();
        byte[] data = stream.part(uri.number(), uri.part());
        if (data != null) {
            media(ctx, asked, new byte[][] {data}, "video/iso.segment");
            return;
        }
        await(ctx, asked, stream, stream.awaitPart(uri.number(), uri.part()), () -> {
            byte[] arrived = stream.part(uri.number(), uri.part());
            media(ctx, asked, arrived == null ? null : new byte[][] {arrived}, "video/iso.segment");
        });
    }

    /** Answers once the wait is over: {@code ready} when READY, else 404, 400 or 503. */
    private void await(ChannelHandlerContext ctx, Asked asked, HlsStream stream, CompletableFuture<Outcome> wait,
            Runnable ready) {
        await(ctx, asked, stream.blockTimeoutMillis(), wait, Outcome.TIMEOUT, () -> stream.cancel(wait), ready);
    }

    /**
     * Answers once the wait is over or it timed out ({@code timedOut} then): {@code ready} when READY, else 404,
     * 400 or 503; {@code cancel} forgets the wait where it was registered.
     */
    private void await(ChannelHandlerContext ctx, Asked asked, long timeoutMillis, CompletableFuture<Outcome> wait,
            Outcome timedOut, Runnable cancel, Runnable ready) {
        if (!wait.isDone()) {
            cancelWait = cancel;
            waiting = wait;
            timer = ctx.executor().schedule(() -> {
                if (wait.complete(timedOut)) {
                    cancel.run();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        wait.whenCompleteAsync((outcome, failure) -> {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            waiting = null;
            cancelWait = null;
            if (!ctx.channel().isActive()) {
                return;
            }
            switch (outcome) {
                case READY -> ready.run();
                case TOO_FAR -> text(ctx, asked, HttpResponseStatus.BAD_REQUEST,
                        "_HLS_msn or _HLS_part is too far ahead of the live edge.");
                case TIMEOUT -> notYet(ctx, asked);
                default -> text(ctx, asked, HttpResponseStatus.NOT_FOUND, "Not in the stream.");
            }
        }, ctx.executor());
    }

    /** 503 with Retry-After: what was asked for is not there yet. */
    private void notYet(ChannelHandlerContext ctx, Asked asked) {
        FullHttpResponse response = response(asked, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "text/plain; charset=utf-8", "no-cache", bytes("Not there yet; ask again."));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        write(ctx, asked, response);
    }

    private void media(ChannelHandlerContext ctx, Asked asked, byte[][] data, String type) {
        if (data == null) {
            text(ctx, asked, HttpResponseStatus.NOT_FOUND, "Not in the stream (any more).");
            return;
        }
        send(ctx, asked, HttpResponseStatus.OK, type, MEDIA_CACHE, data);
    }

    private void refuse(ChannelHandlerContext ctx, Asked asked, String description, String why) {
        LOG.warn("Refused HLS play from {} of {}: {} ({})", clientAddress, LogSafe.of(asked.uri().path()), why,
                LogSafe.of(description));
        text(ctx, asked, HttpResponseStatus.FORBIDDEN, description == null ? "Forbidden." : description);
    }

    private void text(ChannelHandlerContext ctx, Asked asked, HttpResponseStatus status, String text) {
        LOG.debug("HLS request from {} for {}: {}", clientAddress, LogSafe.of(asked.uri().path()), status);
        send(ctx, asked, status, "text/plain; charset=utf-8", "no-cache", bytes(text));
    }

    private void send(ChannelHandlerContext ctx, Asked asked, HttpResponseStatus status, String type, String cache,
            byte[]... body) {
        write(ctx, asked, response(asked, status, type, cache, body));
    }

    private FullHttpResponse response(Asked asked, HttpResponseStatus status, String type, String cache,
            byte[]... body) {
        long length = 0;
        for (byte[] chunk : body) {
            length += chunk.length;
        }
        ByteBuf content = asked.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, cache);
        HttpUtil.setContentLength(response, length);
        HttpCors.add(response.headers(), options.httpAllowOrigin());
        return response;
    }

    private static void write(ChannelHandlerContext ctx, Asked asked, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, asked.keepAlive());
        var written = ctx.writeAndFlush(response);
        if (!asked.keepAlive()) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (waiting != null) {
            cancelWait.run();
            waiting.complete(Outcome.TIMEOUT); // answered nowhere: the connection is closed
        }
        super.channelInactive(ctx);
    }

    /** A directive's value: -1 when absent, -2 when not a number. */
    private static long directive(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return -1;
        }
        String value = values.get(0);
        long number = HlsUri.number(value, 0, value.length());
        return number < 0 ? -2 : number;
    }

    /** The key with the request's query minus the _HLS_ directives: what an authorizer sees as the name. */
    static String streamName(String key, String rawQuery) {
        StringBuilder query = new StringBuilder();
        for (String parameter : rawQuery.split("&")) {
            if (!parameter.isEmpty() && !parameter.startsWith("_HLS_")) {
                query.append(query.length() == 0 ? "" : "&").append(parameter);
            }
        }
        return query.length() == 0 ? key : key + "?" + query;
    }

    private static byte[] bytes(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
