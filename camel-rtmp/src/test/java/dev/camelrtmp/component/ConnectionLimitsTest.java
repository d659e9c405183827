package dev.camelrtmp.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.camelrtmp.test.RawRtmp;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections past maxConnectionsPerAddress are closed at once; the ones within it carry on. */
class ConnectionLimitsTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?maxConnectionsPerAddress=3").to("mock:live");
            }
        };
    }

    @Test
    void connectionsPastTheLimitAreClosed() throws Exception {
        List<RawRtmp> allowed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            allowed.add(new RawRtmp(port).handshake());
        }
        try (RawRtmp fourth = new RawRtmp(port)) {
            assertThat(fourth.closedWithin(Duration.ofSeconds(5))).as("the fourth connection").isTrue();
        }
        for (RawRtmp c : allowed) {
            assertThat(c.answersPing(Duration.ofSeconds(10))).as("connections within the limit").isTrue();
        }
        allowed.get(0).close();
        // a place is free again
        dev.camelrtmp.test.Wait.until("a new connection is accepted", Duration.ofSeconds(5), () -> {
            try (RawRtmp again = new RawRtmp(port)) {
                again.handshake();
                return again.answersPing(Duration.ofSeconds(5));
            } catch (Exception e) {
                return false;
            }
        });
        for (RawRtmp c : allowed) {
            c.close();
        }
    }
}
