package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.NginxRtmp;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx-rtmp pulls a stream from camel-rtmp ({@code pull ... static}) while FFmpeg publishes it here: nginx records
 * what it pulled, and the recording holds every packet of the clip, bit for bit.
 */
class NginxPullTest extends PublishTestSupport {

    @Test
    void nginxPullsEveryPacket() throws Exception {
        Path clip = Clips.h264Aac(4);
        try (LogCapture log = LogCapture.start();
                NginxRtmp nginx = NginxRtmp.start(work.resolve("nginx"),
                        List.of("pull " + rtmpUrl("pulled") + " name=pulled static;"))) {
            Wait.until("nginx pulls (and waits for the publisher)", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: live/pulled").isEmpty());
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re",
                    "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("pulled")), null, 60)
                    .requireSuccess("ffmpeg publish");
            awaitEnd();

            List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
            Path recorded = nginx.recording(1, "pulled");
            Wait.until("nginx's recording holds the whole clip", Duration.ofSeconds(30), () -> {
                try {
                    return Files.exists(recorded) && Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(),
                            recorded, null)).equals(source);
                } catch (Exception | AssertionError notYet) {
                    return false;
                }
            });
            List<Integer> counts = Played.assertTails(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(),
                    recorded, null)), source, true);
            assertThat(counts.stream().map(Integer::longValue).toList()).as("video and audio packets pulled")
                    .containsExactly(MediaTools.packetCounts(Peers.ffprobe(), clip, null).get("video"),
                            MediaTools.packetCounts(Peers.ffprobe(), clip, null).get("audio"));
            assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).as("the route beside nginx")
                    .isEqualTo(MediaTools.packetCounts(Peers.ffprobe(), clip, null).get("video"));
        }
    }
}
