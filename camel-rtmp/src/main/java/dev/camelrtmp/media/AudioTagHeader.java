package dev.camelrtmp.media;

import java.util.List;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * The header of an FLV audio tag body, legacy or Enhanced RTMP (SoundFormat 9, ExHeader): codec, sound rate, size
 * and type bits, packet type, and for Enhanced RTMP the FourCC, ModEx nanosecond offset and multitrack tracks.
 */
public final class AudioTagHeader {

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
    private final String fourCc;
    private final int soundRate;
    private final int soundSize;
    private final int soundType;
    private final boolean enhanced;
    private final int packetType;
    private final int headerLength;
    private final int nanoOffset;
    private final boolean multitrack;
    private final int multitrackType;
    private final List<Track> tracks;
    private int multitrackTypeOffset = -1;

    private AudioTagHeader(AudioCodec codec, String fourCc, int first, boolean enhanced, int packetType,
            int headerLength, int nanoOffset, boolean multitrack, int multitrackType, List<Track> tracks) {
        this.codec = codec;
        this.fourCc = fourCc;
        this.soundRate = (first >> 2) & 0x03;
        this.soundSize = (first >> 1) & 0x01;
        this.soundType = first & 0x01;
        this.enhanced = enhanced;
        this.packetType = packetType;
        this.headerLength = headerLength;
        this.nanoOffset = nanoOffset;
        this.multitrack = multitrack;
        this.multitrackType = multitrackType;
        this.tracks = tracks;
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
            AudioTagHeader header = new AudioTagHeader(fourCc == null ? null : AudioCodec.byFourCc(fourCc), fourCc,
                    first, true, h.packetType, r.pos, h.nanoOffset, h.multitrack, h.multitrackType, h.tracks);
            header.multitrackTypeOffset = h.multitrackTypeOffset;
            return header;
        }
        AudioCodec codec = AudioCodec.byLegacyId(soundFormat);
        int packetType = -1;
        if (codec == AudioCodec.AAC) {
            packetType = r.u8("AAC packet type");
        }
        return new AudioTagHeader(codec, codec == null ? null : codec.fourCc(), first, false, packetType, r.pos, 0,
                false, -1, List.of());
    }

    /** The codec, or null for a format or FourCC this library does not know. */
    public AudioCodec codec() {
        return codec;
    }

    /** The FourCC (Enhanced RTMP, or the codec's FourCC for legacy AAC and MP3), or null. */
    public String fourCc() {
        return fourCc;
    }

    /** Legacy SoundRate bits: 0 5.5 kHz, 1 11 kHz, 2 22 kHz, 3 44 kHz. */
    public int soundRate() {
        return soundRate;
    }

    /** Legacy SoundSize bit: 0 8-bit, 1 16-bit. */
    public int soundSize() {
        return soundSize;
    }

    /** Legacy SoundType bit: 0 mono, 1 stereo. */
    public int soundType() {
        return soundType;
    }

    public boolean enhanced() {
        return enhanced;
    }

    /** The packet type (legacy AAC or Enhanced RTMP numbering), or -1 for codecs without one. */
    public int packetType() {
        return packetType;
    }

    /** Whether the tag carries the decoder configuration: AAC AudioSpecificConfig, SequenceStart. */
    public boolean sequenceHeader() {
        return packetType == (enhanced ? SEQUENCE_START : AAC_SEQUENCE_HEADER) && (enhanced || codec == AudioCodec.AAC);
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

    /**
     * The body of one track of this multitrack tag as a tag of its own: the same header (with any ModEx prefix),
     * multitrack type OneTrack, the track's FourCC, id and data.
     */
    public byte[] oneTrackBody(byte[] body, Track track) {
        return Multitrack.oneTrackBody(body, multitrackTypeOffset, packetType(), track);
    }
}
