package dev.camelrtmp.server;

import java.util.Map;

/**
 * What is known of one publish: where it was published to and by whom.
 *
 * @param application       the application from {@code connect}, without query string
 * @param streamKey         the stream name from {@code publish}, without query string
 * @param streamName        the stream name exactly as published, with any query string
 * @param publishType       the publishing type argument ({@code live}, {@code record}, {@code append})
 * @param clientAddress     the peer's address as {@code host:port}
 * @param connectionId      an id unique to the connection within this server
 * @param messageStreamId   the message stream the publish travels on
 * @param tcUrl             the {@code tcUrl} from {@code connect}, or null
 * @param connectParameters the whole {@code connect} command object
 */
public record PublishInfo(String application, String streamKey, String streamName, String publishType,
        String clientAddress, String connectionId, int messageStreamId, String tcUrl,
        Map<String, Object> connectParameters) {

    /** {@code application/streamKey}, for logs. */
    public String path() {
        return application + "/" + streamKey;
    }
}
