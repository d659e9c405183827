package dev.camelrtmp.examples.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A free RTMP port on the loopback address and a temporary folder for the recordings, for the test's run. */
public class RecorderTestResource implements QuarkusTestResourceLifecycleManager {

    private Path work;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            work = Files.createTempDirectory("recorder-test-");
            return Map.of("rtmp.host", "127.0.0.1", "rtmp.port", String.valueOf(socket.getLocalPort()),
                    "recordings.dir", work.resolve("recordings").toString(), "recorder.work", work.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
