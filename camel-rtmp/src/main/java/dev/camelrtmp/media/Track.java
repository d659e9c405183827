package dev.camelrtmp.media;

/**
 * One track of an Enhanced RTMP multitrack tag.
 *
 * @param trackId the track id
 * @param fourCc  the track's codec FourCC
 * @param offset  where the track's payload starts in the tag body
 * @param length  the length of the track's payload
 * @param compositionTime the composition time offset in ms where the track's packet type carries one
 *                        (CodedFrames of avc1 and hvc1), 0 otherwise
 */
public record Track(int trackId, String fourCc, int offset, int length, int compositionTime) {

    /** A track without composition time. */
    public Track(int trackId, String fourCc, int offset, int length) {
        this(trackId, fourCc, offset, length, 0);
    }
}
