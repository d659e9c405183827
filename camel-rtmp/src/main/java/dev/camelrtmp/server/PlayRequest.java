package dev.camelrtmp.server;

import java.util.Map;

/**
 * What a player asks for, as a {@link PlayAuthorizer} sees it.
 *
 * @param application       the application from connect
 * @param streamKey         the stream name without query string
 * @param streamName        the stream name as played, e.g. {@code key?token=abc}
 * @param queryParameters   the query parameters of the stream name, decoded
 * @param connectParameters the connect command object (tcUrl, flashVer, any custom fields)
 * @param clientAddress     the player's {@code host:port}
 */
public record PlayRequest(String application, String streamKey, String streamName,
        Map<String, String> queryParameters, Map<String, Object> connectParameters, String clientAddress) {
}
