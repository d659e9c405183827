package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Players written in the test (bare RTMP clients) beside FFmpeg publishing: a player that arrives before the
 * publisher, is told the end and is served again on a republish; a player joining mid-GOP that starts at once on the
 * cached key frame; 200 players on one stream, each getting every byte, beside one that never reads. (The 1.1 MB
 * clip fits in the kernel's send buffer of the never-reading connection, which Linux sizes in megabytes on loopback;
 * that the server's bound then drops for such a player is shown with 9 MB in {@link StalledPlayerTest}.)
 */
class RawPlayersTest extends PublishTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RawPlayersTest.class);
    private static final Pattern ENDED = Pattern.compile("\\((\\d+) messages sent, (\\d+) dropped");

    @Test
    void aWaitingPlayerIsToldTheEndAndIsServedAgainOnARepublish() throws Exception {
        Path clip = Clips.h264Aac(3);
        List<String> expected = publishedMedia(clip);
        try (LogCapture log = LogCapture.start(); RawPlayer player = new RawPlayer(port, "live", "again", 2)) {
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: live/again").isEmpty());
            publish(clip, "again", false);
            awaitEnd();
            Wait.until("the player is told the end", Duration.ofSeconds(30), () -> player.events().stream()
                    .anyMatch(e -> e.value().equals("NetStream.Play.UnpublishNotify")));
            ended = new java.util.concurrent.CountDownLatch(1);
            publish(clip, "again", false);
            awaitEnd();
            player.await(Duration.ofSeconds(30));

            List<String> sequence = new ArrayList<>();
            List<String> media = new ArrayList<>();
            List<List<String>> plays = new ArrayList<>();
            for (RawPlayer.Event e : player.events()) {
                if (e.kind().equals("AUDIO") || e.kind().equals("VIDEO")) {
                    media.add(e.value());
                    continue;
                }
                if (!media.isEmpty()) {
                    sequence.add("MEDIA");
                    plays.add(media);
                    media = new ArrayList<>();
                }
                sequence.add(e.kind().equals("STATUS") ? e.value() : e.kind());
            }
            assertThat(sequence).as("what the player was told, in order").containsExactly("BEGIN",
                    "NetStream.Play.Reset", "NetStream.Play.Start",
                    "BEGIN", "NetStream.Play.PublishNotify", "MEDIA", "EOF", "NetStream.Play.UnpublishNotify",
                    "BEGIN", "NetStream.Play.PublishNotify", "MEDIA", "EOF", "NetStream.Play.UnpublishNotify");
            assertThat(plays).as("both publishes, every audio and video message, bit for bit")
                    .containsExactly(expected, expected);
        }
    }

    @Test
    void aPlayerJoiningMidGopStartsAtOnceOnTheCachedKeyFrame() throws Exception {
        // one key frame every 5 s: without the cache a player joining at 6.5 s would wait until 10 s
        Path clip = Clips.h264AacLongGop(10, 5);
        List<String> expected = publishedMedia(clip);
        Process publisher = publishInBackground(clip, "gop");
        Wait.until("the publisher is 1.5 s into its second GOP", Duration.ofSeconds(30),
                () -> latestVideoTimestamp() >= 6500);
        long routeHadVideoUpTo = latestVideoTimestamp();
        try (RawPlayer player = new RawPlayer(port, "live", "gop", 1)) {
            ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
            awaitEnd();
            player.await(Duration.ofSeconds(30));

            RawPlayer.Event first = player.events().stream().filter(e -> e.kind().equals("VIDEO")
                    && !isSequenceHeader(e.payload())).findFirst().orElseThrow();
            assertThat(first.payload()[0] >> 4).as("the first video frame is a key frame").isEqualTo(1);
            long firstTimestamp = Long.parseLong(first.value().substring(first.value().indexOf('@') + 1,
                    first.value().indexOf(' ')));
            assertThat(firstTimestamp).as("the key frame came from the cache, not the live stream")
                    .isLessThanOrEqualTo(routeHadVideoUpTo);
            long latencyMillis = (first.nanos() - player.playSentNanos()) / 1_000_000;
            LOG.info("First key frame {} ms after play (key frame at {} ms, publisher at {} ms)", latencyMillis,
                    firstTimestamp, routeHadVideoUpTo);
            // the next key frame comes 3.5 s after the join: a bound no loaded machine misses by a cache hit
            assertThat(latencyMillis).as("first key frame after play, in ms").isLessThan(3000);

            List<String> media = player.media().stream().filter(m -> !isSequenceHeaderLine(m, expected)).toList();
            assertThat(media).as("an exact tail of the published messages").isNotEmpty();
            assertThat(expected.subList(expected.size() - media.size(), expected.size()))
                    .containsExactlyElementsOf(media);
        }
    }

    @Test
    void twoHundredPlayersGetEveryByteBesideAStalledOne() throws Exception {
        int count = 200;
        Path clip = Clips.h264Aac(10);
        List<String> expected = publishedMedia(clip);
        List<RawPlayer> players = new ArrayList<>();
        try (LogCapture log = LogCapture.start(); RawRtmp stalled = new RawRtmp(port, 4096)) {
            stalled.handshake().connect("live").play("many");
            try {
                for (int i = 0; i < count; i++) {
                    players.add(new RawPlayer(port, "live", "many", 1));
                }
                Wait.until("every player waits", Duration.ofSeconds(60),
                        () -> log.lines("INFO", "Play started: live/many").size() == count + 1);
                long start = System.nanoTime();
                publish(clip, "many", true);
                awaitEnd();
                for (RawPlayer player : players) {
                    player.await(Duration.ofSeconds(60));
                }
                LOG.info("{} players got the {} s clip {} ms after the publish started", count, 10,
                        (System.nanoTime() - start) / 1_000_000);
                for (int i = 0; i < count; i++) {
                    assertThat(players.get(i).media()).as("player %d got every audio and video message", i)
                            .isEqualTo(expected);
                }
                assertThat(codedFrames(RtmpConstants.TYPE_VIDEO))
                        .isEqualTo(MediaTools.packetCounts(Peers.ffprobe(), clip, null).get("video"));
            } finally {
                for (RawPlayer player : players) {
                    player.close();
                }
            }
            String stalledAddress = "to 127.0.0.1:" + stalled.localPort() + " (";
            stalled.close();
            Wait.until("the stalled player's end is logged", Duration.ofSeconds(30), () -> log.lines("INFO",
                    stalledAddress).stream().anyMatch(l -> l.message().contains("Play ended")));
            String ended = log.lines("INFO", stalledAddress).stream().filter(l -> l.message().contains("Play ended"))
                    .findFirst().orElseThrow().message();
            Matcher m = ENDED.matcher(ended);
            assertThat(m.find()).as(ended).isTrue();
            LOG.info("Stalled player: {}", ended);
        }
    }

    private long latestVideoTimestamp() {
        synchronized (received) {
            return received.stream().filter(r -> r.type().equals(RtmpConstants.TYPE_VIDEO))
                    .mapToLong(Received::timestamp).max().orElse(-1);
        }
    }

    private static boolean isSequenceHeader(byte[] video) {
        return video.length > 1 && (video[0] & 0x0f) == 7 && video[1] == 0;
    }

    /** Whether a media line is one of the published sequence headers (players get them first, out of order). */
    private static boolean isSequenceHeaderLine(String line, List<String> published) {
        int index = published.indexOf(line);
        return index >= 0 && index < 2;
    }

    /** The audio and video messages FFmpeg publishes for the clip, as {@code type@timestamp size hash}. */
    private static List<String> publishedMedia(Path clip) throws Exception {
        List<String> media = new ArrayList<>();
        for (FlvTag tag : MediaTools.publishedTags(clip)) {
            if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                media.add(tag.type() + "@" + tag.timestamp() + " " + tag.data().length + " "
                        + MediaTools.sha256(tag.data()));
            }
        }
        return media;
    }

    private void publish(Path clip, String key, boolean realTime) throws Exception {
        ProcessRunner.await(publishInBackground(clip, key, realTime), 60, List.of("ffmpeg publish"))
                .requireSuccess("ffmpeg publish");
    }

    private Process publishInBackground(Path clip, String key) throws Exception {
        return publishInBackground(clip, key, true);
    }

    private Process publishInBackground(Path clip, String key, boolean realTime) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning"));
        if (realTime) {
            cmd.add("-re");
        }
        cmd.addAll(List.of("-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl(key)));
        return ProcessRunner.start(cmd, null);
    }
}
