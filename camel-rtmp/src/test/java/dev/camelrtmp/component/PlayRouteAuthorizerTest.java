package dev.camelrtmp.component;

import java.util.Map;

import dev.camelrtmp.server.PlayDecision;
import dev.camelrtmp.server.PlayRequest;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The play options in order: playAllowedStreamKeys, then the playAuthorizer bean; none gives no authorizer. */
class PlayRouteAuthorizerTest {

    private static PlayRequest request(String key) {
        return new PlayRequest("live", key, key, Map.of(), Map.of(), "127.0.0.1:5000");
    }

    @Test
    void allowedKeysThenTheBeanDecide() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RtmpConfiguration configuration = new RtmpConfiguration();
            assertThat(PlayRouteAuthorizer.of(configuration, context)).as("no play option, no authorizer").isNull();

            configuration.setPlayAllowedStreamKeys(" cam1, cam2 ,");
            configuration.setPlayAuthorizer(r -> r.streamKey().equals("cam2")
                    ? PlayDecision.deny(PlayDecision.STREAM_NOT_FOUND, "Not today.") : PlayDecision.allow());
            PlayRouteAuthorizer authorizer = PlayRouteAuthorizer.of(configuration, context);
            assertThat(authorizer.authorize(request("cam1"))).isEqualTo(PlayDecision.allow());
            assertThat(authorizer.authorize(request("cam3")))
                    .isEqualTo(PlayDecision.deny(PlayDecision.FAILED, "Stream key 'cam3' may not be played."));
            assertThat(authorizer.authorize(request("cam2")))
                    .isEqualTo(PlayDecision.deny(PlayDecision.STREAM_NOT_FOUND, "Not today."));
            authorizer.stop();
        }
    }
}
