package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.component.Mp4Constants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Tmpfs;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mp4:} recorder: FFmpeg publishes, the route records fragmented MP4; the file plays while it is written
 * and in the end holds the published packets.
 */
class Mp4RecordTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    private final BlockingQueue<Message> ends = new ArrayBlockingQueue<>(4);

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "?lifecycleEvents=true")
                        .to("mp4:" + work.resolve("recordings") + "?fragmentDuration=500")
                        .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                        .process(e -> ends.add(e.getIn().copy()));
            }
        };
    }

    private String url(String key) {
        return url("live", key);
    }

    private String url(String application, String key) {
        return "rtmp://127.0.0.1:" + port + "/" + application + "/" + key;
    }

    private Path awaitEnd() throws InterruptedException {
        Message end = awaitEndMessage();
        assertThat(end).as("PUBLISH_END within 60 s").isNotNull();
        assertThat(end.getHeader(Mp4Constants.RECORD_ERROR)).isNull();
        assertThat(end.getHeader(Mp4Constants.FRAGMENTS, Long.class)).isGreaterThan(3);
        return Path.of(end.getHeader(Mp4Constants.FILE_NAME, String.class));
    }

    private Message awaitEndMessage() throws InterruptedException {
        Message end = ends.poll(60, TimeUnit.SECONDS);
        assertThat(end).as("PUBLISH_END within 60 s").isNotNull();
        return end;
    }

    /**
     * A full disk (a 1 MB tmpfs) ends the recording once: one ERROR line, the publisher told and disconnected, and
     * the file cut back to its last whole fragment, so that it reads without an error as a prefix of the stream.
     */
    @Test
    void fullDiskKeepsWholeFragmentsAndTellsThePublisher() throws Exception {
        Path clip = Clips.h264Aac(300); // 33 MB: more than the disk holds, longer than the route lags behind
        Path disk = work.resolve("recordings").resolve("full");
        Files.createDirectories(disk);
        Tmpfs tmpfs = Tmpfs.mount(disk, "1m");
        try (LogCapture log = LogCapture.start()) {
            ProcessResult publish = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "error", "-i", clip.toString(), "-c", "copy", "-f", "flv", url("full", "cam")), null, 120);
            assertThat(publish.exitCode()).as("FFmpeg fails once told\n" + publish.stderr()).isNotZero();
            assertThat(publish.stderr()).contains("Recording failed: No space left on device");
            Message end = awaitEndMessage();
            assertThat(end.getHeader(Mp4Constants.RECORD_ERROR)).isEqualTo("No space left on device");
            assertThat(log.atLeast(org.apache.logging.log4j.Level.ERROR)).as("ERROR lines").hasSize(1);
            assertThat(log.atLeast(org.apache.logging.log4j.Level.INFO).stream().filter(e -> e.getThrown() != null))
                    .as("no stack trace").isEmpty();
            Path file = Path.of(end.getHeader(Mp4Constants.FILE_NAME, String.class));
            long fragments = end.getHeader(Mp4Constants.FRAGMENTS, Long.class);
            assertThat(fragments).isPositive();
            ProcessResult probe = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "warning",
                    "-show_packets", file.toString()), null, 60).requireSuccess("ffprobe");
            assertThat(probe.stderr()).as("ffprobe complaints").isBlank();
            List<Fmp4MuxTest.Packet> source = Fmp4MuxTest.packets(Peers.ffmpeg(), Map.of(), clip);
            List<Fmp4MuxTest.Packet> kept = Fmp4MuxTest.packets(Peers.ffmpeg(), Map.of(), file);
            for (int stream = 0; stream < 2; stream++) {
                int s = stream;
                List<String> want = source.stream().filter(p -> p.stream() == s).map(Fmp4MuxTest.Packet::payload)
                        .toList();
                List<String> got = kept.stream().filter(p -> p.stream() == s).map(Fmp4MuxTest.Packet::payload)
                        .toList();
                assertThat(got).as("stream %d: a prefix of what was published", s).isNotEmpty()
                        .isEqualTo(want.subList(0, got.size()));
            }
        } finally {
            context.stop(); // closes any recording still open on the tmpfs
            tmpfs.close();
        }
    }

    @Test
    void h264AacPlaysWhileRecordedAndHoldsEveryPacket() throws Exception {
        Path clip = Clips.h264Aac(4);
        Path file = work.resolve("recordings").resolve("live").resolve("cam.mp4");
        List<String> publish = List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url("cam"));
        Process publisher = ProcessRunner.start(publish, null);
        // while FFmpeg still publishes, the file already reads: init segment and whole fragments
        Wait.until("the recording reads with video packets while the publish goes on", Duration.ofSeconds(30), () -> {
            try {
                if (!Files.exists(file) || !publisher.isAlive()) {
                    return !publisher.isAlive();
                }
                ProcessResult probe = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                        "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of",
                        "csv=p=0", file.toString()), null, 30);
                return probe.exitCode() == 0 && probe.stderr().isBlank() && !probe.stdout().isBlank()
                        && Integer.parseInt(probe.stdout().trim()) >= 15;
            } catch (Exception notYet) {
                return false;
            }
        });
        assertThat(publisher.isAlive()).as("the publish still goes on when the partial file played").isTrue();
        ProcessRunner.await(publisher, 60, publish).requireSuccess("ffmpeg publish");
        assertThat(awaitEnd()).isEqualTo(file);
        Fmp4MuxTest.assertSamePackets(Peers.ffmpeg(), Peers.ffprobe(), Map.of(), clip, file);
    }

    @Test
    void hevcFromFfmpeg71() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path flv = work.resolve("hevc-aac.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                Clips.hevcAac().toString(), "-c", "copy", "-f", "flv", flv.toString()), ff.env(), 120)
                .requireSuccess("remux");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i", flv.toString(),
                "-c", "copy", "-f", "flv", url("hevc")), ff.env(), 120).requireSuccess("publish");
        Path file = awaitEnd();
        assertThat(file.getFileName()).hasToString("hevc.mp4");
        Fmp4MuxTest.assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, file);
    }
}
