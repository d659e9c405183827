package dev.camelrtmp.client;

import java.net.URI;

/**
 * An RTMP URL split the way publishers split it: {@code rtmp[s]://host[:port]/application/streamName[?query]}.
 *
 * @param secure     whether it is rtmps (TLS)
 * @param host       the server host
 * @param port       the port (1935, or 443 for rtmps, when not given)
 * @param application the application, the first path segment
 * @param streamName the rest of the path with any query string, or null when the URL names none
 */
public record RtmpUrl(boolean secure, String host, int port, String application, String streamName) {

    public static RtmpUrl parse(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) {
            throw new IllegalArgumentException("not an rtmp:// or rtmps:// URL: " + url);
        }
        boolean secure = scheme.equals("rtmps");
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 1935;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("no application in " + url);
        }
        int slash = path.indexOf('/');
        String application = slash < 0 ? path : path.substring(0, slash);
        String stream = slash < 0 ? null : path.substring(slash + 1);
        if (stream != null && uri.getRawQuery() != null) {
            stream = stream + "?" + uri.getRawQuery();
        }
        return new RtmpUrl(secure, uri.getHost(), port, application, stream == null || stream.isEmpty() ? null
                : stream);
    }

    /** The same server and application with another stream name. */
    public RtmpUrl withStreamName(String name) {
        return new RtmpUrl(secure, host, port, application, name);
    }

    /** The tcUrl sent in connect: the URL up to the application. */
    public String tcUrl() {
        return (secure ? "rtmps" : "rtmp") + "://" + host + ":" + port + "/" + application;
    }

    @Override
    public String toString() {
        return tcUrl() + (streamName == null ? "" : "/" + streamName);
    }
}
