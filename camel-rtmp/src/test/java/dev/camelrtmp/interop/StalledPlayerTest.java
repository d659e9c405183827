package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A player that never reads, beside an FFmpeg player and the route, while FFmpeg publishes about 9 MB of 720p: the
 * route and the FFmpeg player get every packet; the stalled player is held to its bound by dropping.
 */
class StalledPlayerTest extends PublishTestSupport {

    private static final Pattern ENDED = Pattern.compile("\\((\\d+) messages sent, (\\d+) dropped");

    @Override
    protected String consumerOptions() {
        return "&playerMaxQueuedBytes=1048576";
    }

    @Test
    void aStalledPlayerCostsNobodyAnything() throws Exception {
        Path clip = Clips.h264Aac(10, 1280, 720);
        Path out = work.resolve("played.flv");
        try (LogCapture log = LogCapture.start(); RawRtmp stalled = new RawRtmp(port)) {
            stalled.handshake().connect("live");
            stalled.command(0, "createStream", 2, null);
            stalled.command(1, "play", 0, null, "big");
            Process player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-i", rtmpUrl("big"), "-c", "copy", "-f", "flv", "-y", out.toString()), null);
            Wait.until("both players wait", Duration.ofSeconds(30),
                    () -> log.lines("INFO", "Play started: live/big").size() == 2);

            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re",
                    "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("big")), null, 120)
                    .requireSuccess("ffmpeg publish");
            ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play");
            awaitEnd();

            Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
            assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
            assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
            assertThat(sizesAndHashes(MediaTools.framemd5(Peers.ffmpeg(), out, null)))
                    .as("the FFmpeg player got every packet")
                    .containsExactlyElementsOf(sizesAndHashes(MediaTools.framemd5(Peers.ffmpeg(), clip, null)));

            String stalledAddress = "to 127.0.0.1:" + stalled.localPort() + " (";
            stalled.close();
            Wait.until("the stalled player's end is logged", Duration.ofSeconds(30),
                    () -> log.lines("INFO", stalledAddress).stream().anyMatch(l -> l.message().contains("Play ended")));
            String ended = log.lines("INFO", stalledAddress).stream().filter(l -> l.message().contains("Play ended"))
                    .findFirst().orElseThrow().message();
            Matcher m = ENDED.matcher(ended);
            assertThat(m.find()).as(ended).isTrue();
            assertThat(Long.parseLong(m.group(2))).as("messages dropped for the stalled player: " + ended)
                    .isPositive();
        }
    }

    /** Stream, size and hash of each framemd5 line: timestamps aside. */
    private static List<String> sizesAndHashes(List<String> framemd5) {
        return framemd5.stream().map(line -> {
            String[] f = line.split(",");
            return f[0] + " " + f[4] + " " + f[5];
        }).toList();
    }
}
