package dev.camelrtmp.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.http.hls.HlsStreams;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packages live paths as LL-HLS on demand: the first playlist request for a path makes its {@link HlsStream} and
 * joins an {@link HlsSink} to the path like a player (so packaging starts at the GOP cache, and the first segment is
 * there at once); a path nobody has asked anything for {@code hlsIdleTimeout} is let go. Streams nobody watches over
 * HLS cost nothing: no fragments, no segment window.
 * <p>
 * Threading: {@link #open} and {@link #touch} from event loops; the sweep runs on one event loop of the listener.
 */
final class HlsPackager {

    private static final Logger LOG = LoggerFactory.getLogger(HlsPackager.class);

    /** A path being packaged and when it was last asked for ({@link System#nanoTime}). */
    private static final class Packaging {
        final HlsStream stream;
        final HlsSink sink;
        volatile long lastRequest = System.nanoTime();

        Packaging(HlsStream stream, HlsSink sink) {
            this.stream = stream;
            this.sink = sink;
        }
    }

    private final RtmpServer server;
    private final RtmpServerOptions options;
    private final HlsStreams streams;
    private final Map<String, Packaging> packaged = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweep;

    HlsPackager(RtmpServer server, RtmpServerOptions options, HlsStreams streams) {
        this.server = server;
        this.options = options;
        this.streams = streams;
    }

    /** Starts letting idle paths go, checked every second (or a quarter of the idle timeout) on {@code loop}. */
    void start(EventExecutor loop) {
        long interval = Math.max(50, Math.min(1000, options.hlsIdleTimeoutMillis() / 4));
        sweep = loop.scheduleAtFixedRate(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * The stream of {@code path}, packaged from now on if it was not and somebody publishes it; null when nobody
     * does (a request for any key must not make anything). A stream that something else feeds (made with
     * {@link HlsStreams#create} directly) is served as it is.
     */
    HlsStream open(String path) {
        if (!packaged.containsKey(path)) {
            HlsStream fed = streams.stream(path);
            if (fed != null) {
                return fed;
            }
            if (!server.published(path)) {
                return null;
            }
        }
        Packaging packaging;
        boolean made = false;
        synchronized (this) { // rare: once per packaged path
            packaging = packaged.get(path);
            if (packaging == null) {
                HlsStream stream = streams.create(path, options.hlsPartDurationMillis());
                packaging = new Packaging(stream, new HlsSink(stream, options.hlsPartDurationMillis(),
                        options.hlsSegmentDurationMillis()));
                packaged.put(path, packaging);
                made = true;
            }
        }
        if (made) {
            LOG.info("HLS packaging started: {}", LogSafe.of(path));
            // outside any lock: joining replays the GOP cache into the sink
            server.addSink(path, packaging.sink);
        }
        packaging.lastRequest = System.nanoTime();
        return packaging.stream;
    }

    /** The stream of {@code path} when it is packaged (the request counts as use) or fed, else null. */
    HlsStream touch(String path) {
        Packaging packaging = packaged.get(path);
        if (packaging == null) {
            return streams.stream(path);
        }
        packaging.lastRequest = System.nanoTime();
        return packaging.stream;
    }

    private void sweep() {
        long idle = TimeUnit.MILLISECONDS.toNanos(options.hlsIdleTimeoutMillis());
        long now = System.nanoTime();
        for (Map.Entry<String, Packaging> entry : packaged.entrySet()) {
            Packaging packaging = entry.getValue();
            if (now - packaging.lastRequest >= idle && packaged.remove(entry.getKey(), packaging)) {
                release(entry.getKey(), packaging, "no request for " + options.hlsIdleTimeoutMillis() + " ms");
            }
        }
    }

    /** Lets every path go (the listener stops). */
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        for (Map.Entry<String, Packaging> entry : packaged.entrySet()) {
            if (packaged.remove(entry.getKey(), entry.getValue())) {
                release(entry.getKey(), entry.getValue(), "listener stopped");
            }
        }
    }

    private void release(String path, Packaging packaging, String why) {
        server.removeSink(path, packaging.sink);
        streams.remove(path, packaging.stream);
        LOG.info("HLS packaging stopped: {} ({}; {} messages packaged)", LogSafe.of(path), why,
                packaging.sink.sent());
    }
}
