package dev.camelrtmp.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a publisher asks for, as an authorizer sees it.
 *
 * @param application       the application from connect
 * @param streamKey         the stream name without query string
 * @param streamName        the stream name as published, e.g. {@code key?token=abc}
 * @param queryParameters   the query parameters of the stream name, decoded
 * @param connectParameters the connect command object (tcUrl, flashVer, any custom fields)
 * @param clientAddress     the publisher's {@code host:port}
 */
public record PublishRequest(String application, String streamKey, String streamName,
        Map<String, String> queryParameters, Map<String, Object> connectParameters, String clientAddress) {

    /** Splits the query string of a stream name into decoded parameters (the first value of each name wins). */
    public static Map<String, String> query(String streamName) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int q = streamName.indexOf('?');
        if (q < 0) {
            return parameters;
        }
        for (String pair : streamName.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }
}
