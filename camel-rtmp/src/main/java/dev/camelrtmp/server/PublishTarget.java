package dev.camelrtmp.server;

/**
 * Something that accepts publishes to an application, or to one stream key of it, registered with
 * {@link RtmpServer#register}.
 *
 * @param application the application name clients connect to, or null for any application
 * @param streamKey   the one stream key accepted, or null for any
 * @param listener    receives the published streams
 * @param authorizer  decides on each publish, or null to allow every publish that reaches this target
 * @param duplicate   what to do when a key already live is published again
 */
public record PublishTarget(String application, String streamKey, StreamListener listener,
        PublishAuthorizer authorizer, DuplicatePublish duplicate) {

    /** A target that allows every publish and refuses duplicates. */
    public PublishTarget(String application, String streamKey, StreamListener listener) {
        this(application, streamKey, listener, null, DuplicatePublish.REFUSE);
    }

    boolean accepts(String application, String streamKey) {
        return servesApplication(application) && (this.streamKey == null || this.streamKey.equals(streamKey));
    }

    boolean servesApplication(String application) {
        return this.application == null || this.application.equals(application);
    }
}
