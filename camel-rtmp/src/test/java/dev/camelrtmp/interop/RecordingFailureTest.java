package dev.camelrtmp.interop;

import java.nio.file.Files;
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
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Tmpfs;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recordings that fail for real, on a small tmpfs that fills up under FFmpeg publishers at full speed: each failing
 * recording is one ERROR line (no exception storm), its file keeps only whole tags, the publisher is told and
 * disconnected (or, with onRecordError=CONTINUE_UNRECORDED, the stream goes on through the route), streams recorded
 * elsewhere carry on, and once there is room again the same key records completely into a new file.
 */
class RecordingFailureTest extends CamelTestSupport {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordingFailureTest.class);

    private final int port = AvailablePortFinder.getNextAvailable();
    /** The audio and video messages the route saw, per application/key: "VIDEO@timestamp size sha256". */
    private final Map<String, List<String>> media = new ConcurrentHashMap<>();
    private final List<Message> events = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String base = "rtmp://127.0.0.1:" + port;
                from(base + "/live?lifecycleEvents=true").to("flv:" + work.resolve("disk"))
                        .process(RecordingFailureTest.this::collect);
                from(base + "/cont?lifecycleEvents=true")
                        .to("flv:" + work.resolve("disk") + "?onRecordError=CONTINUE_UNRECORDED")
                        .process(RecordingFailureTest.this::collect);
                from(base + "/safe?lifecycleEvents=true").to("flv:" + work.resolve("safe"))
                        .process(RecordingFailureTest.this::collect);
            }
        };
    }

    private void collect(Exchange exchange) {
        Message in = exchange.getIn();
        String stream = in.getHeader(RtmpConstants.APPLICATION) + "/" + in.getHeader(RtmpConstants.STREAM_KEY);
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            events.add(in.copy());
        } else if (!RtmpConstants.TYPE_DATA.equals(type)) {
            byte[] body = in.getBody(byte[].class);
            media.computeIfAbsent(stream, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(type + "@" + (in.getHeader(RtmpConstants.TIMESTAMP, Long.class) & 0xFFFFFFFFL) + " "
                            + body.length + " " + MediaTools.sha256(body));
        }
    }

    private Process publish(Path clip, String path) throws Exception {
        return ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + path), null);
    }

    /** The PUBLISH_END events of a stream so far. */
    private List<Message> ends(String stream) {
        synchronized (events) {
            return events.stream().filter(m -> RtmpConstants.PUBLISH_END.equals(m.getHeader(RtmpConstants.EVENT))
                    && stream.equals(m.getHeader(RtmpConstants.APPLICATION) + "/"
                            + m.getHeader(RtmpConstants.STREAM_KEY))).toList();
        }
    }

    private Message awaitEnd(String stream, int publishes) {
        Wait.until(stream + " ended " + publishes + " time(s)", Duration.ofSeconds(60),
                () -> ends(stream).size() >= publishes);
        return ends(stream).get(publishes - 1);
    }

    private static List<LogEvent> errorsAbout(LogCapture log, String stream) {
        return log.matching(e -> e.getLevel() == Level.ERROR && LogCapture.text(e).contains(" " + stream + " "));
    }

    /**
     * The file holds whole tags only, and its audio and video tags are the first ones the route received of the
     * stream; returns how many it holds.
     */
    private int assertWholePrefixOf(Path file, String stream) throws Exception {
        List<FlvTag> tags = FlvReader.readAll(file);
        long length = 13;
        List<String> recorded = new ArrayList<>();
        for (FlvTag tag : tags) {
            length += 11 + tag.data().length + 4;
            if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                recorded.add((tag.type() == FlvTagType.AUDIO ? "AUDIO" : "VIDEO") + "@" + tag.timestamp() + " "
                        + tag.data().length + " " + MediaTools.sha256(tag.data()));
            }
        }
        assertThat(Files.size(file)).as(file + " ends right after its last whole tag").isEqualTo(length);
        List<String> received = media.get(stream);
        assertThat(recorded.size()).as(file + ": tags recorded").isPositive().isLessThan(received.size());
        assertThat(recorded).as(file + ": a prefix of what was published")
                .containsExactlyElementsOf(received.subList(0, recorded.size()));
        ProcessResult probe = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error", "-show_entries",
                "packet=codec_type", "-of", "csv=p=0", file.toString()), null, 120).requireSuccess("ffprobe " + file);
        assertThat(probe.stderr()).as("ffprobe reads " + file + " without complaint").isBlank();
        return recorded.size();
    }

    @Test
    void fullDiskEndsEachRecordingOnceAndTellsThePublisher() throws Exception {
        Path big = Clips.h264Aac(300); // 33 MB: each stream alone is more than the disk can hold
        Path small = Clips.h264Aac(6);
        Path disk = work.resolve("disk");
        Tmpfs tmpfs = Tmpfs.mount(disk, "8m");
        LogCapture log = LogCapture.start();
        try {
            Path filler = disk.resolve("filler");
            Files.write(filler, new byte[2 * 1024 * 1024]);
            Process a = publish(big, "live/a");
            Process b = publish(big, "live/b");
            Process c = publish(small, "safe/c"); // recorded on another disk, beside the failures
            long start = System.nanoTime();
            ProcessResult ra = ProcessRunner.await(a, 120, List.of("ffmpeg a"));
            ProcessResult rb = ProcessRunner.await(b, 120, List.of("ffmpeg b"));
            double seconds = (System.nanoTime() - start) / 1e9;
            ProcessRunner.await(c, 120, List.of("ffmpeg c")).requireSuccess("ffmpeg c, recorded elsewhere");
            for (ProcessResult r : List.of(ra, rb)) {
                assertThat(r.exitCode()).as("FFmpeg fails once told\n" + r.stderr()).isNotZero();
                assertThat(r.stderr()).as("FFmpeg was told why").contains("Recording failed: No space left on device");
            }
            int keptInAll = 0;
            for (String stream : List.of("live/a", "live/b")) {
                Message end = awaitEnd(stream, 1);
                assertThat(end.getHeader(RtmpConstants.END_REASON)).isEqualTo("ERROR");
                assertThat(end.getHeader(FlvConstants.RECORD_ERROR)).isEqualTo("No space left on device");
                String fileName = end.getHeader(FlvConstants.FILE_NAME, String.class);
                long tags = end.getHeader(FlvConstants.VIDEO_TAGS, Long.class)
                        + end.getHeader(FlvConstants.AUDIO_TAGS, Long.class);
                assertThat(errorsAbout(log, stream)).as("ERROR lines about " + stream).hasSize(1);
                if (fileName == null) {
                    // on a loaded machine the other stream may fill the disk before this one's first tag: then
                    // nothing is kept and the empty file is removed
                    assertThat(tags).as(stream + ": no file, no tags").isZero();
                    assertThat(LogCapture.text(errorsAbout(log, stream).get(0))).contains("nothing kept");
                    LOG.info("{}: publisher told after {} s; nothing kept", stream, String.format("%.2f", seconds));
                    continue;
                }
                Path file = Path.of(fileName);
                int kept = assertWholePrefixOf(file, stream);
                keptInAll += kept;
                assertThat(tags).isEqualTo(kept);
                LOG.info("{}: publisher told after {} s; {} kept {} tags; {}", stream,
                        String.format("%.2f", seconds), file.getFileName(), kept,
                        LogCapture.text(errorsAbout(log, stream).get(0)));
            }
            assertThat(keptInAll).as("the full disk holds whole tags of the streams that filled it").isPositive();
            Message safe = awaitEnd("safe/c", 1);
            assertThat(MediaTools.framemd5(Peers.ffmpeg(), Path.of(safe.getHeader(FlvConstants.FILE_NAME,
                    String.class)), null)).as("the stream on another disk is recorded whole")
                    .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), small, null));

            List<LogEvent> loud = log.atLeast(Level.INFO);
            assertThat(loud.stream().filter(e -> e.getThrown() != null)).as("no stack trace").isEmpty();
            assertThat(log.atLeast(Level.ERROR)).as("ERROR lines in all").hasSize(2);
            int chars = loud.stream().mapToInt(e -> LogCapture.text(e).length()).sum();
            LOG.info("{} log lines at INFO or above, {} characters, for 2 failed and 1 good recording",
                    loud.size(), chars);
            assertThat(loud).as("log lines at INFO or above").hasSizeLessThan(30);

            // room again: the same key records completely, into a new file
            Files.delete(filler);
            ProcessRunner.await(publish(small, "live/a"), 120, List.of("ffmpeg a again")).requireSuccess("again");
            Message again = awaitEnd("live/a", 2);
            Path file = Path.of(again.getHeader(FlvConstants.FILE_NAME, String.class));
            assertThat(file.getFileName().toString()).isEqualTo("a-1.flv");
            assertThat(again.getHeader(FlvConstants.RECORD_ERROR)).isNull();
            assertThat(MediaTools.framemd5(Peers.ffmpeg(), file, null))
                    .containsExactlyElementsOf(MediaTools.framemd5(Peers.ffmpeg(), small, null));
            assertThat(log.atLeast(Level.ERROR)).hasSize(2);
        } finally {
            log.close();
            context.stop(); // closes any recording still open on the tmpfs
            tmpfs.close();
        }
    }

    @Test
    void continueUnrecordedLetsTheStreamGoOn() throws Exception {
        Path clip = Clips.h264Aac(10); // 1.1 MB on a disk with about 300 KB left
        Path disk = work.resolve("disk");
        Tmpfs tmpfs = Tmpfs.mount(disk, "4m");
        LogCapture log = LogCapture.start();
        try {
            long free = Files.getFileStore(disk).getUsableSpace();
            Files.write(disk.resolve("filler"), new byte[(int) free - 300 * 1024]);
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/cont/d"), null, 120)
                    .requireSuccess("the publisher goes on to the end");
            Message end = awaitEnd("cont/d", 1);
            assertThat(end.getHeader(RtmpConstants.END_REASON)).isIn("UNPUBLISHED", "CLIENT_CLOSED");
            assertThat(end.getHeader(FlvConstants.RECORD_ERROR)).isEqualTo("No space left on device");
            // the rest of the route received the whole stream
            Path reference = work.resolve("reference.flv");
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", reference.toString()), null, 120)
                    .requireSuccess("ffmpeg remux");
            List<String> source = new ArrayList<>();
            for (FlvTag tag : FlvReader.readAll(reference)) {
                if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                    source.add((tag.type() == FlvTagType.AUDIO ? "AUDIO" : "VIDEO") + "@" + tag.timestamp() + " "
                            + tag.data().length + " " + MediaTools.sha256(tag.data()));
                }
            }
            assertThat(media.get("cont/d")).containsExactlyElementsOf(source);
            assertWholePrefixOf(Path.of(end.getHeader(FlvConstants.FILE_NAME, String.class)), "cont/d");
            assertThat(errorsAbout(log, "cont/d")).hasSize(1);
            assertThat(LogCapture.text(errorsAbout(log, "cont/d").get(0))).contains("goes on unrecorded");
            assertThat(log.atLeast(Level.ERROR)).hasSize(1);
            assertThat(log.atLeast(Level.INFO).stream().filter(e -> e.getThrown() != null)).isEmpty();
        } finally {
            log.close();
            context.stop();
            tmpfs.close();
        }
    }
}
