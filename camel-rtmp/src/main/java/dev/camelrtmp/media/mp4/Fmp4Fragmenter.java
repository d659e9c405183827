package dev.camelrtmp.media.mp4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelrtmp.media.AudioCodec;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.Track;
import dev.camelrtmp.media.VideoCodec;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.RtmpProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a live stream's FLV tag bodies into fragmented MP4 (CMAF): an init segment and movie fragments.
 * <p>
 * Sequence headers (legacy AVC/HEVC/AAC, Enhanced RTMP SequenceStart of avc1, hvc1, av01, vp09, mp4a and Opus)
 * configure at most one video track (track_ID 1) and one audio track (track_ID 2); coded frames become samples,
 * their payload after the tag header kept byte for byte. Of Enhanced RTMP multitrack streams only the lowest track
 * id of each kind is used: a tag that is not multitrack is track 0 (as FFmpeg sends a stream's first track), and a
 * track with a lower id than the one used so far takes over, unless a video track id is chosen
 * ({@link #Fmp4Fragmenter(int)}): then only that video track is used (audio stays the lowest). Other codecs are ignored with one DEBUG line; a
 * malformed tag is skipped with one WARN line (later ones at DEBUG).
 * <p>
 * Video counts in 90 kHz (a millisecond is 90 ticks, the clock of MPEG-TS and HLS), audio in its sample rate;
 * decode times are the FLV timestamps, composition offsets the FLV composition times, except that AAC frames that
 * follow each other within a millisecond are laid end to end (1024 samples each) rather than jittering with the FLV
 * timestamps' rounding.
 * <p>
 * A VP9 track without onMetaData size ({@link #metadata(Map)}) takes it from its first key frame, which changes the
 * init segment. When a sequence header changes the init segment ({@link #initVersion()}), samples already added
 * still go into the next fragments. Not thread-safe: one caller at a time.
 */
public final class Fmp4Fragmenter {

    private static final Logger LOG = LoggerFactory.getLogger(Fmp4Fragmenter.class);

    static final int VIDEO_TRACK_ID = 1;
    static final int AUDIO_TRACK_ID = 2;
    /** Samples per AAC frame (AAC LC; HE-AAC's core frame at the AudioSpecificConfig's rate). */
    static final int AAC_FRAME_SAMPLES = 1024;

    /**
     * One movie fragment.
     *
     * @param bytes          moof + mdat
     * @param startMillis    the earliest decode time of its samples, in FLV ms
     * @param durationMillis from that to the end of its latest sample
     * @param independent    whether its first video sample is a key frame (or the stream has no video)
     * @param samples        the number of samples of all tracks
     */
    public record Fragment(byte[] bytes, long startMillis, long durationMillis, boolean independent, int samples) {
    }

    private Fmp4Track video;
    private Fmp4Track audio;
    private boolean videoSeen;
    private boolean audioSeen;
    private int videoTrackId = -1;
    /** The video track id chosen by the caller, or -1 for the lowest. */
    private final int videoTrackChoice;
    private int audioTrackId = -1;
    private int metaWidth;
    private int metaHeight;
    private byte[] init;
    private int initVersion;
    private boolean warned;
    private final Set<String> unsupported = new HashSet<>();

    /** A fragmenter of the lowest video and audio track. */
    public Fmp4Fragmenter() {
        this(-1);
    }

    /**
     * A fragmenter of one video track (and the lowest audio track).
     *
     * @param videoTrackId the Enhanced RTMP track id of the video to use (0: the tags that are not multitrack), or
     *                     -1 for the lowest
     */
    public Fmp4Fragmenter(int videoTrackId) {
        if (videoTrackId < -1 || videoTrackId > 255) {
            throw new IllegalArgumentException("video track id must be -1 or 0..255, not " + videoTrackId);
        }
        this.videoTrackChoice = videoTrackId;
    }

    /**
     * Adds one FLV tag body (8 audio, 9 video; anything else is ignored) with its FLV timestamp in ms (already
     * unwrapped). Sequence headers configure tracks; coded frames become samples.
     *
     * @return true when the body became a sample
     */
    public boolean add(int tagType, long timestampMillis, byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        try {
            if (tagType == FlvTagType.VIDEO) {
                return addVideo(timestampMillis, body);
            }
            if (tagType == FlvTagType.AUDIO) {
                return addAudio(timestampMillis, body);
            }
            return false;
        } catch (RtmpProtocolException | IllegalArgumentException | IndexOutOfBoundsException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Skipping a malformed {} tag for fMP4: {} (further ones are logged at DEBUG)",
                        tagType == FlvTagType.VIDEO ? "video" : "audio", e.getMessage());
            } else {
                LOG.debug("Skipping a malformed tag (type {}) for fMP4: {}", tagType, e.getMessage());
            }
            return false;
        }
    }

    private boolean addVideo(long ts, byte[] body) {
        VideoTagHeader h = VideoTagHeader.parse(body);
        if (h.command() >= 0 || h.frameType() == VideoTagHeader.FRAME_COMMAND) {
            return false;
        }
        int offset = h.headerLength();
        int length = body.length - offset;
        int cts = h.compositionTime();
        String fourCc = h.fourCc();
        if (h.multitrack()) {
            Track t = videoTrackChoice >= 0 ? withId(h.tracks(), videoTrackChoice) : lowest(h.tracks());
            if (t == null) {
                return false;
            }
            if (t.trackId() > videoTrackId && videoTrackId >= 0) {
                t = withId(h.tracks(), videoTrackId);
                if (t == null) {
                    return false;
                }
            }
            videoTrackId = t.trackId();
            fourCc = t.fourCc();
            offset = t.offset();
            length = t.length();
            if (h.packetType() == VideoTagHeader.CODED_FRAMES && ("avc1".equals(fourCc) || "hvc1".equals(fourCc))) {
                cts = t.compositionTime();
                offset += 3;
                length -= 3;
            }
        } else {
            if (videoTrackChoice > 0) {
                return false;
            }
            videoTrackId = 0;
        }
        VideoCodec codec = h.multitrack() ? VideoCodec.byFourCc(fourCc) : h.codec();
        if (codec != VideoCodec.AVC && codec != VideoCodec.HEVC && codec != VideoCodec.AV1
                && codec != VideoCodec.VP9) {
            ignore("video", codec != null ? codec.name() : fourCc != null ? fourCc : "id " + (body[0] & 0x0F));
            return false;
        }
        videoSeen = true;
        if (h.sequenceHeader()) {
            if (h.enhanced() && h.packetType() == VideoTagHeader.MPEG2TS_SEQUENCE_START) {
                return false;
            }
            TrackConfig c = switch (codec) {
                case AVC -> CodecConfigs.avc(body, offset, length);
                case HEVC -> CodecConfigs.hevc(body, offset, length);
                case AV1 -> CodecConfigs.av1(body, offset, length);
                default -> CodecConfigs.vp9(body, offset, length);
            };
            if (c.width() == 0 && metaWidth > 0) {
                c = c.withSize(metaWidth, metaHeight);
            }
            configure(true, c);
            return false;
        }
        if (!h.codedFrame() || video == null || length <= 0
                || !video.config.sampleEntry().equals(sampleEntry(codec))) {
            return false;
        }
        boolean sync = h.frameType() == VideoTagHeader.FRAME_KEY || h.frameType() == VideoTagHeader.FRAME_GENERATED_KEY;
        if (sync && codec == VideoCodec.VP9 && video.config.width() == 0) {
            int[] size = vp9Size(body, offset, length);
            if (size != null) {
                video.config = video.config.withSize(size[0], size[1]);
                rebuild();
            }
        }
        video.add(Arrays.copyOfRange(body, offset, offset + length), ts, cts, sync, 0);
        return true;
    }

    /** A VP9 key frame's size, or null: a header that does not parse leaves the size unknown, the frame is kept. */
    private static int[] vp9Size(byte[] body, int offset, int length) {
        try {
            return Vp9FrameSize.parse(body, offset, length);
        } catch (IllegalArgumentException e) {
            LOG.debug("No picture size in a VP9 key frame: {}", e.getMessage());
            return null;
        }
    }

    private boolean addAudio(long ts, byte[] body) {
        AudioTagHeader h = AudioTagHeader.parse(body);
        int offset = h.headerLength();
        int length = body.length - offset;
        String fourCc = h.fourCc();
        if (h.multitrack()) {
            Track t = lowest(h.tracks());
            if (t.trackId() > audioTrackId && audioTrackId >= 0) {
                t = withId(h.tracks(), audioTrackId);
                if (t == null) {
                    return false;
                }
            }
            audioTrackId = t.trackId();
            fourCc = t.fourCc();
            offset = t.offset();
            length = t.length();
        } else {
            audioTrackId = 0;
        }
        AudioCodec codec = h.multitrack() ? AudioCodec.byFourCc(fourCc) : h.codec();
        if (codec != AudioCodec.AAC && codec != AudioCodec.OPUS) {
            ignore("audio", codec != null ? codec.name() : fourCc != null ? fourCc
                    : "sound format " + ((body[0] >> 4) & 0x0F));
            return false;
        }
        audioSeen = true;
        if (h.sequenceHeader()) {
            TrackConfig c = codec == AudioCodec.AAC ? CodecConfigs.aac(body, offset, length)
                    : CodecConfigs.opus(body, offset, length);
            configure(false, c);
            return false;
        }
        boolean coded = h.enhanced() ? h.packetType() == AudioTagHeader.CODED_FRAMES
                : h.packetType() == AudioTagHeader.AAC_RAW;
        if (!coded || audio == null || length <= 0 || !audio.config.sampleEntry().equals(sampleEntry(codec))) {
            return false;
        }
        audio.add(Arrays.copyOfRange(body, offset, offset + length), ts, 0, true,
                codec == AudioCodec.AAC ? AAC_FRAME_SAMPLES : 0);
        return true;
    }

    private static Track lowest(List<Track> tracks) {
        Track best = tracks.get(0);
        for (Track t : tracks) {
            if (t.trackId() < best.trackId()) {
                best = t;
            }
        }
        return best;
    }

    private static Track withId(List<Track> tracks, int id) {
        for (Track t : tracks) {
            if (t.trackId() == id) {
                return t;
            }
        }
        return null;
    }

    private static String sampleEntry(VideoCodec codec) {
        return switch (codec) {
            case AVC -> "avc1";
            case HEVC -> "hvc1";
            case AV1 -> "av01";
            default -> "vp09";
        };
    }

    private static String sampleEntry(AudioCodec codec) {
        return codec == AudioCodec.AAC ? "mp4a" : "Opus";
    }

    private void ignore(String kind, String codec) {
        if (unsupported.add(kind + " " + codec)) {
            LOG.debug("fMP4 ignores {} codec {}", kind, codec);
        }
    }

    private void configure(boolean isVideo, TrackConfig c) {
        Fmp4Track track = isVideo ? video : audio;
        if (track != null && track.config.sameAs(c)) {
            return;
        }
        if (track == null) {
            track = new Fmp4Track(isVideo ? VIDEO_TRACK_ID : AUDIO_TRACK_ID, c);
            if (isVideo) {
                video = track;
            } else {
                audio = track;
            }
        } else {
            track.config = c;
        }
        rebuild();
    }

    private void rebuild() {
        Fmp4Track v = video;
        Fmp4Track a = audio;
        if (!(v != null || a != null) || (videoSeen && v == null) || (audioSeen && a == null)) {
            return;
        }
        List<InitSegment.Entry> entries = new ArrayList<>(2);
        if (v != null) {
            entries.add(new InitSegment.Entry(v.trackId, v.config));
        }
        if (a != null) {
            entries.add(new InitSegment.Entry(a.trackId, a.config));
        }
        byte[] bytes = InitSegment.write(entries);
        if (!Arrays.equals(bytes, init)) {
            init = bytes;
            initVersion++;
        }
    }

    /**
     * Takes width and height (numbers) from onMetaData, for video whose configuration does not tell its size (VP9,
     * AV1 without a sequence header in av1C).
     */
    public void metadata(Map<String, Object> meta) {
        if (meta == null) {
            return;
        }
        if (meta.get("width") instanceof Number w && meta.get("height") instanceof Number h && w.intValue() > 0
                && h.intValue() > 0 && w.intValue() < 65536 && h.intValue() < 65536) {
            metaWidth = w.intValue();
            metaHeight = h.intValue();
            if (video != null && video.config.width() == 0) {
                video.config = video.config.withSize(metaWidth, metaHeight);
                rebuild();
            }
        }
    }

    /** Whether every track seen so far has its configuration, so that the init segment can be built. */
    public boolean ready() {
        return (video != null || audio != null) && (!videoSeen || video != null) && (!audioSeen || audio != null);
    }

    /**
     * ftyp + moov (mvhd, one trak per track, mvex with trex), rebuilt when a sequence header changes; null until
     * {@link #ready()} first.
     */
    public byte[] initSegment() {
        return init == null ? null : init.clone();
    }

    /** Increments whenever {@link #initSegment()} changes (a sequence header with other bytes, a new track). */
    public int initVersion() {
        return initVersion;
    }

    /**
     * moof + mdat holding every sample whose duration is known (all but the last sample of each track, which waits
     * for its successor), or null when there is none.
     *
     * @param sequenceNumber the mfhd sequence number
     */
    public Fragment cut(int sequenceNumber) {
        return fragment(sequenceNumber, Long.MAX_VALUE, false);
    }

    /** Like {@link #cut(int)}, but only samples with decode time before {@code beforeMillis}. */
    public Fragment cutBefore(int sequenceNumber, long beforeMillis) {
        return fragment(sequenceNumber, beforeMillis, false);
    }

    /** End of stream: like {@link #cut(int)}, also with the last sample of each track (the previous one's duration). */
    public Fragment flush(int sequenceNumber) {
        return fragment(sequenceNumber, Long.MAX_VALUE, true);
    }

    private Fragment fragment(int sequenceNumber, long before, boolean flush) {
        List<FragmentWriter.Run> runs = new ArrayList<>(2);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int count = 0;
        boolean independent = video == null;
        for (Fmp4Track t : new Fmp4Track[] { video, audio }) {
            if (t == null) {
                continue;
            }
            List<Fmp4Track.Sample> samples = t.take(before, flush);
            if (samples.isEmpty()) {
                continue;
            }
            runs.add(new FragmentWriter.Run(t.trackId, t.video(), samples));
            count += samples.size();
            start = Math.min(start, samples.get(0).dtsMillis());
            Fmp4Track.Sample last = samples.get(samples.size() - 1);
            end = Math.max(end, last.dtsMillis() + last.duration() * 1000 / t.config.timescale());
            if (t == video) {
                independent = samples.get(0).sync();
            }
        }
        if (runs.isEmpty()) {
            return null;
        }
        return new Fragment(FragmentWriter.write(sequenceNumber, runs), start, end - start, independent, count);
    }

    /** RFC 6381 codec strings of the configured tracks for an HLS CODECS attribute, video first; "" when none. */
    public String codecs() {
        StringBuilder s = new StringBuilder();
        if (video != null) {
            s.append(video.config.codecString());
        }
        if (audio != null) {
            s.append(s.length() > 0 ? "," : "").append(audio.config.codecString());
        }
        return s.toString();
    }

    /** The video width when known (from the SPS, sequence header or onMetaData), else 0. */
    public int width() {
        return video != null && video.config.width() > 0 ? video.config.width() : metaWidth;
    }

    /** The video height when known, else 0. */
    public int height() {
        return video != null && video.config.height() > 0 ? video.config.height() : metaHeight;
    }
}
