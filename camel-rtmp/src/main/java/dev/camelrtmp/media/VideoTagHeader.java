package dev.camelrtmp.media;

import java.util.List;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * The header of an FLV video tag body, legacy or Enhanced RTMP (IsExHeader bit set): frame type, codec, packet
 * type, composition time, and for Enhanced RTMP the FourCC, ModEx nanosecond offset and multitrack tracks.
 */
public final class VideoTagHeader {

    public static final int FRAME_KEY = 1;
    public static final int FRAME_INTER = 2;
    public static final int FRAME_DISPOSABLE_INTER = 3;
    public static final int FRAME_GENERATED_KEY = 4;
    public static final int FRAME_COMMAND = 5;

    /** Legacy AVC/HEVC packet types. */
    public static final int AVC_SEQUENCE_HEADER = 0;
    public static final int AVC_NALU = 1;
    public static final int AVC_END_OF_SEQUENCE = 2;

    /** Enhanced RTMP video packet types. */
    public static final int SEQUENCE_START = 0;
    public static final int CODED_FRAMES = 1;
    public static final int SEQUENCE_END = 2;
    public static final int CODED_FRAMES_X = 3;
    public static final int METADATA = 4;
    public static final int MPEG2TS_SEQUENCE_START = 5;
    public static final int MULTITRACK = 6;
    public static final int MODEX = 7;

    private final VideoCodec codec;
    private final String fourCc;
    private final int frameType;
    private final boolean enhanced;
    private final int packetType;
    private final int compositionTime;
    private final int headerLength;
    private final int nanoOffset;
    private final boolean multitrack;
    private final int multitrackType;
    private final List<Track> tracks;

    private VideoTagHeader(VideoCodec codec, String fourCc, int frameType, boolean enhanced, int packetType,
            int compositionTime, int headerLength, int nanoOffset, boolean multitrack, int multitrackType,
            List<Track> tracks) {
        this.codec = codec;
        this.fourCc = fourCc;
        this.frameType = frameType;
        this.enhanced = enhanced;
        this.packetType = packetType;
        this.compositionTime = compositionTime;
        this.headerLength = headerLength;
        this.nanoOffset = nanoOffset;
        this.multitrack = multitrack;
        this.multitrackType = multitrackType;
        this.tracks = tracks;
    }

    /**
     * Parses the header at the start of a video tag body.
     *
     * @throws RtmpProtocolException when the body is too short for the header it announces
     */
    public static VideoTagHeader parse(byte[] body) {
        TagReader r = new TagReader(body, "video tag");
        int first = r.u8("video tag header");
        if ((first & 0x80) != 0) {
            int frameType = (first >> 4) & 0x07;
            ExtendedHeader h = ExtendedHeader.parse(r, first & 0x0F, MULTITRACK);
            int cts = 0;
            if (h.multitrack) {
                int headerEnd = r.pos;
                h.readTracks(r);
                r.pos = headerEnd;
            } else if (h.packetType == CODED_FRAMES && ("avc1".equals(h.fourCc) || "hvc1".equals(h.fourCc))) {
                cts = r.s24("composition time");
            }
            String fourCc = h.fourCc != null ? h.fourCc : h.tracks.isEmpty() ? null : h.tracks.get(0).fourCc();
            return new VideoTagHeader(fourCc == null ? null : VideoCodec.byFourCc(fourCc), fourCc, frameType, true,
                    h.packetType, cts, r.pos, h.nanoOffset, h.multitrack, h.multitrackType, h.tracks);
        }
        int frameType = first >> 4;
        int codecId = first & 0x0F;
        VideoCodec codec = VideoCodec.byLegacyId(codecId);
        int packetType = -1;
        int cts = 0;
        if ((codec == VideoCodec.AVC || codec == VideoCodec.HEVC) && !(frameType == FRAME_COMMAND
                && r.remaining() < 4)) {
            packetType = r.u8("AVC packet type");
            cts = r.s24("composition time");
        } else if (codec == VideoCodec.VP6 || codec == VideoCodec.VP6_ALPHA) {
            r.skip(Math.min(1, r.remaining()), "VP6 adjustment");
        }
        return new VideoTagHeader(codec, codec == null ? null : codec.fourCc(), frameType, false, packetType, cts,
                r.pos, 0, false, -1, List.of());
    }

    /** The codec, or null for an id or FourCC this library does not know. */
    public VideoCodec codec() {
        return codec;
    }

    /** The FourCC (Enhanced RTMP, or the codec's FourCC for legacy AVC/HEVC), or null. */
    public String fourCc() {
        return fourCc;
    }

    /** 1 key frame, 2 inter frame, 3 disposable inter frame, 4 generated key frame, 5 video info/command. */
    public int frameType() {
        return frameType;
    }

    /** Whether this is a key frame (frame type 1). */
    public boolean keyframe() {
        return frameType == FRAME_KEY;
    }

    /** Whether the header is an Enhanced RTMP one (IsExHeader). */
    public boolean enhanced() {
        return enhanced;
    }

    /** The packet type (legacy AVC/HEVC or Enhanced RTMP numbering), or -1 for codecs without one. */
    public int packetType() {
        return packetType;
    }

    /** Whether the tag carries the decoder configuration: AVC/HEVC sequence header, SequenceStart. */
    public boolean sequenceHeader() {
        return enhanced ? packetType == SEQUENCE_START || packetType == MPEG2TS_SEQUENCE_START
                : packetType == AVC_SEQUENCE_HEADER;
    }

    /** The composition time offset in ms, where the packet type carries one; 0 otherwise. */
    public int compositionTime() {
        return compositionTime;
    }

    /** The bytes before the codec payload (for a multitrack tag, before the first track). */
    public int headerLength() {
        return headerLength;
    }

    /** The ModEx timestamp offset in nanoseconds, 0 if none. */
    public int timestampNanoOffset() {
        return nanoOffset;
    }

    public boolean multitrack() {
        return multitrack;
    }

    /** 0 OneTrack, 1 ManyTracks, 2 ManyTracksManyCodecs, -1 when not multitrack. */
    public int multitrackType() {
        return multitrackType;
    }

    /** The tracks of a multitrack tag, empty otherwise. */
    public List<Track> tracks() {
        return tracks;
    }
}
