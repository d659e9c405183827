package dev.camelrtmp.server;

import java.util.Map;

/**
 * What is known of one play: what is played and by whom.
 *
 * @param application       the application from {@code connect}, without query string
 * @param streamKey         the stream name from {@code play}, without query string
 * @param streamName        the stream name exactly as played, with any query string
 * @param clientAddress     the player's address as {@code host:port}
 * @param connectionId      an id unique to the connection within this server
 * @param messageStreamId   the message stream the play travels on
 * @param tcUrl             the {@code tcUrl} from {@code connect}, or null
 * @param connectParameters the whole {@code connect} command object (empty over HTTP)
 * @param transport         how the player plays: {@link #RTMP} or {@link #HTTP_FLV}
 */
public record PlayInfo(String application, String streamKey, String streamName, String clientAddress,
        String connectionId, int messageStreamId, String tcUrl, Map<String, Object> connectParameters,
        String transport) {

    /** A play over RTMP (or RTMPS). */
    public static final String RTMP = "RTMP";
    /** A play over HTTP: the live stream as an FLV file of chunked transfer encoding. */
    public static final String HTTP_FLV = "HTTP_FLV";

    /** A play over RTMP. */
    public PlayInfo(String application, String streamKey, String streamName, String clientAddress,
            String connectionId, int messageStreamId, String tcUrl, Map<String, Object> connectParameters) {
        this(application, streamKey, streamName, clientAddress, connectionId, messageStreamId, tcUrl,
                connectParameters, RTMP);
    }

    /** {@code application/streamKey}, for logs. */
    public String path() {
        return application + "/" + streamKey;
    }
}
