package dev.camelrtmp.server;

/**
 * Something that accepts publishes to an application, or to one stream key of it, registered with
 * {@link RtmpServer#register}.
 *
 * @param application the application name clients connect to, or null for any application
 * @param streamKey   the one stream key accepted, or null for any
 * @param listener    receives the published streams
 */
public record PublishTarget(String application, String streamKey, StreamListener listener) {

    boolean accepts(String application, String streamKey) {
        return servesApplication(application) && (this.streamKey == null || this.streamKey.equals(streamKey));
    }

    boolean servesApplication(String application) {
        return this.application == null || this.application.equals(application);
    }
}
