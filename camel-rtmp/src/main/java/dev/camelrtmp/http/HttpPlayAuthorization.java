package dev.camelrtmp.http;

import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.server.PlayAuthorizer;
import dev.camelrtmp.server.PlayDecision;
import dev.camelrtmp.server.PlayRequest;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a path's play authorizer for an HTTP request off the event loop and hands the decision back to the
 * connection's event loop. A throwing authorizer (one WARN line) or one that answers null denies. When the listener
 * is stopping and the decision cannot be handed back, {@code abandoned} runs instead (on whichever thread noticed).
 */
final class HttpPlayAuthorization {

    private static final Logger LOG = LoggerFactory.getLogger(HttpPlayAuthorization.class);

    private HttpPlayAuthorization() {
    }

    /**
     * @param output    what is played, for the log ("HLS", "HTTP-FLV")
     * @param path      the stream's path, for the log
     * @param decided   runs on the connection's event loop with the decision (never null)
     * @param abandoned runs when no decision will be handed back (the listener stopped); the connection is closed
     */
    static void authorize(Executor deliveryExecutor, ChannelHandlerContext ctx, PlayAuthorizer authorizer,
            PlayRequest request, String output, String path, Consumer<PlayDecision> decided, Runnable abandoned) {
        try {
            deliveryExecutor.execute(() -> {
                PlayDecision decision = ask(authorizer, request, output, path);
                try {
                    ctx.executor().execute(() -> decided.accept(decision));
                } catch (RejectedExecutionException stopped) {
                    abandoned.run(); // the listener stopped: the connection is closed with it
                }
            });
        } catch (RejectedExecutionException stopped) {
            abandoned.run();
            ctx.close();
        }
    }

    private static PlayDecision ask(PlayAuthorizer authorizer, PlayRequest request, String output, String path) {
        try {
            PlayDecision decision = authorizer.authorize(request);
            return decision != null ? decision : PlayDecision.deny(null, "No authorization decision.");
        } catch (RuntimeException | Error e) {
            LOG.warn("Authorizing the {} play of {} from {} failed; refused", output, LogSafe.of(path),
                    request.clientAddress(), e);
            return PlayDecision.deny(null, "Authorization failed.");
        }
    }
}
