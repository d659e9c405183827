package dev.camelrtmp.server;

/**
 * A live path cannot be published by the application: a connection or another route publishes it now.
 */
public class PathInUseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String publisherConnectionId;

    /**
     * @param path                  {@code application/streamKey}
     * @param publisher             who publishes it, for the message
     * @param publisherConnectionId the connection id of that publisher (a route's is {@code local-N}), or null
     */
    public PathInUseException(String path, String publisher, String publisherConnectionId) {
        super("Stream '" + path + "' is already being published by " + publisher);
        this.path = path;
        this.publisherConnectionId = publisherConnectionId;
    }

    /** {@code application/streamKey}. */
    public String path() {
        return path;
    }

    /** The connection id of the publisher that holds the path (a route's is {@code local-N}), or null. */
    public String publisherConnectionId() {
        return publisherConnectionId;
    }
}
