package dev.camelrtmp.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.media.mp4.Fmp4Fragmenter;

/**
 * Cuts one live stream into the LL-HLS parts and segments of an {@link HlsStream}: every audio and video tag body
 * goes into an {@link Fmp4Fragmenter}, and the fragments it cuts become the stream's parts. Used by the HTTP
 * listener's {@link HlsSink} and by the {@code hls:} endpoint, so that both package alike.
 * <ul>
 * <li>A part ends before the first sample that would take it past the part duration (estimated from the interval
 * between the samples that time it: video, or audio when the stream has none), so parts stay within
 * {@code PART-TARGET}.</li>
 * <li>A segment ends before the first video key frame at or past the segment duration: every segment, and so every
 * first part of one, starts with a key frame. An audio-only stream starts a segment every segment duration.</li>
 * <li>Nothing is packaged before the first key frame (of a stream with video, as its metadata or sequence header
 * tells), and a sequence header not seen before in the publish ends the packaging until the next key frame, under a
 * new init segment.</li>
 * </ul>
 * <p>
 * Threading: not thread-safe; one thread (or one at a time) feeds it. The stream it feeds may be read by others.
 */
public final class HlsSegmenter {

    private final HlsStream stream;
    private final long partMillis;
    private final long segmentMillis;
    /** Sequence headers remembered per publish: enough for every track of a multitrack stream. */
    private static final int MAX_CONFIGS = 16;

    private final int videoTrackId;
    private Fmp4Fragmenter fragmenter;
    /** The sequence headers seen in this publish: of every track (a multitrack stream sends one per track). */
    private final List<byte[]> configs = new ArrayList<>();
    /** The mfhd sequence number of the next fragment: counts on across publishes. */
    private int sequence = 1;
    private int initVersion = -1;
    /** A key frame (or, audio only, a first sample) was packaged: parts may be cut. */
    private boolean started;
    private boolean videoExpected;
    private boolean nextPartStartsSegment = true;
    private long segmentStart;
    private long partStart;
    private long lastClock = -1;
    private long clockInterval;
    private long sent;
    private long bytes;

    /**
     * @param stream        the stream the parts go to
     * @param partMillis    the longest part, in milliseconds
     * @param segmentMillis the shortest segment, in milliseconds (segments end at the next key frame past it)
     */
    public HlsSegmenter(HlsStream stream, long partMillis, long segmentMillis) {
        this(stream, partMillis, segmentMillis, -1);
    }

    /**
     * @param stream        the stream the parts go to
     * @param partMillis    the longest part, in milliseconds
     * @param segmentMillis the shortest segment, in milliseconds (segments end at the next key frame past it)
     * @param videoTrackId  the video track packaged (Enhanced RTMP multitrack id), or -1 for the lowest
     */
    public HlsSegmenter(HlsStream stream, long partMillis, long segmentMillis, int videoTrackId) {
        this.stream = stream;
        this.partMillis = partMillis;
        this.segmentMillis = segmentMillis;
        this.videoTrackId = videoTrackId;
        this.fragmenter = new Fmp4Fragmenter(videoTrackId);
    }

    /** Takes onMetaData's values: whether video is announced, the picture size. */
    public void metadata(Map<String, Object> metadata) {
        videoExpected |= metadata.containsKey("videocodecid");
        fragmenter.metadata(metadata);
    }

    /** Takes a video tag body and its parsed header. */
    public void video(long timestamp, byte[] payload, VideoTagHeader header) {
        media(FlvTagType.VIDEO, timestamp, payload, header.sequenceHeader(), header.codedKeyframe());
    }

    /** Takes an audio tag body and its parsed header. */
    public void audio(long timestamp, byte[] payload, AudioTagHeader header) {
        media(FlvTagType.AUDIO, timestamp, payload, header.sequenceHeader(), false);
    }

    private void media(int tagType, long ts, byte[] payload, boolean config, boolean keyframe) {
        boolean video = tagType == FlvTagType.VIDEO;
        if (config) {
            configure(video, ts, payload);
            return;
        }
        boolean clock = video || !videoExpected;
        boolean segmentStarts = video ? keyframe : !videoExpected;
        if (!started) {
            if (!segmentStarts || !fragmenter.ready()) {
                return; // a stream with video starts at a key frame, with every track configured
            }
            if (!fragmenter.add(tagType, ts, payload)) {
                return;
            }
            started = true;
            nextPartStartsSegment = true;
            segmentStart = ts;
            partStart = ts;
            lastClock = ts;
            clockInterval = 0;
            publishInit();
            count(payload);
            return;
        }
        if (!fragmenter.add(tagType, ts, payload)) {
            return;
        }
        count(payload);
        if (fragmenter.initVersion() != initVersion) {
            publishInit();
        }
        if (!clock) {
            return;
        }
        if (ts > lastClock) {
            clockInterval = ts - lastClock < 1000 ? ts - lastClock : clockInterval;
            lastClock = ts;
        }
        if (segmentStarts && ts - segmentStart >= segmentMillis) {
            emit(fragmenter.cutBefore(sequence, ts), ts - partStart);
            nextPartStartsSegment = true;
            segmentStart = ts;
            partStart = ts;
        } else if (ts > partStart && ts - partStart + clockInterval >= partMillis) {
            // the next sample would end past the part duration: the part ends before this one
            emit(fragmenter.cutBefore(sequence, ts), ts - partStart);
            partStart = ts;
        }
    }

    /**
     * A sequence header: one not seen before in this publish (a track changed) ends what is packaged, and the next
     * key frame starts anew under the new init segment. One re-sent unchanged, by any track, changes nothing.
     */
    private void configure(boolean video, long ts, byte[] payload) {
        boolean seen = false;
        for (byte[] config : configs) {
            seen |= Arrays.equals(config, payload);
        }
        if (!seen) {
            if (started && !configs.isEmpty()) {
                emit(fragmenter.flush(sequence), lastPartDuration());
                started = false;
            }
            if (configs.size() == MAX_CONFIGS) {
                configs.remove(0);
            }
            configs.add(payload);
        }
        videoExpected |= video;
        fragmenter.add(video ? FlvTagType.VIDEO : FlvTagType.AUDIO, ts, payload);
    }

    private void count(byte[] payload) {
        sent++;
        bytes += payload.length;
    }

    private void publishInit() {
        initVersion = fragmenter.initVersion();
        stream.init(fragmenter.initSegment(), fragmenter.codecs(), fragmenter.width(), fragmenter.height());
    }

    /**
     * Hands a fragment to the stream as a part lasting {@code durationMillis} on the timing track's clock (from the
     * part's first sample to the one that ends it): the fragment's audio may reach a frame further, which a muxed
     * part's duration does not count.
     */
    private void emit(Fmp4Fragmenter.Fragment part, long durationMillis) {
        if (part == null) {
            return;
        }
        sequence++;
        long duration = durationMillis > 0 ? durationMillis : part.durationMillis();
        stream.addPart(part.bytes(), duration, part.independent(), nextPartStartsSegment);
        nextPartStartsSegment = false;
    }

    /** The last part, cut at the end: up to the last timing sample's end, at most a part duration. */
    private long lastPartDuration() {
        return Math.max(1, Math.min(partMillis, lastClock + clockInterval - partStart));
    }

    /**
     * A publish starts (again): a new fragmenter learns its tracks; fragment numbers count on. When the last publish
     * did not {@link #end} (it was taken over), what it left is packaged and a discontinuity follows.
     */
    public void start() {
        if (started) {
            emit(fragmenter.flush(sequence), lastPartDuration());
            stream.discontinuity();
        }
        fragmenter = new Fmp4Fragmenter(videoTrackId);
        configs.clear();
        started = false;
        videoExpected = false;
    }

    /** The publish ended: what is held is packaged, the stream's open segment completes. */
    public void end() {
        if (started) {
            emit(fragmenter.flush(sequence), lastPartDuration());
        }
        started = false;
        stream.end();
    }

    /** Audio and video samples packaged. */
    public long samples() {
        return sent;
    }

    /** Bytes of the samples packaged. */
    public long bytes() {
        return bytes;
    }
}
