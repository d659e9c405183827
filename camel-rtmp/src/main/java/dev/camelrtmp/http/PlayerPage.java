package dev.camelrtmp.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.camelrtmp.server.RtmpServerOptions;
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

/**
 * The player page at {@code /} (and {@code /index.html}): plays {@code ?stream=<app>/<key>} as LL-HLS with hls.js
 * (from {@code hlsPlayerScript}; the default CDN copy with its Subresource Integrity hash), or natively where the browser plays HLS itself; {@code ?server=<origin>} plays
 * from another listener. Other requests go on.
 * <p>
 * Threading: the connection's event loop.
 */
final class PlayerPage extends ChannelInboundHandlerAdapter {

    private static final String TEMPLATE = load();

    private final byte[] page;

    PlayerPage(RtmpServerOptions options) {
        String script = options.hlsPlayerScript();
        // the default CDN copy is pinned by its hash: a changed file is refused by the browser
        String integrity = RtmpServerOptions.DEFAULT_HLS_PLAYER_SCRIPT.equals(script)
                ? " integrity=\"" + RtmpServerOptions.DEFAULT_HLS_PLAYER_SCRIPT_INTEGRITY + "\" crossorigin=\"anonymous\""
                : "";
        this.page = TEMPLATE.replace("{{HLS_JS}}\"", escape(script) + "\"" + integrity)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.decoderResult().isSuccess()
                || !(HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method()))) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals("/") && !path.equals("/index.html")) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ReferenceCountUtil.release(request);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(page));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setContentLength(response, page.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String escape(String url) {
        return url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String load() {
        try (InputStream in = PlayerPage.class.getResourceAsStream("player.html")) {
            if (in == null) {
                throw new IllegalStateException("player.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
