package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.component.FlvConstants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frozen encoder: FFmpeg publishes at real time and is stopped with SIGSTOP, its connection left open. Its
 * restart on the same key takes over once the frozen one has been idle for idlePublisherTakeOver, and is recorded
 * whole; with the take-over off (and the default duplicatePublish=REFUSE) the restart is refused.
 */
class IdleTakeOverTest extends CamelTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IdleTakeOverTest.class);
    private static final long TAKE_OVER_MS = 1500;

    private final int port = AvailablePortFinder.getNextAvailable();
    /** Audio and video received, per connection, as "TYPE@timestamp length sha256". */
    private final Map<String, List<String>> media = new ConcurrentHashMap<>();
    private final List<Message> events = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the idle publisher rule is kept out of the way: here the take-over alone decides
                String base = "rtmp://127.0.0.1:" + port;
                String common = "?lifecycleEvents=true&idlePublisherTimeout=120000";
                from(base + "/takeover" + common + "&idlePublisherTakeOver=" + TAKE_OVER_MS)
                        .to("flv:" + work.resolve("recordings")).process(IdleTakeOverTest.this::collect);
                from(base + "/refuse" + common + "&idlePublisherTakeOver=0")
                        .to("flv:" + work.resolve("recordings")).process(IdleTakeOverTest.this::collect);
            }
        };
    }

    private void collect(Exchange exchange) {
        Message in = exchange.getIn();
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            events.add(in.copy());
        } else if (!RtmpConstants.TYPE_DATA.equals(type)) {
            byte[] body = in.getBody(byte[].class);
            media.computeIfAbsent(in.getHeader(RtmpConstants.CONNECTION_ID, String.class),
                    c -> Collections.synchronizedList(new ArrayList<>())).add(type + "@"
                            + (in.getHeader(RtmpConstants.TIMESTAMP, Long.class) & 0xFFFFFFFFL) + " " + body.length
                            + " " + MediaTools.sha256(body));
        }
    }

    private List<Message> events(String event) {
        synchronized (events) {
            return events.stream().filter(m -> event.equals(m.getHeader(RtmpConstants.EVENT))).toList();
        }
    }

    private static List<String> tagsOf(Path flv) throws Exception {
        List<String> tags = new ArrayList<>();
        for (FlvTag tag : FlvReader.readAll(flv)) {
            if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                tags.add((tag.type() == FlvTagType.AUDIO ? "AUDIO" : "VIDEO") + "@" + tag.timestamp() + " "
                        + tag.data().length + " " + MediaTools.sha256(tag.data()));
            }
        }
        return tags;
    }

    /** Starts FFmpeg publishing a 30 s clip at real time to {@code path} and waits until its media arrives. */
    private Process startLive(String path) throws Exception {
        Process live = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-re", "-i", Clips.h264Aac(30).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/" + path), null);
        Wait.until("the first publisher's media arrives", Duration.ofSeconds(15),
                () -> media.values().stream().anyMatch(m -> m.size() >= 30));
        return live;
    }

    private ProcessResult restart(String path, Path clip) throws Exception {
        return ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + path), null, 60);
    }

    private static void signal(Process process, String signal) throws Exception {
        ProcessRunner.run(List.of("kill", "-" + signal, String.valueOf(process.pid())), null, 10)
                .requireSuccess("kill -" + signal);
    }

    private static void release(Process frozen) throws Exception {
        if (frozen != null) {
            signal(frozen, "CONT");
            frozen.destroyForcibly();
            ProcessRunner.await(frozen, 10, List.of("frozen ffmpeg"));
        }
    }

    @Test
    void theRestartOfAFrozenEncoderTakesOverAndIsRecordedWhole() throws Exception {
        Path clip = Clips.h264Aac(6);
        Process frozen = null;
        try {
            frozen = startLive("takeover/cam");
            String frozenConnection = events("PUBLISH_START").get(0).getHeader(RtmpConstants.CONNECTION_ID,
                    String.class);
            signal(frozen, "STOP");
            long frozenAt = System.nanoTime();
            // the restart retries, as encoders do, until the frozen publisher counts as idle
            int[] attempts = { 0 };
            Wait.until("the restart takes over", Duration.ofSeconds(30), () -> {
                attempts[0]++;
                try {
                    ProcessResult result = restart("takeover/cam", clip);
                    assertThat(result.exitCode() == 0 || result.stderr().contains("already being published"))
                            .as("refused as already published, or published: " + result.stderr()).isTrue();
                    return result.exitCode() == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Wait.until("both streams end", Duration.ofSeconds(10), () -> events("PUBLISH_END").size() == 2);
            Message restartStart = events("PUBLISH_START").get(1);
            String restartConnection = restartStart.getHeader(RtmpConstants.CONNECTION_ID, String.class);
            LOG.info("Frozen encoder taken over after {} attempts, {} ms after SIGSTOP (idlePublisherTakeOver {} ms)",
                    attempts[0], (System.nanoTime() - frozenAt) / 1_000_000, TAKE_OVER_MS);

            Map<String, String> reasons = new java.util.HashMap<>();
            for (Message end : events("PUBLISH_END")) {
                reasons.put(end.getHeader(RtmpConstants.CONNECTION_ID, String.class),
                        end.getHeader(RtmpConstants.END_REASON, String.class));
            }
            assertThat(reasons).containsEntry(frozenConnection, "TAKEN_OVER")
                    .containsEntry(restartConnection, "UNPUBLISHED");
            assertThat(media.get(restartConnection)).containsExactlyElementsOf(tagsOf(clip));
            Message restartEnd = events("PUBLISH_END").stream()
                    .filter(m -> restartConnection.equals(m.getHeader(RtmpConstants.CONNECTION_ID)))
                    .findFirst().orElseThrow();
            Path recording = Path.of(restartEnd.getHeader(FlvConstants.FILE_NAME, String.class));
            assertThat(MediaTools.framemd5(Peers.ffmpeg(), recording, null))
                    .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        } finally {
            release(frozen);
        }
    }

    @Test
    void withoutTheTakeOverTheRestartIsRefused() throws Exception {
        Path clip = Clips.h264Aac(6);
        Process frozen = null;
        try {
            frozen = startLive("refuse/cam");
            signal(frozen, "STOP");
            long frozenAt = System.nanoTime();
            int attempts = 0;
            // however long the frozen one has been idle (here past twice the other consumer's take-over time)
            while (attempts == 0 || System.nanoTime() - frozenAt < 2 * TAKE_OVER_MS * 1_000_000) {
                ProcessResult refused = restart("refuse/cam", clip);
                attempts++;
                assertThat(refused.exitCode()).as("attempt " + attempts).isNotZero();
                assertThat(refused.stderr()).contains("already being published");
            }
            int refusals = attempts;
            Wait.until("every refusal reported", Duration.ofSeconds(10),
                    () -> events("PUBLISH_REFUSED").size() == refusals);
            assertThat(events("PUBLISH_END")).isEmpty();
        } finally {
            release(frozen);
        }
    }
}
