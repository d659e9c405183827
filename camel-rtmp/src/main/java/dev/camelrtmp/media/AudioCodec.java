package dev.camelrtmp.media;

/**
 * Audio codecs, by their legacy FLV SoundFormat and their Enhanced RTMP FourCC.
 */
public enum AudioCodec {
    LINEAR_PCM_PLATFORM(0, null),
    ADPCM(1, null),
    MP3(2, ".mp3"),
    LINEAR_PCM_LE(3, null),
    NELLYMOSER_16K(4, null),
    NELLYMOSER_8K(5, null),
    NELLYMOSER(6, null),
    G711_ALAW(7, null),
    G711_MULAW(8, null),
    AAC(10, "mp4a"),
    SPEEX(11, null),
    MP3_8K(14, null),
    DEVICE_SPECIFIC(15, null),
    OPUS(-1, "Opus"),
    FLAC(-1, "fLaC"),
    AC3(-1, "ac-3"),
    EAC3(-1, "ec-3");

    /** The SoundFormat value that marks an Enhanced RTMP audio header (ExHeader). */
    public static final int EX_HEADER = 9;

    private final int legacyId;
    private final String fourCc;

    AudioCodec(int legacyId, String fourCc) {
        this.legacyId = legacyId;
        this.fourCc = fourCc;
    }

    /** The FLV SoundFormat, or -1 when the codec has none. */
    public int legacyId() {
        return legacyId;
    }

    /** The Enhanced RTMP FourCC, or null when the codec has none. */
    public String fourCc() {
        return fourCc;
    }

    /** Lookups by legacy id and FourCC: every audio and video message asks, so no search over values(). */
    private static final AudioCodec[] BY_LEGACY_ID = new AudioCodec[16];
    private static final java.util.Map<String, AudioCodec> BY_FOUR_CC = new java.util.HashMap<>();

    static {
        for (AudioCodec codec : values()) {
            if (codec.legacyId >= 0) {
                BY_LEGACY_ID[codec.legacyId] = codec;
            }
            if (codec.fourCc != null) {
                BY_FOUR_CC.put(codec.fourCc, codec);
            }
        }
    }

    /** The codec with this legacy id, or null. */
    public static AudioCodec byLegacyId(int id) {
        return id >= 0 && id < BY_LEGACY_ID.length ? BY_LEGACY_ID[id] : null;
    }

    /** The codec with this FourCC, or null. */
    public static AudioCodec byFourCc(String fourCc) {
        return fourCc == null ? null : BY_FOUR_CC.get(fourCc);
    }
}
