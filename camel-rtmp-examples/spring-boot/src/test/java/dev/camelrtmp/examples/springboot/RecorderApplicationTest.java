package dev.camelrtmp.examples.springboot;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.netty.util.Version;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Boot recorder as a user runs it: FFmpeg publishes to an allowed key and the recording holds every
 * packet; a key outside camel.component.rtmp.allowed-stream-keys is refused; Actuator reports the application UP;
 * and it runs on the Netty line the Spring Boot version manages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecorderApplicationTest {

    /** Before anything of Netty runs: the test fails on a buffer the component never released. */
    private static final boolean LEAKS_WATCHED = NettyLeaks.install();
    private static final Path WORK = temporaryDirectory();
    private static final int RTMP_PORT = freePort();

    @DynamicPropertySource
    static void listener(DynamicPropertyRegistry registry) {
        registry.add("rtmp.host", () -> "127.0.0.1");
        registry.add("rtmp.port", () -> RTMP_PORT);
        registry.add("recordings.dir", () -> WORK.resolve("recordings").toString());
    }

    @Autowired
    CamelContext camel;

    @Value("${local.server.port}")
    int httpPort;

    @Test
    void recordsAnAllowedKeyAndRefusesAnother() throws Exception {
        Path clip = Ffmpeg.clip(WORK);
        String live = "rtmp://127.0.0.1:" + RTMP_PORT + "/live/";

        // the stream's end event is the last exchange of a publish: the recording is complete after it
        NotifyBuilder ended = new NotifyBuilder(camel)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        Ffmpeg.Result published = Ffmpeg.publish(clip, live + "cam1");
        assertThat(published.exitCode()).as("publish to cam1: " + published.stderr()).isZero();
        assertThat(ended.matches(30, TimeUnit.SECONDS)).as("cam1's publish ended").isTrue();
        Path recording = WORK.resolve("recordings/live/cam1.flv");
        assertThat(recording).exists();
        assertThat(Ffmpeg.packetCounts(recording)).as("packets recorded").isEqualTo(Ffmpeg.packetCounts(clip));

        Ffmpeg.Result refused = Ffmpeg.publish(clip, live + "cam9");
        assertThat(refused.exitCode()).as("publish to cam9, not an allowed key").isNotZero();
        assertThat(WORK.resolve("recordings/live/cam9.flv")).doesNotExist();

        // the consumer's meters, in Spring Boot's own metrics endpoint
        assertThat(get("/actuator/metrics").body()).contains("camel.rtmp.messages.received",
                "camel.rtmp.publishers.active", "camel.rtmp.connections.active", "camel.rtmp.publishes.refused");
        assertThat(get("/actuator/metrics/camel.rtmp.publishes.refused").body()).contains("\"value\":1.0");
        assertThat(get("/actuator/metrics/camel.rtmp.messages.received").body())
                .contains("\"application\"", "\"listener\"").doesNotContain("\"value\":0.0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void actuatorHealthIsUp() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        // Camel's health checks, the RTMP consumer's among them (its listener is bound)
        assertThat(health.body()).contains("rtmp-consumer-");
    }

    @Test
    void runsOnTheNettyLineSpringBootManages() {
        String netty = Version.identify().get("netty-common").artifactVersion();
        String boot = SpringBootVersion.getVersion();
        // Spring Boot 3.5 manages Netty 4.1, Spring Boot 4 Netty 4.2: the component runs on either, nothing pinned
        assertThat(netty).as("Netty under Spring Boot " + boot).startsWith(boot.startsWith("3.") ? "4.1." : "4.2.");
    }

    @AfterEach
    void noLeakedBuffers() {
        assertThat(LEAKS_WATCHED).isTrue();
        NettyLeaks.assertNone();
    }

    @AfterAll
    static void removeWork() throws IOException {
        try (Stream<Path> files = Files.walk(WORK)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("recorder-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
