package dev.camelrtmp.server;

/** What happens when a stream key that is already live is published again. */
public enum DuplicatePublish {
    /**
     * The new publisher is refused with NetStream.Publish.BadName and the live one goes on, unless the live one has
     * been idle for {@link PublishTarget#idleTakeOverMillis()}.
     */
    REFUSE,
    /** The new publisher takes over: the live one's connection is closed (its stream ends TAKEN_OVER). */
    TAKE_OVER
}
