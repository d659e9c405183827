package dev.camelrtmp.server;

/**
 * An authorizer's answer to a publish.
 *
 * @param allowed     whether the publish may go ahead
 * @param statusCode  for a refusal, the onStatus code sent to the publisher (NetStream.Publish.BadName or
 *                    NetStream.Publish.Unauthorized, say)
 * @param description for a refusal, the reason, logged and sent to the publisher
 */
public record PublishDecision(boolean allowed, String statusCode, String description) {

    public static final String BAD_NAME = "NetStream.Publish.BadName";
    public static final String UNAUTHORIZED = "NetStream.Publish.Unauthorized";

    private static final PublishDecision ALLOW = new PublishDecision(true, null, null);

    public static PublishDecision allow() {
        return ALLOW;
    }

    public static PublishDecision deny(String statusCode, String description) {
        return new PublishDecision(false, statusCode == null ? BAD_NAME : statusCode, description);
    }
}
