package dev.camelrtmp.examples;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.camelrtmp.test.ProcessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder as users start it, in a JVM of its own: a bad environment value, a port that is taken and running
 * out of memory each end the process at once with its exit code and one line on standard error, no stack trace.
 */
class RecorderStartupTest {

    private static final String MAIN = RecorderMain.class.getName();

    @TempDir
    Path work;

    @Test
    void aPortThatIsNotANumberIsOneLineAndExitCode2() throws Exception {
        ProcessResult r = RecorderJvm.start(MAIN, env("RTMP_PORT", "abc"), false).await(60);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().trim()).isEqualTo("RTMP_PORT must be a port number (1-65535), got 'abc'");
        assertNoStackTrace(r);
    }

    @Test
    void otherUnusableValuesAreOneLineAndExitCode2() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "not a folder");
        Map<String, String[]> cases = Map.of(
                "RTMP_PORT", new String[] { "70000", "RTMP_PORT must be a port number (1-65535), got '70000'" },
                "FORWARD_TO", new String[] { "http://example.com/live", "FORWARD_TO must be an rtmp:// or rtmps:// "
                        + "URL with a host and an application, such as rtmp://host:1935/live, got "
                        + "'http://example.com/live'" },
                "RECORDINGS_DIR", new String[] { file.toString(), "RECORDINGS_DIR must be a folder the process can "
                        + "write to, got '" + file + "': it is not a folder" },
                "ROLE", new String[] { "record", "KAFKA_BOOTSTRAP must be set (host:port of a Kafka broker) for "
                        + "ROLE=record" },
                "KAFKA_BOOTSTRAP", new String[] { "kafka1", "KAFKA_BOOTSTRAP must be host:port of a Kafka broker "
                        + "(several separated by commas), got 'kafka1'" });
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            ProcessResult r = RecorderJvm.start(MAIN, env(c.getKey(), c.getValue()[0]), false).await(60);
            assertThat(r.exitCode()).as(c.getKey()).isEqualTo(2);
            assertThat(r.stderr().trim()).as(c.getKey()).isEqualTo(c.getValue()[1]);
            assertNoStackTrace(r);
        }
    }

    @Test
    void anUnknownRoleIsOneLineAndExitCode2() throws Exception {
        ProcessResult r = RecorderJvm.start(MAIN, Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:9092", "ROLE", "replay"),
                false).await(60);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().trim()).isEqualTo("ROLE must be one of ingest, record, edge, got 'replay'");
        assertNoStackTrace(r);
    }

    @Test
    void aPortThatIsTakenEndsTheRecorderWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            ProcessResult r = RecorderJvm.start(MAIN, env("RTMP_PORT", String.valueOf(port)), false).await(60);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr().trim()).isEqualTo("camel-rtmp-recorder could not start: Cannot listen on 0.0.0.0:"
                    + port + ": Address already in use");
            assertNoStackTrace(r);
        }
    }

    /** Without -XX:+ExitOnOutOfMemoryError: the recorder's handler ends the process, exit code 3. */
    @Test
    void runningOutOfMemoryEndsTheProcess() throws Exception {
        ProcessResult r = RecorderJvm.start(OutOfMemoryChild.class.getName(), Map.of(), true, "-Xmx16m").await(60);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("camel-rtmp-recorder: out of memory in thread eater, exiting");
    }

    private Map<String, String> env(String name, String value) {
        // a port nobody listens on and a folder of the test's own, unless the case sets them
        Map<String, String> env = new java.util.HashMap<>(Map.of("RTMP_PORT", "1", "RECORDINGS_DIR",
                work.resolve("recordings").toString()));
        env.put(name, value);
        return env;
    }

    private static void assertNoStackTrace(ProcessResult r) {
        assertThat(r.stdout() + r.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
}
