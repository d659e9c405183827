package dev.camelrtmp.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The main job: FFmpeg publishes the same key twice; both recordings exist, neither overwritten, each equal to
 * the source packet for packet, and closed once the publisher has left. An encoder that freezes with its connection
 * open is taken over by its restart (IDLE_TAKEOVER_SECONDS), which is recorded whole. A refused publish and a failed
 * recording are logged as such, and a folder that cannot take recordings stops the recorder from starting.
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

    /** The recorder's own log lines (the route's log steps). */
    private static List<String> recorderLines(LogCapture log) {
        return log.matching(e -> e.getLoggerName().equals("recorder")).stream().map(LogCapture::text).toList();
    }

    @Test
    void aStreamBeingRecordedCanBeWatchedAtItsUrlAndThePlayIsLogged() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(4);
        String url = "rtmp://127.0.0.1:" + port + "/live/cam4";
        Path played = recordings.resolve("played.flv");
        NotifyBuilder playEnded = new NotifyBuilder(context)
                .filter(e -> "PLAY_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        NotifyBuilder publishEnded = new NotifyBuilder(context)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        try (LogCapture log = LogCapture.start()) {
            Process player = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", url, "-c", "copy", "-f", "flv", "-y", played.toString()), null);
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> recorderLines(log).stream().anyMatch(l -> l.startsWith("Stream live/cam4 played by")));
            ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", url), null, 60).requireSuccess("ffmpeg publish");
            ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
            assertThat(playEnded.matches(30, TimeUnit.SECONDS)).as("play ended").isTrue();
            int published = MediaTools.publishedMessages(clip);
            assertThat(recorderLines(log)).filteredOn(l -> l.contains(" play by ")).singleElement().asString()
                    .matches("Stream live/cam4 play by 127\\.0\\.0\\.1:\\d+ ended \\(STOPPED\\): " + published
                            + " messages sent, 0 dropped as the player fell behind");
        }
        assertThat(publishEnded.matches(30, TimeUnit.SECONDS)).as("publish ended").isTrue();
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        assertThat(MediaTools.framemd5(ffmpeg, recordings.resolve("live/cam4.flv"), null))
                .as("the recording, beside the player").containsExactlyElementsOf(source);
        assertThat(sizesAndHashes(MediaTools.framemd5(ffmpeg, played, null))).as("what the player got")
                .containsExactlyElementsOf(sizesAndHashes(source));
    }

    /** Stream, size and hash of each framemd5 line: timestamps aside. */
    private static List<String> sizesAndHashes(List<String> framemd5) {
        return framemd5.stream().map(line -> {
            String[] f = line.split(",");
            return f[0] + " " + f[4] + " " + f[5];
        }).toList();
    }

    @Test
    void refusedPublishIsLoggedAsARefusal() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(30);
        NotifyBuilder started = new NotifyBuilder(context)
                .filter(e -> "PUBLISH_START".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        try (LogCapture log = LogCapture.start()) {
            Process first = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-re",
                    "-i", clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam2"), null);
            try {
                assertThat(started.matches(30, TimeUnit.SECONDS)).as("first publish started").isTrue();
                NotifyBuilder refused = new NotifyBuilder(context)
                        .filter(e -> "PUBLISH_REFUSED".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1)
                        .create();
                ProcessResult second = ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel",
                        "error", "-i", clip.toString(), "-c", "copy", "-f", "flv",
                        "rtmp://127.0.0.1:" + port + "/live/cam2"), null, 60);
                assertThat(second.exitCode()).isNotZero();
                assertThat(refused.matches(30, TimeUnit.SECONDS)).as("refusal event").isTrue();
            } finally {
                first.destroy();
                ProcessRunner.await(first, 30, List.of("first ffmpeg"));
            }
            assertThat(recorderLines(log)).filteredOn(l -> l.contains("refused")).singleElement().asString()
                    .matches("Stream live/cam2 refused from 127\\.0\\.0\\.1:\\d+: NetStream\\.Publish\\.BadName "
                            + "\\(Stream 'live/cam2' is already being published\\.\\)");
            assertThat(recorderLines(log)).noneMatch(l -> l.contains("ended ()"));
        }
    }

    @Test
    void failedRecordingTellsThePublisherAndIsLoggedAsSuch() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Files.writeString(recordings.resolve("live"), "a file where the application's folder would be");
        NotifyBuilder ended = new NotifyBuilder(context)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        try (LogCapture log = LogCapture.start()) {
            // at real time, so that the publisher is still there to be told (a small clip at full speed is all
            // sent before its first message is recorded)
            ProcessResult publish = ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error",
                    "-re", "-i", Clips.h264Aac(30).toString(), "-c", "copy", "-f", "flv",
                    "rtmp://127.0.0.1:" + port + "/live/cam3"), null, 60);
            assertThat(publish.exitCode()).isNotZero();
            assertThat(publish.stderr()).contains("Recording failed: live: exists and is not a folder.");
            assertThat(ended.matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(recorderLines(log)).anyMatch(l -> l.matches("Stream live/cam3 started from \\S+, recording "
                    + "failed: live: exists and is not a folder"));
            assertThat(recorderLines(log)).anyMatch(l -> l.matches("Stream live/cam3 ended \\(ERROR\\): \\d+ video, "
                    + "\\d+ audio, \\d+ data messages; recording failed: live: exists and is not a folder"));
            assertThat(log.atLeast(Level.ERROR)).singleElement().extracting(LogCapture::text).asString()
                    .startsWith("Recording of live/cam3 into " + recordings.resolve("live/cam3.flv") + " failed: "
                            + "live: exists and is not a folder; nothing recorded; closing the publisher");
        }
    }

    @Test
    void unusableRecordingsFolderFailsTheStart() throws Exception {
        Path file = Files.writeString(recordings.resolve("not-a-folder"), "x");
        try (CamelContext other = new DefaultCamelContext()) {
            other.addRoutes(new RecorderRoute("127.0.0.1", AvailablePortFinder.getNextAvailable(), file.toString()));
            assertThatThrownBy(other::start).rootCause().hasMessage("flv: cannot record into folder " + file
                    + ": exists and is not a folder");
        }
    }
}
