package dev.camelrtmp.media;

/**
 * Enhanced RTMP multitrack helpers (AvMultitrackType: OneTrack, ManyTracks, ManyTracksManyCodecs).
 */
public final class Multitrack {

    public static final int ONE_TRACK = 0;
    public static final int MANY_TRACKS = 1;
    public static final int MANY_TRACKS_MANY_CODECS = 2;

    private Multitrack() {
    }

    /**
     * Re-frames one track of a multitrack tag body as a OneTrack tag body: the bytes before the multitrack type
     * byte (first header byte and any ModEx prefix), then OneTrack with the packet type, the FourCC, the track id
     * and the track's data.
     */
    static byte[] oneTrackBody(byte[] body, int multitrackTypeOffset, int packetType, Track track) {
        if (multitrackTypeOffset < 0) {
            throw new IllegalStateException("not a multitrack tag");
        }
        byte[] out = new byte[multitrackTypeOffset + 1 + 4 + 1 + track.length()];
        System.arraycopy(body, 0, out, 0, multitrackTypeOffset);
        int pos = multitrackTypeOffset;
        out[pos++] = (byte) ((ONE_TRACK << 4) | (packetType & 0x0F));
        for (int i = 0; i < 4; i++) {
            out[pos++] = (byte) track.fourCc().charAt(i);
        }
        out[pos++] = (byte) track.trackId();
        System.arraycopy(body, track.offset(), out, pos, track.length());
        return out;
    }
}
