package dev.camelrtmp.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder in a 48 MiB heap, launched as the README says (-XX:+ExitOnOutOfMemoryError), with 30 FFmpeg
 * publishers sending a 720p clip as fast as they can, about 260 MB in all: it stays up and every recording equals
 * the clip packet for packet. Without the listener's memory budget, each connection could hold 4 MiB and the heap
 * ran out.
 */
class RecorderMemoryTest {

    private static final int PUBLISHERS = 30;

    @TempDir
    Path work;

    @Test
    void thirtyFullSpeedPublishersInA48MiBHeap() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(10, 1280, 720);
        List<String> source = MediaTools.framemd5(ffmpeg, clip, null);
        int port = AvailablePortFinder.getNextAvailable();
        Path recordings = work.resolve("recordings");
        RecorderJvm recorder = RecorderJvm.start(RecorderMain.class.getName(), Map.of("RTMP_PORT",
                String.valueOf(port), "RECORDINGS_DIR", recordings.toString()), false, "-Xmx48m",
                "-XX:+ExitOnOutOfMemoryError");
        try {
            Wait.until("the recorder listens on " + port, Duration.ofSeconds(60),
                    () -> Wait.accepts(port) || !recorder.process().isAlive());
            assertThat(recorder.process().isAlive()).as("the recorder started").isTrue();
            long start = System.nanoTime();
            List<Process> publishers = new ArrayList<>();
            List<List<String>> commands = new ArrayList<>();
            for (int i = 0; i < PUBLISHERS; i++) {
                List<String> command = List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i",
                        clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam" + i);
                commands.add(command);
                publishers.add(ProcessRunner.start(command, null));
            }
            for (int i = 0; i < PUBLISHERS; i++) {
                ProcessRunner.await(publishers.get(i), 120, commands.get(i)).requireSuccess("ffmpeg publish " + i);
            }
            long publishMillis = (System.nanoTime() - start) / 1_000_000;
            for (int i = 0; i < PUBLISHERS; i++) {
                MediaTools.awaitFramemd5(ffmpeg, recordings.resolve("live/cam" + i + ".flv"), null, source,
                        Duration.ofSeconds(30));
            }
            assertThat(recorder.process().isAlive()).as("the recorder is still running").isTrue();
            org.slf4j.LoggerFactory.getLogger(RecorderMemoryTest.class).info(
                    "{} publishers of {} bytes each published in {} ms", PUBLISHERS, java.nio.file.Files.size(clip),
                    publishMillis);
        } finally {
            ProcessResult stopped = recorder.stop(60);
            assertThat(stopped.stdout() + stopped.stderr()).doesNotContain("OutOfMemoryError");
        }
    }
}
