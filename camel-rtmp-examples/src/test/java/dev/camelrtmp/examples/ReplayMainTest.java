package dev.camelrtmp.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.Wait;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/recipes.md's replay command, ReplayMain, in a JVM of its own with the examples jar's class path (it once lacked
 * the file component): an FLV file replayed to a server arrives whole.
 */
class ReplayMainTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?lifecycleEvents=true").to("mock:replayed");
            }
        };
    }

    @Test
    void replaysAFileWhole() throws Exception {
        Path clip = Clips.h264Aac(6);
        int tags = FlvReader.readAll(clip).size();
        ProcessResult replay = RecorderJvm.start(ReplayMain.class.getName(), List.of(clip.toAbsolutePath().toString(),
                "rtmp://127.0.0.1:" + port + "/live/replayed", "--fast"), Map.of(), false).await(120);
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        MockEndpoint replayed = getMockEndpoint("mock:replayed");
        Wait.until("the replayed stream ends", Duration.ofSeconds(30), () -> replayed.getExchanges().stream()
                .anyMatch(e -> RtmpConstants.PUBLISH_END.equals(e.getIn().getHeader(RtmpConstants.EVENT))));
        assertThat(replayed.getExchanges().stream().filter(e -> !RtmpConstants.TYPE_EVENT.equals(
                e.getIn().getHeader(RtmpConstants.MESSAGE_TYPE))).count()).isEqualTo(tags);
    }
}
