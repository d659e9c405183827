package dev.camelrtmp.protocol;

/**
 * Raised when bytes received from a peer violate the RTMP, AMF or FLV format. The connection that sent them is
 * closed; nothing else is affected.
 */
public class RtmpProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RtmpProtocolException(String message) {
        super(message);
    }

    public RtmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
