package dev.camelrtmp.http.hls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HLS streams of one HTTP listener, by live path ({@code app/key}). A stream created again for a path goes on
 * with the sequence numbers and init versions where the removed one stopped (for the last {@value #REMEMBERED}
 * paths removed), so that a cache never mistakes a new segment for an old one of the same URI.
 */
public final class HlsStreams {

    static final int REMEMBERED = 4096;

    private record Counters(long nextMsn, int nextInitVersion) {
    }

    private final Map<String, HlsStream> streams = new ConcurrentHashMap<>();
    private final Map<String, Counters> removed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Counters> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final int segmentCount;

    /** @param segmentCount how many complete segments each stream's playlist keeps */
    public HlsStreams(int segmentCount) {
        if (segmentCount < 1) {
            throw new IllegalArgumentException("hlsSegmentCount must be at least 1, not " + segmentCount);
        }
        this.segmentCount = segmentCount;
    }

    /** The stream of a live path, or null. */
    public HlsStream stream(String path) {
        return streams.get(path);
    }

    /**
     * Creates the stream of a live path, replacing (and removing) one there was.
     *
     * @param partTargetMillis the part duration its muxer aims at
     */
    public HlsStream create(String path, long partTargetMillis) {
        HlsStream stream;
        synchronized (removed) {
            HlsStream old = streams.get(path);
            Counters counters = old != null ? new Counters(old.nextMsn(), old.nextInitVersion()) : removed.remove(path);
            stream = counters == null ? new HlsStream(path, partTargetMillis, segmentCount)
                    : new HlsStream(path, partTargetMillis, segmentCount, counters.nextMsn(),
                            counters.nextInitVersion(), System::currentTimeMillis);
            streams.put(path, stream);
            if (old != null) {
                old.close();
            }
        }
        return stream;
    }

    /** Removes the stream of a live path: its URIs answer 404, waiting requests too. */
    public void remove(String path) {
        synchronized (removed) {
            HlsStream old = streams.remove(path);
            if (old != null) {
                removed.put(path, new Counters(old.nextMsn(), old.nextInitVersion()));
                old.close();
            }
        }
    }

    /** Removes the stream of a live path if it is still {@code stream}. */
    public void remove(String path, HlsStream stream) {
        synchronized (removed) {
            if (streams.get(path) == stream) {
                remove(path);
            }
        }
    }

    /** Removes every stream. */
    public void clear() {
        synchronized (removed) {
            for (String path : streams.keySet()) {
                remove(path);
            }
        }
    }
}
