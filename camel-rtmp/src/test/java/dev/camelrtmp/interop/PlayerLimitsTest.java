package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Play control over TCP with a raw client: a player that never reads is disconnected once more than
 * playerMaxDroppedFrames messages were dropped for it (PLAY_END TOO_SLOW), while the route gets every packet; a
 * player's pause, seek and unpause on a live stream are answered.
 */
class PlayerLimitsTest extends PublishTestSupport {

    @Override
    protected String consumerOptions() {
        return "&playerMaxQueuedBytes=262144&playerMaxDroppedFrames=50";
    }

    @Test
    void aPlayerThatKeepsFallingBehindIsDisconnectedAndTheRouteLosesNothing() throws Exception {
        Path clip = Clips.h264Aac(10, 1280, 720);
        try (RawRtmp stalled = new RawRtmp(port)) {
            stalled.handshake().connect("live");
            stalled.command(0, "createStream", 2, null);
            stalled.command(1, "play", 0, null, "big");
            Wait.until("the player waits", Duration.ofSeconds(30), () -> playEvents(RtmpConstants.PLAY_START) == 1);
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("big")), null, 120)
                    .requireSuccess("ffmpeg publish");
            awaitEnd();
            Wait.until("the stalled player's play ends", Duration.ofSeconds(30),
                    () -> playEvents(RtmpConstants.PLAY_END) == 1);
            Message end = playEvent(RtmpConstants.PLAY_END);
            assertThat(end.getHeader(RtmpConstants.END_REASON)).isEqualTo("TOO_SLOW");
            assertThat(end.getHeader(RtmpConstants.MESSAGES_DROPPED, Long.class)).isGreaterThan(50);
            assertThat(stalled.closedWithin(Duration.ofSeconds(30))).as("the stalled player is disconnected").isTrue();
        }
        Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
        assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
    }

    @Test
    void pauseSeekAndUnpauseOfALiveStreamAreAnswered() throws Exception {
        try (RawRtmp player = new RawRtmp(port)) {
            player.handshake().connect("live");
            player.command(0, "createStream", 2, null);
            player.command(1, "play", 0, null, "later");
            assertThat(player.nextStatusCode(Duration.ofSeconds(10))).isEqualTo("NetStream.Play.Reset");
            assertThat(player.nextStatusCode(Duration.ofSeconds(10))).isEqualTo("NetStream.Play.Start");
            player.command(1, "pause", 0, null, true, 0.0);
            assertThat(player.nextStatusCode(Duration.ofSeconds(10))).isEqualTo("NetStream.Pause.Notify");
            player.command(1, "seek", 0, null, 1000.0);
            assertThat(player.nextStatusCode(Duration.ofSeconds(10))).isEqualTo("NetStream.Seek.Notify");
            player.command(1, "pause", 0, null, false, 0.0);
            assertThat(player.nextStatusCode(Duration.ofSeconds(10))).isEqualTo("NetStream.Unpause.Notify");
            player.command(1, "receiveAudio", 0, null, false);
            assertThat(player.answersPing(Duration.ofSeconds(10))).as("still served").isTrue();
        }
    }

    private long playEvents(String event) {
        synchronized (events) {
            return events.stream().filter(m -> event.equals(m.getHeader(RtmpConstants.EVENT))).count();
        }
    }

    private Message playEvent(String event) {
        synchronized (events) {
            return events.stream().filter(m -> event.equals(m.getHeader(RtmpConstants.EVENT))).findFirst()
                    .orElseThrow();
        }
    }
}
