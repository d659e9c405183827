package dev.camelrtmp.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.handshake.ClientHandshake;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that send a byte a second, which no read timeout notices: during the handshake, after it, and in the
 * middle of a published message. Each is closed by its time budget with one logged line, while FFmpeg publishing
 * beside them is recorded bit-exact; and a route slower than the idle budget does not get a healthy publisher
 * dropped.
 */
class ConnectionBudgetsTest extends PublishTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBudgetsTest.class);

    private static final long HANDSHAKE_MS = 2000;
    private static final long SETUP_MS = 2000;
    private static final long IDLE_MS = 3000;
    /** Closed by its budget within this, on a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger slowKeyFrames = new AtomicInteger();

    @Override
    protected String consumerOptions() {
        return "&handshakeTimeout=" + HANDSHAKE_MS + "&setupTimeout=" + SETUP_MS + "&idlePublisherTimeout=" + IDLE_MS
                + "&maxQueuedBytes=65536&maxQueuedMessages=32";
    }

    /** The route takes twice the idle budget over each of the first two key frames of the stream key "slow". */
    @Override
    protected void slowDown(RouteDefinition route) {
        route.process(exchange -> {
            Message in = exchange.getIn();
            if ("slow".equals(in.getHeader(RtmpConstants.STREAM_KEY))
                    && Boolean.TRUE.equals(in.getHeader(RtmpConstants.KEY_FRAME, Boolean.class))
                    && !Boolean.TRUE.equals(in.getHeader(RtmpConstants.SEQUENCE_HEADER, Boolean.class))
                    && slowKeyFrames.incrementAndGet() <= 2) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2 * IDLE_MS)); // a slow route, not a wait
            }
        });
    }

    @AfterEach
    void stopDripping() {
        dripper.shutdownNow();
    }

    /** Sends one byte of {@code bytes} a second, from the first, until they run out or the connection fails. */
    private void drip(RawRtmp connection, byte[] bytes) {
        AtomicInteger next = new AtomicInteger();
        dripper.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < bytes.length) {
                try {
                    connection.send(new byte[] { bytes[i] });
                } catch (IOException closed) {
                    next.set(bytes.length);
                }
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Seconds until the server closes the connection, at most {@link #BOUND}; fails past that. */
    private static double secondsUntilClosed(RawRtmp connection, long sinceNanos, String what) throws IOException {
        assertThat(connection.closedWithin(BOUND)).as(what + " closed within " + BOUND).isTrue();
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static byte[] chunkHeader(int csid, int length, int type, int msid) {
        return new byte[] { (byte) csid, 0, 0, 0, (byte) (length >> 16), (byte) (length >> 8), (byte) length,
                (byte) type, (byte) msid, (byte) (msid >> 8), (byte) (msid >> 16), (byte) (msid >> 24) };
    }

    @Test
    void dripsAreClosedByTheirDeadlinesWhileFfmpegIsRecordedBitExact() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(10);
        Process publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("live1")), null);
        Wait.until("FFmpeg is publishing", Duration.ofSeconds(10), () -> startNanos != 0);
        try (LogCapture log = new LogCapture();
                RawRtmp inHandshake = new RawRtmp(port);
                RawRtmp afterHandshake = new RawRtmp(port).handshake()) {
            long start = System.nanoTime();
            drip(inHandshake, new ClientHandshake(false).c0c1());
            drip(afterHandshake, new byte[] { 3, 0, 0, 0, 0, 0, 100, MessageType.COMMAND_AMF0, 0, 0, 0, 0, 2, 0 });
            double handshakeClosed = secondsUntilClosed(inHandshake, start, "a drip during the handshake");
            double setupClosed = secondsUntilClosed(afterHandshake, start, "a drip after the handshake");
            LOG.info("Drips closed after {} s (handshakeTimeout {} ms) and {} s (setupTimeout {} ms)",
                    String.format("%.2f", handshakeClosed), HANDSHAKE_MS, String.format("%.2f", setupClosed),
                    SETUP_MS);

            List<LogCapture.Line> handshakeLines = log.lines("WARN", "127.0.0.1:" + inHandshake.localPort() + ":");
            assertThat(handshakeLines).hasSize(1);
            assertThat(handshakeLines.get(0).message()).contains("handshake not completed within " + HANDSHAKE_MS);
            List<LogCapture.Line> setupLines = log.lines("WARN", "127.0.0.1:" + afterHandshake.localPort() + ":");
            assertThat(setupLines).hasSize(1);
            assertThat(setupLines.get(0).message())
                    .contains("no stream published within " + SETUP_MS + " ms (setupTimeout)");
        }
        ProcessRunner.await(publisher, 60, List.of("ffmpeg")).requireSuccess("ffmpeg publish");
        awaitEnd();
        assertThat(events.get(events.size() - 1).getHeader(RtmpConstants.END_REASON)).isEqualTo("UNPUBLISHED");
        assertMediaEqualsTagsOf(clip);
        assertThat(MediaTools.framemd5(ffmpeg, recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));
    }

    @Test
    void aDripInsideAPublishedMessageEndsTheStreamWithTimeout() throws Exception {
        try (LogCapture log = new LogCapture(); RawRtmp publisher = new RawRtmp(port).handshake()) {
            publisher.connect("live").command(0, "createStream", 2, null).command(1, "publish", 3, null, "drip",
                    "live");
            assertThat(publisher.nextStatusCode(BOUND)).isEqualTo("NetStream.Publish.Start");
            long start = System.nanoTime();
            publisher.send(chunkHeader(6, 1000, MessageType.VIDEO, 1));
            drip(publisher, new byte[1000]);
            double closed = secondsUntilClosed(publisher, start, "a drip inside a video message");
            LOG.info("Publish drip closed after {} s (idlePublisherTimeout {} ms)", String.format("%.2f", closed),
                    IDLE_MS);
            awaitEnd();
            Message end = events.get(events.size() - 1);
            assertThat(end.getHeader(RtmpConstants.STREAM_KEY)).isEqualTo("drip");
            assertThat(end.getHeader(RtmpConstants.END_REASON)).isEqualTo("TIMEOUT");
            List<LogCapture.Line> lines = log.lines("WARN", "127.0.0.1:" + publisher.localPort() + ":");
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).message()).contains(
                    "live/drip received no audio, video or data message for " + IDLE_MS + " ms (idlePublisherTimeout)");
        }
    }

    @Test
    void aRouteSlowerThanTheIdleBudgetDoesNotDropAHealthyPublisher() throws Exception {
        Path clip = Clips.h264Aac(6);
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", reference.toString()), null, 120).requireSuccess("remux");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("slow")), null, 120).requireSuccess("publish");
        awaitEnd();
        assertThat(slowKeyFrames.get()).as("key frames that held the route").isGreaterThanOrEqualTo(2);
        Message end = events.get(events.size() - 1);
        assertThat(end.getHeader(RtmpConstants.END_REASON)).isEqualTo("UNPUBLISHED");
        assertThat(end.getHeader(RtmpConstants.READ_PAUSES, Long.class)).as("reading paused for the route").isPositive();
        assertMediaEqualsTagsOf(reference);
    }
}
