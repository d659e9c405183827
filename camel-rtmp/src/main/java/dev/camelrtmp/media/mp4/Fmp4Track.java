package dev.camelrtmp.media.mp4;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One track of a {@link Fmp4Fragmenter}: its configuration and the samples not yet in a fragment. A sample's duration
 * is the distance to its successor's decode time, so the last sample waits for the next one (or for the end).
 */
final class Fmp4Track {

    /** A sample as it arrived: data, FLV decode time (and in ticks), composition offset in ms, sync or not. */
    private record Pending(byte[] data, long dtsMillis, long decodeTime, int ctsMillis, boolean sync) {
    }

    /** A sample ready for a fragment, times in the track's timescale. */
    record Sample(byte[] data, long dtsMillis, long decodeTime, long duration, long compositionOffset, boolean sync) {
    }

    final int trackId;
    TrackConfig config;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long lastDtsMillis = Long.MIN_VALUE;
    private long lastDecodeTime = Long.MIN_VALUE;
    private long lastDuration;

    Fmp4Track(int trackId, TrackConfig config) {
        this.trackId = trackId;
        this.config = config;
    }

    boolean video() {
        return config.video();
    }

    /**
     * Queues a sample; a decode time earlier than the previous one's is raised to it. Where the codec has a fixed
     * frame length ({@code frameTicks} > 0, AAC's 1024 samples), a sample within a millisecond of where the previous
     * one ends starts exactly there, so that durations do not jitter with the FLV timestamps' rounding to ms.
     */
    void add(byte[] data, long dtsMillis, int ctsMillis, boolean sync, int frameTicks) {
        long dts = Math.max(Math.max(0, dtsMillis), lastDtsMillis);
        lastDtsMillis = dts;
        long time = ticks(dts);
        if (lastDecodeTime != Long.MIN_VALUE) {
            long expected = lastDecodeTime + frameTicks;
            if (frameTicks > 0 && Math.abs(expected - time) <= config.timescale() / 1000 + 1) {
                time = expected;
            }
            time = Math.max(time, lastDecodeTime);
        }
        lastDecodeTime = time;
        pending.add(new Pending(data, dts, time, ctsMillis, sync));
    }

    private long ticks(long millis) {
        return Math.floorDiv(millis * config.timescale(), 1000L);
    }

    /**
     * Takes the samples whose duration is known (all but the last, or all when {@code flush}) and whose decode time is
     * before {@code beforeMillis}.
     */
    List<Sample> take(long beforeMillis, boolean flush) {
        List<Sample> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Pending p = pending.peek();
            if (p.dtsMillis() >= beforeMillis || (pending.size() == 1 && !flush)) {
                break;
            }
            pending.poll();
            Pending next = pending.peek();
            long start = p.decodeTime();
            long duration;
            if (next != null) {
                duration = next.decodeTime() - start;
            } else {
                duration = lastDuration > 0 ? lastDuration : config.timescale() / 50;
            }
            lastDuration = duration;
            out.add(new Sample(p.data(), p.dtsMillis(), start, duration, ticks(p.ctsMillis()), p.sync()));
        }
        return out;
    }

    /** Whether samples wait. */
    boolean hasPending() {
        return !pending.isEmpty();
    }
}
