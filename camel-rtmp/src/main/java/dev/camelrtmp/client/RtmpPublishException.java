package dev.camelrtmp.client;

import java.io.IOException;

/**
 * The remote server refused a step of the publish (connect, createStream, publish), or the connection failed.
 */
public class RtmpPublishException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String statusCode;

    /**
     * @param statusCode the server's status code (e.g. NetStream.Publish.BadName), or null when the failure was not
     *                   the server's answer
     */
    public RtmpPublishException(String message, String statusCode) {
        super(message);
        this.statusCode = statusCode;
    }

    public RtmpPublishException(String message, Throwable cause) {
        super(message, cause);
        this.statusCode = null;
    }

    /** The server's status code, or null. */
    public String statusCode() {
        return statusCode;
    }
}
