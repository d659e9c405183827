package dev.camelrtmp.media;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * The header of an FLV audio tag body, legacy or Enhanced RTMP (SoundFormat 9, ExHeader): codec, sound rate, size
 * and type bits, packet type, and for Enhanced RTMP the FourCC, ModEx nanosecond offset and multitrack tracks.
 */
public final class AudioTagHeader extends TagHeader {

    /** Legacy AAC packet types. */
    public static final int AAC_SEQUENCE_HEADER = 0;
    public static final int AAC_RAW = 1;

    /** Enhanced RTMP audio packet types. */
    public static final int SEQUENCE_START = 0;
    public static final int CODED_FRAMES = 1;
    public static final int SEQUENCE_END = 2;
    public static final int MULTICHANNEL_CONFIG = 4;
    public static final int MULTITRACK = 5;
    public static final int MODEX = 7;

    private final AudioCodec codec;
    private final int first;

    private AudioTagHeader(AudioCodec codec, String fourCc, int first, boolean enhanced, int packetType,
            int headerLength, ExtendedHeader extended) {
        super(fourCc, enhanced, packetType, headerLength, extended);
        this.codec = codec;
        this.first = first;
    }

    /**
     * Parses the header at the start of an audio tag body.
     *
     * @throws RtmpProtocolException when the body is too short for the header it announces
     */
    public static AudioTagHeader parse(byte[] body) {
        TagReader r = new TagReader(body, "audio tag");
        int first = r.u8("audio tag header");
        int soundFormat = first >> 4;
        if (soundFormat == AudioCodec.EX_HEADER) {
            ExtendedHeader h = ExtendedHeader.parse(r, first & 0x0F, MULTITRACK);
            if (h.multitrack) {
                int headerEnd = r.pos;
                h.readTracks(r, false);
                r.pos = headerEnd;
            }
            String fourCc = h.fourCc != null ? h.fourCc : h.tracks.isEmpty() ? null : h.tracks.get(0).fourCc();
            return new AudioTagHeader(fourCc == null ? null : AudioCodec.byFourCc(fourCc), fourCc, first, true,
                    h.packetType, r.pos, h);
        }
        AudioCodec codec = AudioCodec.byLegacyId(soundFormat);
        int packetType = -1;
        if (codec == AudioCodec.AAC) {
            packetType = r.u8("AAC packet type");
        }
        return new AudioTagHeader(codec, codec == null ? null : codec.fourCc(), first, false, packetType, r.pos,
                null);
    }

    /** The codec, or null for a format or FourCC this library does not know. */
    public AudioCodec codec() {
        return codec;
    }

    /** Legacy SoundRate bits: 0 5.5 kHz, 1 11 kHz, 2 22 kHz, 3 44 kHz. */
    public int soundRate() {
        return (first >> 2) & 0x03;
    }

    /** Legacy SoundSize bit: 0 8-bit, 1 16-bit. */
    public int soundSize() {
        return (first >> 1) & 0x01;
    }

    /** Legacy SoundType bit: 0 mono, 1 stereo. */
    public int soundType() {
        return first & 0x01;
    }

    /** Whether the tag carries the decoder configuration: AAC AudioSpecificConfig, SequenceStart. */
    @Override
    public boolean sequenceHeader() {
        return enhanced() ? packetType() == SEQUENCE_START
                : codec == AudioCodec.AAC && packetType() == AAC_SEQUENCE_HEADER;
    }
}
