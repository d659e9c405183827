package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;
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
 * Fan-out: fifty raw players wait on one stream key while FFmpeg publishes about 9 MB of 720p to it (every live
 * message is chunked once and shared by all of them), and a fifty-first player never reads. Each reading player gets
 * every audio and video message the route got, in order and bit-exact; the stalled one is held to its bound by
 * dropping, and costs the others nothing.
 */
class FanOutTest extends PublishTestSupport {

    private static final int PLAYERS = 50;
    private static final Pattern ENDED = Pattern.compile("\\((\\d+) messages sent, (\\d+) dropped");

    @Override
    protected String consumerOptions() {
        return "&maxQueuedBytes=1048576";
    }

    @Test
    void everyPlayerGetsEveryMessageBitExactBesideAStalledOne() throws Exception {
        Path clip = Clips.h264Aac(10, 1280, 720);
        List<RawRtmp> players = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(PLAYERS);
        try (LogCapture log = LogCapture.start(); RawRtmp stalled = new RawRtmp(port)) {
            stalled.handshake().connect("live");
            stalled.command(0, "createStream", 2, null);
            stalled.command(1, "play", 0, null, "fan");
            for (int i = 0; i < PLAYERS; i++) {
                RawRtmp player = new RawRtmp(port);
                players.add(player);
                player.handshake().connect("live");
                player.command(0, "createStream", 2, null);
                player.command(1, "play", 0, null, "fan");
            }
            Wait.until("every player waits", Duration.ofSeconds(60),
                    () -> log.lines("INFO", "Play started: live/fan").size() == PLAYERS + 1);
            List<Future<List<String>>> played = new ArrayList<>();
            for (RawRtmp player : players) {
                played.add(readers.submit(() -> mediaUntilUnpublished(player)));
            }

            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re",
                    "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("fan")), null, 120)
                    .requireSuccess("ffmpeg publish");
            awaitEnd();

            Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
            assertThat(codedFrames(RtmpConstants.TYPE_VIDEO)).isEqualTo(counts.get("video"));
            assertThat(codedFrames(RtmpConstants.TYPE_AUDIO)).isEqualTo(counts.get("audio"));
            List<String> expected = media().stream().map(r -> r.typeId() + " " + r.length() + " " + r.sha256())
                    .toList();
            for (int i = 0; i < PLAYERS; i++) {
                assertThat(played.get(i).get(60, TimeUnit.SECONDS)).as("player %d", i)
                        .containsExactlyElementsOf(expected);
            }

            for (RawRtmp player : players) {
                player.close();
            }
            String stalledAddress = "to 127.0.0.1:" + stalled.localPort() + " (";
            stalled.close();
            Wait.until("every end is logged", Duration.ofSeconds(30),
                    () -> log.lines("INFO", "Play ended: live/fan").size() == PLAYERS + 1);
            for (var line : log.lines("INFO", "Play ended: live/fan")) {
                Matcher m = ENDED.matcher(line.message());
                assertThat(m.find()).as(line.message()).isTrue();
                long dropped = Long.parseLong(m.group(2));
                if (line.message().contains(stalledAddress)) {
                    assertThat(dropped).as("dropped for the stalled player: " + line.message()).isPositive();
                } else {
                    assertThat(dropped).as("dropped for a reading player: " + line.message()).isZero();
                }
            }
        } finally {
            readers.shutdownNow();
            for (RawRtmp player : players) {
                player.close();
            }
        }
    }

    /**
     * The type, length and hash of every audio and video message the player gets, until the server tells it the
     * stream was unpublished.
     */
    private static List<String> mediaUntilUnpublished(RawRtmp player) throws Exception {
        List<String> media = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            RtmpMessage message = player.nextMessage(Duration.ofSeconds(5));
            if (message == null) {
                continue;
            }
            if (message.typeId() == MessageType.AUDIO || message.typeId() == MessageType.VIDEO) {
                media.add(message.typeId() + " " + message.length() + " " + MediaTools.sha256(message.payload()));
            } else if (message.typeId() == MessageType.COMMAND_AMF0) {
                Command command = Command.decode(message, 64);
                if (command.name().equals("onStatus") && command.arguments().stream().anyMatch(
                        a -> a instanceof Map<?, ?> info && "NetStream.Play.UnpublishNotify".equals(info.get("code")))) {
                    return media;
                }
            }
        }
        throw new AssertionError("no UnpublishNotify within 180 s, after " + media.size() + " messages");
    }
}
