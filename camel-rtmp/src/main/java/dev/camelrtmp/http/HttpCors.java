package dev.camelrtmp.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** The CORS headers of the HTTP listener's responses. */
final class HttpCors {

    private HttpCors() {
    }

    /** Adds Access-Control-Allow-Origin (and Vary: Origin for one origin) unless {@code origin} is empty. */
    static void add(HttpHeaders headers, String origin) {
        if (!origin.isEmpty()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if (!"*".equals(origin)) {
                headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            }
        }
    }
}
