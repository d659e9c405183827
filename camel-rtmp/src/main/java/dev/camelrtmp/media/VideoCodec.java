package dev.camelrtmp.media;

/**
 * Video codecs, by their legacy FLV codec id and their Enhanced RTMP FourCC.
 */
public enum VideoCodec {
    SORENSON_H263(2, null),
    SCREEN(3, null),
    VP6(4, null),
    VP6_ALPHA(5, null),
    SCREEN_V2(6, null),
    AVC(7, "avc1"),
    /** Legacy id 12 is the one Chinese CDNs and FFmpeg forks use for HEVC; Enhanced RTMP signals {@code hvc1}. */
    HEVC(12, "hvc1"),
    AV1(-1, "av01"),
    VP9(-1, "vp09"),
    VP8(-1, "vp08"),
    VVC(-1, "vvc1");

    private final int legacyId;
    private final String fourCc;

    VideoCodec(int legacyId, String fourCc) {
        this.legacyId = legacyId;
        this.fourCc = fourCc;
    }

    /** The FLV CodecID, or -1 when the codec has none. */
    public int legacyId() {
        return legacyId;
    }

    /** The Enhanced RTMP FourCC, or null when the codec has none. */
    public String fourCc() {
        return fourCc;
    }

    /** Lookups by legacy id and FourCC: every audio and video message asks, so no search over values(). */
    private static final VideoCodec[] BY_LEGACY_ID = new VideoCodec[16];
    private static final java.util.Map<String, VideoCodec> BY_FOUR_CC = new java.util.HashMap<>();

    static {
        for (VideoCodec codec : values()) {
            if (codec.legacyId >= 0) {
                BY_LEGACY_ID[codec.legacyId] = codec;
            }
            if (codec.fourCc != null) {
                BY_FOUR_CC.put(codec.fourCc, codec);
            }
        }
    }

    /** The codec with this legacy id, or null. */
    public static VideoCodec byLegacyId(int id) {
        return id >= 0 && id < BY_LEGACY_ID.length ? BY_LEGACY_ID[id] : null;
    }

    /** The codec with this FourCC, or null. */
    public static VideoCodec byFourCc(String fourCc) {
        return fourCc == null ? null : BY_FOUR_CC.get(fourCc);
    }
}
