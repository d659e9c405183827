package dev.camelrtmp.server;

/**
 * Receives what is published on one stream. The server calls it from a worker thread, never from an event loop,
 * one call at a time per connection and in the order the messages were received. A call may block: the server then
 * stops reading from that connection once enough messages wait, rather than dropping any.
 */
public interface StreamListener {

    /** The publish began (NetStream.Publish.Start was sent). */
    void onPublishStart(PublishInfo stream);

    /** An audio, video or data message of the stream. */
    void onMessage(PublishInfo stream, MediaMessage message);

    /**
     * A publish was refused (by the authorizer, or as a duplicate). No other call follows for it.
     *
     * @param statusCode  the onStatus code sent to the publisher
     * @param description the reason
     */
    default void onPublishRefused(PublishInfo stream, String statusCode, String description) {
    }

    /** The stream ended, with what it carried; no more calls follow for it. */
    void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats);

    /**
     * A player began to play a stream of this target (NetStream.Play.Start was sent); it may wait for the publisher.
     * Called in order with the other calls of the player's connection.
     */
    default void onPlayStart(PlayInfo play) {
    }

    /** A play ended, with what it sent; no more calls follow for it. */
    default void onPlayEnd(PlayInfo play, PlayEndReason reason, PlayStats stats) {
    }
}
