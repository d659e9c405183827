package dev.camelrtmp.server;

/**
 * Who may play the streams of a {@link PublishTarget}, and what they are sent.
 *
 * @param allowed           whether players may play the target's streams at all
 * @param authorizer        decides on each play, or null to allow every play that reaches the target
 * @param unannouncedCodecs whether a player that announced no Enhanced RTMP codecs in connect (no fourCcList) is
 *                          sent Enhanced RTMP audio and video anyway (FFmpeg 6.1 and later play HEVC, AV1 and VP9
 *                          without announcing them); when false it gets onStatus NetStream.Play.Failed naming the
 *                          codec instead. A player that announced a fourCcList without the stream's codec always
 *                          gets that status
 */
public record PlayPolicy(boolean allowed, PlayAuthorizer authorizer, boolean unannouncedCodecs) {

    /** Everybody may play every stream of the target; every codec is sent to players that announced none. */
    public static final PlayPolicy OPEN = new PlayPolicy(true, null, true);
}
