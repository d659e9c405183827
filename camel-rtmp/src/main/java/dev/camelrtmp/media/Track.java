package dev.camelrtmp.media;

/**
 * One track of an Enhanced RTMP multitrack tag.
 *
 * @param trackId the track id
 * @param fourCc  the track's codec FourCC
 * @param offset  where the track's payload starts in the tag body
 * @param length  the length of the track's payload
 */
public record Track(int trackId, String fourCc, int offset, int length) {
}
