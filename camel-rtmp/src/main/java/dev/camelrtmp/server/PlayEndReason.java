package dev.camelrtmp.server;

/** Why a play ended. */
public enum PlayEndReason {
    /** The player sent closeStream or deleteStream. */
    STOPPED,
    /** The player's connection closed. */
    CLIENT_CLOSED,
    /** The connection was closed because of a protocol error or a failure on the server. */
    ERROR,
    /** Nothing was received for longer than the read timeout, or nothing was published for playIdleTimeout. */
    TIMEOUT,
    /** The server, or the consumer the stream is played from, stopped. */
    SERVER_STOPPED,
    /** The player fell so far behind that more than playerMaxDroppedFrames messages were dropped for it. */
    TOO_SLOW,
    /** An HTTP-FLV play: the publisher ended, and so did the response. */
    UNPUBLISHED;

    /** The play's end when its connection closed for {@code reason}. */
    static PlayEndReason of(EndReason reason) {
        return switch (reason) {
            case ERROR -> ERROR;
            case TIMEOUT -> TIMEOUT;
            case SERVER_STOPPED -> SERVER_STOPPED;
            default -> CLIENT_CLOSED;
        };
    }
}
