package dev.camelrtmp.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.NginxRtmp;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job with FORWARD_TO: the recorder records and forwards each stream to nginx-rtmp under its own key; then
 * the replay example publishes the recording again, to nginx, under another key. Every copy equals the source.
 */
class ForwardingRecorderTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    @TempDir
    Path work;
    private NginxRtmp nginx;

    @Override
    protected RoutesBuilder createRouteBuilder() throws Exception {
        nginx = NginxRtmp.start(work.resolve("nginx"));
        return new RecorderRoute("127.0.0.1", port, work.resolve("recordings").toString(),
                "rtmp://127.0.0.1:" + nginx.port() + "/live");
    }

    @AfterEach
    void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void recordsForwardsAndReplays() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i", clip.toString(),
                "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam7"), null, 60)
                .requireSuccess("ffmpeg publish");
        Path recording = work.resolve("recordings/live/cam7.flv");
        awaitEqual(ffmpeg, recording, source);
        awaitEqual(ffmpeg, nginx.recording(1, "cam7"), source);

        context.addRoutes(new ReplayRoute(recording, nginx.url("again"), false));
        awaitEqual(ffmpeg, nginx.recording(1, "again"), source);
    }

    private static void awaitEqual(Path ffmpeg, Path file, List<String> expected) {
        MediaTools.awaitFramemd5(ffmpeg, file, null, expected, Duration.ofSeconds(20));
    }
}
