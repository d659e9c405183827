package dev.camelrtmp.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.http.hls.HlsMultivariantWriter;
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
 * A path whose start sequence has sequence headers of more than one video track (Enhanced RTMP multitrack) is
 * packaged as variants instead: one stream per video track at {@code app/key/v<track id>}, each with that video
 * track and the lowest audio track, and the path's playlist is a multivariant one. The track set is read once, when
 * packaging starts; tracks that appear later are not added (the lowest-track rule of {@link HlsSink} applies).
 * <p>
 * Threading: {@link #open} and {@link #touch} from event loops; the sweep runs on one event loop of the listener.
 */
final class HlsPackager {

    private static final Logger LOG = LoggerFactory.getLogger(HlsPackager.class);
    /** The prefix of a variant's directory: {@code v<track id>}. */
    static final String VARIANT_PREFIX = "v";

    /** One packaged stream of a path: the path's own, or one variant (a video track) of it. */
    private record Rendition(int videoTrackId, HlsStream stream, HlsSink sink) {
    }

    /** A path being packaged and when it was last asked for ({@link System#nanoTime}). */
    private static final class Packaging {
        /** One rendition (the path's stream, lowest tracks) or, multivariant, one per video track. */
        final List<Rendition> renditions;
        final boolean multivariant;
        volatile long lastRequest = System.nanoTime();

        Packaging(List<Rendition> renditions, boolean multivariant) {
            this.renditions = renditions;
            this.multivariant = multivariant;
        }

        long sent() {
            long sent = 0;
            for (Rendition rendition : renditions) {
                sent += rendition.sink().sent();
            }
            return sent;
        }
    }

    /**
     * What a path's playlist request gets: its media playlist's stream, or the variants of a multivariant playlist.
     *
     * @param media    the stream of the path, or null when it has variants
     * @param variants the variants (URIs relative to the path's playlist), or null
     */
    record Opened(HlsStream media, List<HlsMultivariantWriter.Variant> variants) {
    }

    private final RtmpServer server;
    private final RtmpServerOptions options;
    private final HlsStreams streams;
    private final Map<String, Packaging> packaged = new ConcurrentHashMap<>();
    /** The packaging of each variant's stream path ({@code app/key/v<id>}). */
    private final Map<String, Packaging> variants = new ConcurrentHashMap<>();
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

    /** The stream path of a path's variant of video track {@code trackId}: {@code app/key/v<id>}. */
    static String variantPath(String path, int trackId) {
        return path + "/" + VARIANT_PREFIX + trackId;
    }

    /**
     * The stream(s) of {@code path}, packaged from now on if it was not and somebody publishes it; null when nobody
     * does (a request for any key must not make anything). A stream that something else feeds (made with
     * {@link HlsStreams#create} directly) is served as it is.
     */
    Opened open(String path) {
        if (!packaged.containsKey(path)) {
            HlsStream fed = streams.stream(path);
            if (fed != null) {
                return new Opened(fed, null);
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
                packaging = startPackaging(path);
                packaged.put(path, packaging);
                made = true;
            }
        }
        if (made) {
            // outside any lock: joining replays the GOP cache into each sink, which muxes it
            for (Rendition rendition : packaging.renditions) {
                server.addSink(path, rendition.sink());
            }
        }
        packaging.lastRequest = System.nanoTime();
        if (!packaging.multivariant) {
            return new Opened(packaging.renditions.get(0).stream(), null);
        }
        List<HlsMultivariantWriter.Variant> list = new ArrayList<>(packaging.renditions.size());
        for (Rendition rendition : packaging.renditions) {
            list.add(new HlsMultivariantWriter.Variant(VARIANT_PREFIX + rendition.videoTrackId() + "/"
                    + HlsUri.PLAYLIST_NAME, rendition.stream()));
        }
        return new Opened(null, list);
    }

    /**
     * The stream of the variant of video track {@code trackId} of {@code path}, packaging the path from now on if
     * it was not and somebody publishes it; null when the path has no such variant.
     */
    HlsStream openVariant(String path, int trackId) {
        Opened opened = open(path);
        return opened == null || opened.variants() == null ? null : touch(variantPath(path, trackId));
    }

    /** Whether {@code path} is packaged now. */
    boolean packaged(String path) {
        return packaged.containsKey(path);
    }

    /**
     * The stream at {@code streamPath} (a path, or a variant's {@code app/key/v<id>}) when it is packaged (the
     * request counts as use) or fed, else null. A path packaged as variants has no stream of its own.
     */
    HlsStream touch(String streamPath) {
        Packaging packaging = packaged.get(streamPath);
        if (packaging != null) {
            packaging.lastRequest = System.nanoTime();
            return packaging.multivariant ? null : packaging.renditions.get(0).stream();
        }
        packaging = variants.get(streamPath);
        if (packaging == null) {
            return streams.stream(streamPath);
        }
        packaging.lastRequest = System.nanoTime();
        for (Rendition rendition : packaging.renditions) {
            if (rendition.stream().path().equals(streamPath)) {
                return rendition.stream();
            }
        }
        return null;
    }

    /** Learns the path's video tracks from its start sequence and makes one stream and sink per rendition. */
    private Packaging startPackaging(String path) {
        HlsTrackProbe probe = new HlsTrackProbe();
        server.addSink(path, probe);
        server.removeSink(path, probe);
        Set<Integer> tracks = probe.videoTracks();
        long part = options.hlsPartDurationMillis();
        long segment = options.hlsSegmentDurationMillis();
        Packaging packaging;
        if (tracks.size() < 2) {
            HlsStream stream = streams.create(path, part);
            packaging = new Packaging(List.of(new Rendition(-1, stream, new HlsSink(stream, part, segment))),
                    false);
            LOG.info("HLS packaging started: {}", LogSafe.of(path));
        } else {
            List<Rendition> renditions = new ArrayList<>(tracks.size());
            for (int track : tracks) {
                HlsStream stream = streams.create(variantPath(path, track), part);
                renditions.add(new Rendition(track, stream, new HlsSink(stream, part, segment, track)));
            }
            packaging = new Packaging(List.copyOf(renditions), true);
            for (Rendition rendition : renditions) {
                variants.put(rendition.stream().path(), packaging);
            }
            LOG.info("HLS packaging started: {} as {} variants (video tracks {})", LogSafe.of(path),
                    renditions.size(), tracks);
        }
        return packaging;
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
        for (Rendition rendition : packaging.renditions) {
            server.removeSink(path, rendition.sink());
            variants.remove(rendition.stream().path(), packaging);
            streams.remove(rendition.stream().path(), rendition.stream());
        }
        LOG.info("HLS packaging stopped: {} ({}; {} messages packaged)", LogSafe.of(path), why, packaging.sent());
    }
}
