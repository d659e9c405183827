package dev.camelrtmp.server;

/**
 * An authorizer's answer to a play.
 *
 * @param allowed     whether the play may go ahead
 * @param statusCode  for a refusal, the onStatus code sent to the player (NetStream.Play.Failed or
 *                    NetStream.Play.StreamNotFound, say)
 * @param description for a refusal, the reason, logged and sent to the player
 */
public record PlayDecision(boolean allowed, String statusCode, String description) {

    public static final String FAILED = "NetStream.Play.Failed";
    public static final String STREAM_NOT_FOUND = "NetStream.Play.StreamNotFound";

    private static final PlayDecision ALLOW = new PlayDecision(true, null, null);

    public static PlayDecision allow() {
        return ALLOW;
    }

    /** A refusal; {@code statusCode} null for {@link #FAILED}. */
    public static PlayDecision deny(String statusCode, String description) {
        return new PlayDecision(false, statusCode == null ? FAILED : statusCode, description);
    }
}
