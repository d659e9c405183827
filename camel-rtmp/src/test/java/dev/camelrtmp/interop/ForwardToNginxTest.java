package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.NginxRtmp;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFmpeg publishes into camel-rtmp; a route forwards to nginx-rtmp, which records: nginx's recording equals the
 * source packet for packet, and FFmpeg plays the stream back from nginx.
 */
class ForwardToNginxTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    @TempDir
    Path work;
    private NginxRtmp nginx;

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        nginx = NginxRtmp.start(work.resolve("nginx"));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?lifecycleEvents=true").routeId("relay")
                        .to("rtmp://127.0.0.1:" + nginx.port() + "/live");
            }
        };
    }

    @AfterEach
    void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void forwardedStreamIsRecordedBitExactByNginxAndPlaysBack() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);
        NotifyBuilder ended = new NotifyBuilder(context)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        Process publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/fwd"),
                null);
        Path recording = nginx.recording(1, "fwd");
        Wait.until("nginx records the forwarded stream", Duration.ofSeconds(15),
                () -> Files.exists(recording) && recording.toFile().length() > 50_000);

        ProcessResult play = ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error",
                "-i", nginx.url("fwd"), "-t", "2", "-c", "copy", "-f", "null", "-"), null, 60);
        assertThat(play.exitCode()).as("FFmpeg plays back from nginx: " + play.stderr()).isZero();
        assertThat(play.stderr()).isBlank();

        ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
        assertThat(ended.matches(30, TimeUnit.SECONDS)).isTrue();
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        // nginx finishes its recording when the forwarded publish closes
        Wait.until("nginx's recording equals the source", Duration.ofSeconds(20), () -> {
            try {
                return MediaTools.framemd5(ffmpeg, recording, null).equals(source);
            } catch (Exception e) {
                return false;
            }
        });
    }
}
