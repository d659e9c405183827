package dev.camelrtmp.http;

import java.util.ArrayDeque;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Hands a keep-alive connection's requests on one at a time: the next once the response to the previous one has
 * been written to its end, so that pipelined requests are answered in order even when an answer waits (a blocking
 * playlist reload). Stops reading while {@value #MAX_QUEUED} requests wait (their bodies dropped); no idle timeout
 * while one is answered.
 * Owned by the connection's event loop.
 */
final class HttpPipelining extends ChannelDuplexHandler {

    static final int MAX_QUEUED = 16;

    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
    private boolean answering;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (answering) {
            // no body is of use to GET, HEAD or OPTIONS: a waiting request keeps its head only
            queued.add(request.content().isReadable() ? withoutBody(request) : request);
            if (queued.size() >= MAX_QUEUED) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        answering = true;
        ctx.fireChannelRead(request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof LastHttpContent;
        ctx.write(msg, promise);
        if (last && answering) {
            answering = false;
            if (!queued.isEmpty()) {
                ctx.executor().execute(() -> next(ctx));
            }
        }
    }

    private static FullHttpRequest withoutBody(FullHttpRequest request) {
        try {
            return request.replace(Unpooled.EMPTY_BUFFER);
        } finally {
            request.release();
        }
    }

    private void next(ChannelHandlerContext ctx) {
        if (answering || queued.isEmpty()) {
            return;
        }
        if (!ctx.channel().isActive()) {
            releaseQueued();
            return;
        }
        FullHttpRequest request = queued.poll();
        if (queued.size() < MAX_QUEUED / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        answering = true;
        ctx.fireChannelRead(request);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && answering) {
            return; // the connection waits for an answer, not for the client
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseQueued();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueued();
    }

    private void releaseQueued() {
        FullHttpRequest request;
        while ((request = queued.poll()) != null) {
            ReferenceCountUtil.release(request);
        }
    }
}
