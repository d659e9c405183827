package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.dataformat.FlvDataFormat;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.NginxRtmp;
import dev.camelrtmp.test.Peers;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An FLV file replayed with the flv data format and the rtmp producer: to the project's own consumer and to
 * nginx-rtmp, bit-exact; at real time, paced by the timestamps.
 */
class ReplayTest extends PublishTestSupport {

    private NginxRtmp nginx;

    @AfterEach
    void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Override
    protected org.apache.camel.RoutesBuilder[] createRouteBuilders() {
        return new org.apache.camel.RoutesBuilder[] { createRouteBuilder(), new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:replay").routeId("replay")
                        .unmarshal(new FlvDataFormat().streamKey("replayed"))
                        .split(body()).streaming()
                            .toD("${exchangeProperty.target}")
                        .end();
                from("direct:replay-realtime").routeId("replay-realtime")
                        .unmarshal(new FlvDataFormat().streamKey("paced").realtime(true))
                        .split(body()).streaming()
                            .toD("${exchangeProperty.target}")
                        .end();
            }
        } };
    }

    @Test
    void replayToOwnConsumerIsBitExact() throws Exception {
        Path clip = Clips.h264Aac(30);
        replay("direct:replay", clip, "rtmp://127.0.0.1:" + port + "/live");
        awaitEnd();
        assertMediaEqualsTagsOf(clip);
        assertThat(recording().getFileName().toString()).isEqualTo("replayed.flv");
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
    }

    @Test
    void realTimeReplayIsPacedByTimestamps() throws Exception {
        Path clip = Clips.h264Aac(6);
        long start = System.nanoTime();
        replay("direct:replay-realtime", clip, "rtmp://127.0.0.1:" + port + "/live");
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitEnd();
        assertMediaEqualsTagsOf(clip);
        // paced: the last frame (6 s into the clip) cannot have been sent before its time
        assertThat(seconds).isGreaterThan(5.5);
    }

    @Test
    void replayToNginxIsBitExact() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        nginx = NginxRtmp.start(work.resolve("nginx"));
        Path clip = Clips.h264Aac(30);
        replay("direct:replay", clip, nginx.url("ignored")
                .replace("/ignored", ""));
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        Path recording = nginx.recording(1, "replayed");
        MediaTools.awaitFramemd5(ffmpeg, recording, null, source, Duration.ofSeconds(20));
    }

    /** Sends the file through a replay route; the split frames go to {@code target}. */
    private void replay(String route, Path clip, String target) throws Exception {
        org.apache.camel.Exchange done = template.send(route, e -> {
            e.setProperty("target", target);
            e.getIn().setBody(Files.newInputStream(clip));
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }
}
