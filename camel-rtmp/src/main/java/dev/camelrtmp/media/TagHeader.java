package dev.camelrtmp.media;

import java.util.List;

/**
 * What audio and video tag headers share: the FourCC, whether the header is an Enhanced RTMP one, the packet type,
 * the header length, the ModEx nanosecond offset and the multitrack tracks.
 */
public abstract class TagHeader {

    private final String fourCc;
    private final boolean enhanced;
    private final int packetType;
    private final int headerLength;
    private final int nanoOffset;
    private final int multitrackType;
    private final int multitrackTypeOffset;
    private final List<Track> tracks;

    TagHeader(String fourCc, boolean enhanced, int packetType, int headerLength, ExtendedHeader extended) {
        this.fourCc = fourCc;
        this.enhanced = enhanced;
        this.packetType = packetType;
        this.headerLength = headerLength;
        this.nanoOffset = extended == null ? 0 : extended.nanoOffset;
        this.multitrackType = extended == null || !extended.multitrack ? -1 : extended.multitrackType;
        this.multitrackTypeOffset = extended == null ? -1 : extended.multitrackTypeOffset;
        this.tracks = extended == null ? List.of() : extended.tracks;
    }

    /** The FourCC (Enhanced RTMP, or the codec's FourCC for legacy codecs that have one), or null. */
    public String fourCc() {
        return fourCc;
    }

    /** Whether the header is an Enhanced RTMP one (video IsExHeader, audio SoundFormat 9). */
    public boolean enhanced() {
        return enhanced;
    }

    /** The packet type (legacy or Enhanced RTMP numbering, see {@link #enhanced()}), or -1 for codecs without one. */
    public int packetType() {
        return packetType;
    }

    /** Whether the tag carries the decoder configuration. */
    public abstract boolean sequenceHeader();

    /** The bytes before the codec payload (for a multitrack tag, before the first track). */
    public int headerLength() {
        return headerLength;
    }

    /** The ModEx timestamp offset in nanoseconds, 0 if none. */
    public int timestampNanoOffset() {
        return nanoOffset;
    }

    public boolean multitrack() {
        return multitrackType >= 0;
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
        return Multitrack.oneTrackBody(body, multitrackTypeOffset, packetType, track);
    }
}
