package dev.camelrtmp.http.hls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live path as Low-Latency HLS (RFC 8216bis) out of already muxed fMP4: an init segment, then parts (each a
 * moof+mdat fragment) grouped into segments, of which the last {@code segmentCount} stay in memory. Fed by one
 * publisher thread ({@link #init}, {@link #addPart}, {@link #end}), read by HTTP event loops; every method is
 * thread-safe and returns at once. Requests for what is not there yet wait through futures that the feeding calls
 * complete ({@link #awaitPlaylist}, {@link #awaitPart}); the caller times them out.
 * <ul>
 * <li>URIs, relative to the playlist: {@code init-<v>.mp4}, {@code seg-<msn>.m4s}, {@code part-<msn>.<i>.m4s}.</li>
 * <li>A new init segment (other bytes than the current one) gets the next version: the segment after it starts with
 * {@code EXT-X-DISCONTINUITY} and its {@code EXT-X-MAP}.</li>
 * <li>{@link #end}: the publisher left. The open segment is completed, the preload hint goes and
 * {@code EXT-X-ENDLIST} is written, so players play to the end and stop, as an HTTP-FLV response ends with the
 * publish (a plain HLS player such as FFmpeg's would otherwise reload for ever, holding its last packets). When the
 * path is published again, the playlist goes on live without it, after a discontinuity, numbering going on.</li>
 * <li>{@code EXT-X-PROGRAM-DATE-TIME}: the wall clock of the first sample (arrival of the first part minus its
 * duration) at the first segment and after each discontinuity, then advanced by the segments' durations, so that it
 * agrees with EXTINF.</li>
 * <li>{@code EXT-X-TARGETDURATION} is the largest segment duration seen, rounded up, never lowered; PART-TARGET is
 * the configured part duration or the longest part seen, if longer.</li>
 * </ul>
 * A segment runs at most {@value #MAX_SEGMENT_MILLIS} ms or {@value #MAX_SEGMENT_PARTS} parts: past that the next
 * part starts one anyway. One variant only: no multivariant playlist yet. Delta updates ({@code _HLS_skip}) are not
 * offered.
 */
public final class HlsStream {

    /** How a wait for a playlist or part ended. */
    public enum Outcome {
        /** What was asked for is there (or something later). */
        READY,
        /** It will not come (the part was not made, fell out of the window, or the stream was removed). */
        NOT_FOUND,
        /** Asked too far ahead of the live edge (the server answers 400). */
        TOO_FAR,
        /** Set by the waiting side when it gave up. */
        TIMEOUT
    }

    private record Waiter(long msn, int part, boolean partFetch, CompletableFuture<Outcome> future) {
    }

    private record Settled(CompletableFuture<Outcome> future, Outcome outcome) {
    }

    /**
     * The stream as files, for a copy in a folder: the playlist and every file of the window it may name.
     *
     * @param playlist the media playlist (the same array until the stream changes)
     * @param firstMsn the oldest segment in the window
     * @param lastMsn  the newest segment (maybe open)
     * @param complete whether a segment is complete (players that ignore parts need one)
     * @param files    init segments, complete segments and parts of the window
     */
    public record Window(byte[] playlist, long firstMsn, long lastMsn, boolean complete, List<WindowFile> files) {
    }

    /**
     * One file of a {@link Window}, its bytes in pieces.
     *
     * @param name        the URI relative to the playlist
     * @param msn         its segment's sequence number (of a segment or part), or -1 for an init segment
     * @param initVersion the init segment it needs (or is)
     * @param data        its bytes, in order; never changed
     */
    public record WindowFile(String name, long msn, int initVersion, List<byte[]> data) {
    }

    /**
     * A segment is cut after this long even without a segment start, so that a stream with rare key frames cannot
     * grow one segment without bound (segments need not start with a key frame; players joining there wait for one).
     */
    static final long MAX_SEGMENT_MILLIS = 30_000;
    /** A segment is cut after this many parts even without a segment start. */
    static final int MAX_SEGMENT_PARTS = 600;
    private static final Logger LOG = LoggerFactory.getLogger(HlsStream.class);

    private final String path;
    private final long partTargetMillis;
    private final int segmentCount;
    private final LongSupplier clock;
    private final boolean blockingReload;
    private final List<HlsSegment> segments = new ArrayList<>();
    private final Map<Integer, byte[]> inits = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int initVersion;
    private int nextInitVersion;
    private String codecs;
    private int width;
    private int height;
    private long nextMsn;
    private boolean discontinuityPending;
    private long discontinuitySequence;
    private int targetDuration = 1;
    private long partTarget;
    private boolean ended;
    private boolean closed;
    private boolean cutWarned;
    private byte[] playlist;

    /**
     * @param path             the live path, {@code app/key}
     * @param partTargetMillis the duration the muxer aims at for each part (a part may be shorter)
     * @param segmentCount     how many complete segments the playlist keeps (at least 3 target durations' worth stay)
     */
    public HlsStream(String path, long partTargetMillis, int segmentCount) {
        this(path, partTargetMillis, segmentCount, true);
    }

    /**
     * @param path             the live path, {@code app/key}
     * @param partTargetMillis the duration the muxer aims at for each part (a part may be shorter)
     * @param segmentCount     how many complete segments the playlist keeps (at least 3 target durations' worth stay)
     * @param blockingReload   whether whoever serves the playlist answers blocking reloads and hinted parts (the
     *                         HTTP listener): {@code CAN-BLOCK-RELOAD=YES} and {@code EXT-X-PRELOAD-HINT} are
     *                         written only then (a file server cannot wait for what does not exist yet)
     */
    public HlsStream(String path, long partTargetMillis, int segmentCount, boolean blockingReload) {
        this(path, partTargetMillis, segmentCount, blockingReload, 0, 1);
    }

    /**
     * A stream whose numbers go on from an earlier one's, so that a URI never names other bytes than before.
     *
     * @param firstMsn         the sequence number of the first segment
     * @param firstInitVersion the version of the first init segment (at least 1)
     * @see #HlsStream(String, long, int, boolean)
     */
    public HlsStream(String path, long partTargetMillis, int segmentCount, boolean blockingReload, long firstMsn,
            int firstInitVersion) {
        this(path, partTargetMillis, segmentCount, firstMsn, firstInitVersion, System::currentTimeMillis,
                blockingReload);
    }

    HlsStream(String path, long partTargetMillis, int segmentCount, long firstMsn, int firstInitVersion,
            LongSupplier clock) {
        this(path, partTargetMillis, segmentCount, firstMsn, firstInitVersion, clock, true);
    }

    HlsStream(String path, long partTargetMillis, int segmentCount, long firstMsn, int firstInitVersion,
            LongSupplier clock, boolean blockingReload) {
        if (partTargetMillis <= 0 || segmentCount < 1) {
            throw new IllegalArgumentException("partTargetMillis and segmentCount must be positive");
        }
        this.path = Objects.requireNonNull(path);
        this.partTargetMillis = partTargetMillis;
        this.partTarget = partTargetMillis;
        this.segmentCount = segmentCount;
        this.nextMsn = firstMsn;
        this.nextInitVersion = firstInitVersion;
        this.clock = clock;
        this.blockingReload = blockingReload;
    }

    /**
     * Sets the init segment (ftyp+moov) that the following parts need. The same bytes again change nothing; other
     * bytes become the next version and start a new segment after a discontinuity.
     *
     * @param initSegment the init segment; not changed afterwards by the caller
     * @param codecs      the RFC 6381 codecs string (for a multivariant playlist)
     * @param width       the video width, 0 if none
     * @param height      the video height, 0 if none
     */
    public void init(byte[] initSegment, String codecs, int width, int height) {
        Objects.requireNonNull(initSegment);
        synchronized (this) {
            if (closed) {
                return;
            }
            this.codecs = codecs;
            this.width = width;
            this.height = height;
            if (initVersion != 0 && Arrays.equals(inits.get(initVersion), initSegment)) {
                return;
            }
            if (initVersion != 0) {
                discontinuityPending = true;
            }
            initVersion = nextInitVersion++;
            inits.put(initVersion, initSegment);
            dropUnusedInits();
            playlist = null;
        }
    }

    /**
     * Adds a part to the open segment, or starts a new segment with it.
     *
     * @param fragment       a moof+mdat fragment; not changed afterwards by the caller
     * @param durationMillis its duration
     * @param independent    whether it starts with a key frame (or holds audio only)
     * @param startsSegment  whether a new segment starts here (should be an independent part)
     * @throws IllegalStateException when no init segment was set
     */
    public void addPart(byte[] fragment, long durationMillis, boolean independent, boolean startsSegment) {
        Objects.requireNonNull(fragment);
        if (durationMillis < 0) {
            throw new IllegalArgumentException("negative part duration " + durationMillis);
        }
        List<Settled> done;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (initVersion == 0) {
                throw new IllegalStateException("HLS stream " + path + " has no init segment");
            }
            ended = false;
            HlsSegment open = open();
            boolean tooLong = open != null && (open.durationMillis >= MAX_SEGMENT_MILLIS
                    || open.parts.size() >= MAX_SEGMENT_PARTS);
            if (tooLong && !cutWarned) {
                cutWarned = true;
                LOG.warn("HLS stream {}: no segment start for {} ms ({} parts); cutting segments there (the stream "
                        + "has too few key frames for HLS)", path, open.durationMillis, open.parts.size());
            }
            if (open == null || startsSegment || tooLong || open.initVersion != initVersion) {
                open = startSegment(open, durationMillis);
            }
            open.add(new HlsSegment.Part(fragment, durationMillis, independent));
            partTarget = Math.max(partTarget, durationMillis);
            targetDuration = Math.max(targetDuration, (int) ((open.durationMillis + 999) / 1000));
            trimWindow();
            playlist = null;
            done = settleWaiters();
        }
        complete(done);
    }

    /**
     * The publisher left: the open segment is complete and no part is hinted. The next part (of a new publish)
     * starts a new segment after a discontinuity.
     */
    public void end() {
        List<Settled> done;
        synchronized (this) {
            HlsSegment open = open();
            if (open != null) {
                open.complete = true;
            }
            ended = true;
            discontinuityPending = !segments.isEmpty();
            playlist = null;
            done = settleWaiters();
        }
        complete(done);
    }

    /**
     * Another publish goes on without the last one having ended (it was taken over): the next part starts a new
     * segment after a discontinuity, and the playlist does not end.
     */
    public synchronized void discontinuity() {
        discontinuityPending = !segments.isEmpty();
    }

    /** Removes the stream: waiting requests get NOT_FOUND, the data goes. */
    void close() {
        List<Settled> done;
        synchronized (this) {
            closed = true;
            segments.clear();
            inits.clear();
            playlist = null;
            done = new ArrayList<>();
            for (Waiter waiter : waiters) {
                done.add(new Settled(waiter.future(), Outcome.NOT_FOUND));
            }
            waiters.clear();
        }
        complete(done);
    }

    /** The media playlist, or null before the first part. */
    public synchronized byte[] playlist() {
        if (closed || segments.isEmpty()) {
            return null;
        }
        if (playlist == null) {
            playlist = HlsPlaylistWriter.write(segments, targetDuration, partTarget, discontinuitySequence, ended,
                    blockingReload).getBytes(StandardCharsets.UTF_8);
        }
        return playlist;
    }

    /**
     * The playlist and the files of the window (init segments, complete segments, parts), or null before the first
     * part.
     */
    public synchronized Window window() {
        byte[] text = playlist();
        if (text == null) {
            return null;
        }
        List<WindowFile> files = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> init : inits.entrySet()) {
            files.add(new WindowFile(initName(init.getKey()), -1, init.getKey(), List.of(init.getValue())));
        }
        boolean complete = false;
        for (HlsSegment segment : segments) {
            for (int i = 0; i < segment.parts.size(); i++) {
                files.add(new WindowFile(partName(segment.msn, i), segment.msn, segment.initVersion,
                        List.of(segment.parts.get(i).data())));
            }
            if (segment.complete) {
                complete = true;
                files.add(new WindowFile(segmentName(segment.msn), segment.msn, segment.initVersion, segment.data()));
            }
        }
        return new Window(text, segments.get(0).msn, segments.get(segments.size() - 1).msn, complete, files);
    }

    /** An init segment still in use, or null. */
    public synchronized byte[] initSegment(int version) {
        return inits.get(version);
    }

    /** The fragments of a complete segment in the window, or null. */
    public synchronized List<byte[]> segment(long msn) {
        HlsSegment segment = find(msn);
        return segment == null || !segment.complete ? null : segment.data();
    }

    /** A part of a segment in the window, or null. */
    public synchronized byte[] part(long msn, int index) {
        HlsSegment segment = find(msn);
        return segment == null || index < 0 || index >= segment.parts.size() ? null
                : segment.parts.get(index).data();
    }

    /**
     * Waits until the playlist holds segment {@code msn} complete ({@code part} &lt; 0), or its part {@code part},
     * or anything later (blocking playlist reload); with {@code msn} &lt; 0 until it holds a complete segment.
     * TOO_FAR at once when {@code msn} is more than two segments past the last one, or the part more than the advance part limit
     * (3 s worth of parts) past the last part.
     */
    public CompletableFuture<Outcome> awaitPlaylist(long msn, int part) {
        return await(new Waiter(msn, part, false, new CompletableFuture<>()));
    }

    /**
     * Waits until part {@code index} of segment {@code msn} exists (a blocking preload hint request): READY then,
     * NOT_FOUND when it will not (a new segment started instead, or it is not the next part nor the first of the
     * next segment).
     */
    public CompletableFuture<Outcome> awaitPart(long msn, int index) {
        return await(new Waiter(msn, index, true, new CompletableFuture<>()));
    }

    /** Forgets a wait that its requester gave up. */
    public synchronized void cancel(CompletableFuture<Outcome> wait) {
        waiters.removeIf(waiter -> waiter.future() == wait);
    }

    /** How long a request should wait: three target durations. */
    public synchronized long blockTimeoutMillis() {
        boolean segmentComplete = segments.size() > 1 || !segments.isEmpty() && segments.get(0).complete;
        // until the first segment is complete (it lasts a GOP) a first request waits up to 10 s
        return segmentComplete ? 3_000L * targetDuration : Math.max(3_000L * targetDuration, 10_000L);
    }

    public String path() {
        return path;
    }

    public synchronized String codecs() {
        return codecs;
    }

    public synchronized int width() {
        return width;
    }

    public synchronized int height() {
        return height;
    }

    /**
     * The bit rates of the window for a multivariant playlist (bits per second): the peak of its complete segments
     * (BANDWIDTH) and their average (AVERAGE-BANDWIDTH); of the parts so far while no segment is complete; zeros
     * before anything lasted.
     */
    public synchronized BitRates bitRates() {
        long peak = 0;
        long bytes = 0;
        long millis = 0;
        for (HlsSegment segment : segments) {
            if (segment.complete && segment.durationMillis > 0) {
                peak = Math.max(peak, segment.bytes * 8_000 / segment.durationMillis);
                bytes += segment.bytes;
                millis += segment.durationMillis;
            }
        }
        if (millis == 0) {
            for (HlsSegment segment : segments) {
                bytes += segment.bytes;
                millis += segment.durationMillis;
            }
            peak = millis == 0 ? 0 : bytes * 8_000 / millis;
        }
        return new BitRates(peak, millis == 0 ? 0 : bytes * 8_000 / millis);
    }

    /**
     * Bit rates of a stream's segments.
     *
     * @param peak    the highest segment bit rate, bits per second
     * @param average the average over the window, bits per second
     */
    public record BitRates(long peak, long average) {
    }

    /** The sequence number the next segment gets. */
    synchronized long nextMsn() {
        return nextMsn;
    }

    /** The version the next init segment gets. */
    synchronized int nextInitVersion() {
        return nextInitVersion;
    }

    /** How many requests wait for this stream (blocking reloads and hinted parts). */
    public synchronized int waiting() {
        return waiters.size();
    }

    private CompletableFuture<Outcome> await(Waiter waiter) {
        synchronized (this) {
            Outcome now = tooFar(waiter) ? Outcome.TOO_FAR : check(waiter);
            if (now == null) {
                waiters.add(waiter);
                return waiter.future();
            }
            waiter.future().complete(now);
            return waiter.future();
        }
    }

    private boolean tooFar(Waiter waiter) {
        if (waiter.partFetch() || waiter.msn() < 0) {
            return false;
        }
        long newest = segments.isEmpty() ? nextMsn - 1 : segments.get(segments.size() - 1).msn;
        if (waiter.msn() > newest + 2) {
            return true;
        }
        HlsSegment open = open();
        if (waiter.part() >= 0 && open != null && waiter.msn() == open.msn) {
            long limit = partTarget < 1000 ? (3000 + partTarget - 1) / partTarget : 3;
            return waiter.part() > open.parts.size() - 1 + limit;
        }
        return false;
    }

    /** READY, NOT_FOUND, or null to go on waiting. */
    private Outcome check(Waiter waiter) {
        if (closed) {
            return Outcome.NOT_FOUND;
        }
        if (segments.isEmpty()) {
            return null;
        }
        long first = segments.get(0).msn;
        HlsSegment last = segments.get(segments.size() - 1);
        long msn = waiter.msn();
        int part = waiter.part();
        if (waiter.partFetch()) {
            HlsSegment segment = find(msn);
            if (segment != null && part >= 0 && part < segment.parts.size()) {
                return Outcome.READY;
            }
            boolean next = segment != null && !segment.complete && part == segment.parts.size()
                    || segment == null && msn == last.msn + 1 && part == 0;
            return next ? null : Outcome.NOT_FOUND;
        }
        if (msn < 0) {
            // a plain playlist request: once a segment is complete, since players that ignore parts (FFmpeg's)
            // give up on a playlist without one
            return segments.get(0).complete || segments.size() > 1 ? Outcome.READY : null;
        }
        if (msn < first || last.msn > msn) {
            return Outcome.READY; // something later is there
        }
        HlsSegment segment = find(msn);
        if (segment == null) {
            return null;
        }
        if (part < 0) {
            return segment.complete ? Outcome.READY : null;
        }
        return part < segment.parts.size() ? Outcome.READY : null;
    }

    private List<Settled> settleWaiters() {
        if (waiters.isEmpty()) {
            return Collections.emptyList();
        }
        List<Settled> done = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter waiter = it.next();
            Outcome outcome = check(waiter);
            if (outcome != null) {
                it.remove();
                done.add(new Settled(waiter.future(), outcome));
            }
        }
        return done;
    }

    /** Completes the settled waits outside the lock. */
    private static void complete(List<Settled> done) {
        for (Settled settled : done) {
            settled.future().complete(settled.outcome());
        }
    }

    private HlsSegment open() {
        if (segments.isEmpty()) {
            return null;
        }
        HlsSegment last = segments.get(segments.size() - 1);
        return last.complete ? null : last;
    }

    private HlsSegment startSegment(HlsSegment open, long firstPartMillis) {
        HlsSegment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (open != null) {
            open.complete = true;
        }
        boolean discontinuity = discontinuityPending && previous != null;
        discontinuityPending = false;
        long programDateTime = previous != null && !discontinuity
                ? previous.programDateTime + previous.durationMillis
                : clock.getAsLong() - firstPartMillis;
        HlsSegment segment = new HlsSegment(nextMsn++, initVersion, discontinuity, programDateTime);
        segments.add(segment);
        return segment;
    }

    /** Drops the oldest complete segments past segmentCount, keeping at least three target durations listed. */
    private void trimWindow() {
        long total = 0;
        int complete = 0;
        for (HlsSegment segment : segments) {
            if (segment.complete) {
                total += segment.durationMillis;
                complete++;
            }
        }
        while (complete > segmentCount) {
            HlsSegment oldest = segments.get(0);
            if (total - oldest.durationMillis < 3_000L * targetDuration) {
                break;
            }
            segments.remove(0);
            total -= oldest.durationMillis;
            complete--;
            if (oldest.discontinuity) {
                discontinuitySequence++;
            }
        }
        dropUnusedInits();
    }

    private void dropUnusedInits() {
        inits.keySet().removeIf(version -> version != initVersion
                && segments.stream().noneMatch(segment -> segment.initVersion == version));
    }

    private HlsSegment find(long msn) {
        if (segments.isEmpty()) {
            return null;
        }
        long index = msn - segments.get(0).msn;
        return index < 0 || index >= segments.size() ? null : segments.get((int) index);
    }

    static String initName(int version) {
        return "init-" + version + ".mp4";
    }

    static String segmentName(long msn) {
        return "seg-" + msn + ".m4s";
    }

    static String partName(long msn, int index) {
        return "part-" + msn + "." + index + ".m4s";
    }
}
