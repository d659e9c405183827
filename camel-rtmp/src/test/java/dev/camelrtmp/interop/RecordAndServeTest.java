package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer of every application that records and also serves each stream under {@code out}: the route's own
 * publish of {@code out/KEY} comes back to it (it covers that path too) and is recorded, not published a second
 * time.
 */
class RecordAndServeTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://0.0.0.0:" + port + "?lifecycleEvents=true")
                    .to("flv:" + work.resolve("recordings"))
                    .to("rtmp://0.0.0.0:" + port + "/out");
            }
        };
    }

    @Test
    void theRoutesOwnPublishComesBackAndIsRecordedNotPublishedAgain() throws Exception {
        Path clip = Clips.h264Aac(4);
        Path out = work.resolve("played.flv");
        Process player;
        List<String> problems;
        try (LogCapture log = LogCapture.start()) {
            player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", "rtmp://127.0.0.1:" + port + "/out/cam1", "-c", "copy", "-f", "flv", "-y",
                    out.toString()), null);
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: out/cam1").isEmpty());
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam1"), null, 60)
                    .requireSuccess("ffmpeg publish");
            ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
            problems = log.atLeast(org.apache.logging.log4j.Level.WARN).stream().map(LogCapture::text).toList();
        }
        assertThat(problems).as("warnings and errors").isEmpty();
        List<String> source = MediaTools.framemd5(Peers.ffmpeg(), clip, null);
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), out, null)).containsExactlyElementsOf(source);
        MediaTools.awaitFramemd5(Peers.ffmpeg(), work.resolve("recordings/live/cam1.flv"), null, source,
                Duration.ofSeconds(20));
        MediaTools.awaitFramemd5(Peers.ffmpeg(), work.resolve("recordings/out/cam1.flv"), null, source,
                Duration.ofSeconds(20));
    }
}
