package dev.camelrtmp.examples;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder as an operator sees it, in a JVM of its own: one line when it starts (where it listens, where it
 * records), and on SIGTERM one line per stream it closes, naming its file, which is complete on disk.
 */
class RecorderShutdownTest {

    @TempDir
    Path work;

    @Test
    void startsWithOneLineAndClosesEachStreamWithOneLineOnSigterm() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Path recordings = work.resolve("recordings");
        RecorderJvm recorder = RecorderJvm.start(RecorderMain.class.getName(), Map.of("RTMP_PORT",
                String.valueOf(port), "RECORDINGS_DIR", recordings.toString()), false);
        Process publisher = null;
        try {
            Wait.until("the recorder listens", Duration.ofSeconds(30), () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (Exception notYet) {
                    return false;
                }
            });
            publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                    "-re", "-i", Clips.h264Aac(30).toString(), "-c", "copy", "-f", "flv",
                    "rtmp://127.0.0.1:" + port + "/live/cam1"), null);
            Path file = recordings.resolve("live").resolve("cam1.flv");
            Wait.until("the stream is being recorded", Duration.ofSeconds(20),
                    () -> Files.exists(file) && file.toFile().length() > 100_000);

            ProcessResult stopped = recorder.stop(30);
            String out = stopped.stdout();
            assertThat(out.lines().filter(l -> l.contains("camel-rtmp-recorder listening on rtmp://0.0.0.0:" + port
                    + "/<app>/<key>, recording into " + recordings.toAbsolutePath()))).hasSize(1);
            assertThat(out.lines().filter(l -> l.contains("Recording of live/cam1 closed as the route stopped: "
                    + file + ", the file keeps "))).as(out).hasSize(1);
            assertThat(FlvReader.readAll(file)).as("every tag of the file whole").isNotEmpty();
            assertThat(publisher.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the publisher was let go")
                    .isTrue();
        } finally {
            if (publisher != null) {
                publisher.destroyForcibly();
            }
            recorder.process().destroyForcibly();
        }
    }
}
