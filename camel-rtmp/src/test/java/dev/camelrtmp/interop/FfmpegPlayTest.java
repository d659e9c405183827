package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's FFmpeg 5.1 plays what FFmpeg publishes, beside the route: a player joining mid-stream starts on a key
 * frame from the GOP cache and gets the exact tail of every stream; a player waiting before the publish gets all.
 */
class FfmpegPlayTest extends PublishTestSupport {

    @Test
    void aPlayerJoiningMidStreamStartsOnAKeyFrameAndGetsTheExactTail() throws Exception {
        Path clip = Clips.h264Aac(10);
        int published = MediaTools.publishedMessages(clip);
        Process publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("cam")), null);
        Wait.until("a third of the clip received", Duration.ofSeconds(30), () -> received.size() > published / 3);
        Path out = work.resolve("played.flv");
        ProcessResult player = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-i", rtmpUrl("cam"), "-c", "copy", "-f", "flv", "-y", out.toString()), null, 60);
        player.requireSuccess("ffmpeg play");
        ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
        awaitEnd();

        assertRouteGotEverything(clip);
        assertThat(firstVideoPacketFlags(out)).as("the first video packet played").contains("K");
        List<List<String>> played = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out, null));
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        assertThat(played).hasSize(2);
        for (int stream = 0; stream < 2; stream++) {
            List<String> tail = played.get(stream);
            List<String> all = source.get(stream);
            assertThat(tail).as("stream %d joined mid-stream", stream).isNotEmpty().hasSizeLessThan(all.size());
            assertThat(all.subList(all.size() - tail.size(), all.size())).as("stream %d is an exact tail", stream)
                    .containsExactlyElementsOf(tail);
        }
    }

    @Test
    void aPlayerWaitingBeforeThePublishGetsTheWholeStream() throws Exception {
        Path clip = Clips.h264Aac(4);
        Path out = work.resolve("waited.flv");
        Process player;
        try (LogCapture log = LogCapture.start()) {
            player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", rtmpUrl("early"), "-c", "copy", "-f", "flv", "-y", out.toString()), null);
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: live/early").isEmpty());
        }
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("early")), null, 60)
                .requireSuccess("ffmpeg publish");
        ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
        awaitEnd();

        assertRouteGotEverything(clip);
        assertThat(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out, null)))
                .isEqualTo(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null)));
    }

    private void assertRouteGotEverything(Path clip) throws Exception {
        Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
    }

    private static String firstVideoPacketFlags(Path file) throws Exception {
        ProcessResult r = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error", "-select_streams",
                "v:0", "-show_entries", "packet=flags", "-read_intervals", "%+#1", "-of", "csv=p=0",
                file.toString()), null, 60).requireSuccess("ffprobe " + file);
        return r.stdout().strip().lines().findFirst().orElse("");
    }
}
