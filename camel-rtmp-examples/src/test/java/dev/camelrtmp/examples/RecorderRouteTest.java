package dev.camelrtmp.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job: FFmpeg publishes the same key twice; both recordings exist, neither overwritten, each equal to
 * the source packet for packet, and closed once the publisher has left. An encoder that freezes with its connection
 * open is taken over by its restart (IDLE_TAKEOVER_SECONDS), which is recorded whole.
 */
class RecorderRouteTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path recordings;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RecorderRoute("127.0.0.1", port, recordings.toString(), null, 1);
    }

    @Test
    void recordsEveryPublishIntoItsOwnFile() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        for (int i = 0; i < 2; i++) {
            // the stream's end event is the last exchange of a publish: wait for it, bounded
            NotifyBuilder ended = new NotifyBuilder(context)
                    .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
            ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam1"), null, 120)
                    .requireSuccess("ffmpeg publish");
            assertThat(ended.matches(30, TimeUnit.SECONDS)).as("publish " + i + " ended").isTrue();
        }
        Path first = recordings.resolve("live/cam1.flv");
        Path second = recordings.resolve("live/cam1-1.flv");
        assertThat(Files.exists(first)).isTrue();
        assertThat(Files.exists(second)).isTrue();
        assertThat(MediaTools.framemd5(ffmpeg, first, null)).containsExactlyElementsOf(source);
        assertThat(MediaTools.framemd5(ffmpeg, second, null)).containsExactlyElementsOf(source);
    }

    private static void signal(Process process, String signal) throws Exception {
        ProcessRunner.run(List.of("kill", "-" + signal, String.valueOf(process.pid())), null, 10)
                .requireSuccess("kill -" + signal);
    }

    @Test
    void theRestartOfAFrozenEncoderTakesItsKeyOver() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);
        Path first = recordings.resolve("live/cam2.flv");
        Process frozen = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-re",
                "-i", Clips.h264Aac(30).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/live/cam2"), null);
        try {
            Wait.until("the first publisher is recorded", Duration.ofSeconds(15),
                    () -> Files.exists(first) && first.toFile().length() > 20_000);
            signal(frozen, "STOP");
            NotifyBuilder ended = new NotifyBuilder(context)
                    .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(2).create();
            // the restart retries, as encoders do, until the frozen one has been idle for a second
            Wait.until("the restart takes the key over", Duration.ofSeconds(30), () -> {
                try {
                    return ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-i",
                            clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam2"),
                            null, 60).exitCode() == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(ended.matches(30, TimeUnit.SECONDS)).as("both streams ended").isTrue();
            assertThat(MediaTools.framemd5(ffmpeg, recordings.resolve("live/cam2-1.flv"), null))
                    .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));
        } finally {
            signal(frozen, "CONT");
            frozen.destroyForcibly();
            ProcessRunner.await(frozen, 10, List.of("frozen ffmpeg"));
        }
    }
}
