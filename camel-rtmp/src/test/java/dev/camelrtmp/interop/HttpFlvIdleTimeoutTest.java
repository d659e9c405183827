package dev.camelrtmp.interop;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * playIdleTimeout over HTTP-FLV: a reader waiting for a key nobody publishes gets the FLV header, then, once it has
 * waited that long, the response's last chunk (a whole, empty FLV file), and PLAY_END says TIMEOUT.
 */
class HttpFlvIdleTimeoutTest extends PublishTestSupport {

    private final int httpPort = AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort + "&playIdleTimeout=1000";
    }

    @Test
    void aReaderWaitingLongerThanPlayIdleTimeoutGetsTheEndOfTheResponse() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + httpPort + "/live/nobody.flv")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes(); // ends only with the response's last chunk
        }
        assertThat(body).containsExactly('F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0);
        Wait.until("PLAY_END", Duration.ofSeconds(30), () -> !playEnds().isEmpty());
        Message end = playEnds().get(0);
        assertThat(end.getHeader(RtmpConstants.END_REASON)).isEqualTo("TIMEOUT");
        assertThat(end.getHeader(RtmpConstants.PLAY_TRANSPORT)).isEqualTo("HTTP_FLV");
    }

    private List<Message> playEnds() {
        synchronized (events) {
            return events.stream().filter(m -> RtmpConstants.PLAY_END.equals(m.getHeader(RtmpConstants.EVENT)))
                    .toList();
        }
    }
}
