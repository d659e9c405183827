package dev.camelrtmp.server;

/** Why a published stream ended. */
public enum EndReason {
    /** The publisher sent FCUnpublish, closeStream or deleteStream. */
    UNPUBLISHED,
    /** The connection closed without the stream being unpublished first. */
    CLIENT_CLOSED,
    /** The connection was closed because of a protocol error or a failure on the server. */
    ERROR,
    /**
     * Nothing was received for longer than the read timeout, or no audio, video or data message for longer than the
     * idle publisher timeout.
     */
    TIMEOUT,
    /** The server, or the consumer the stream was published to, stopped. */
    SERVER_STOPPED,
    /**
     * Another publisher of the same stream key took over (duplicatePublish=TAKE_OVER, or this one had been idle for
     * idlePublisherTakeOver).
     */
    TAKEN_OVER
}
