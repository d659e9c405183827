package dev.camelrtmp.examples.quarkus;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.Version;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Quarkus recorder in JVM mode: FFmpeg publishes to an allowed key and the recording holds every packet; a key
 * outside camel.component.rtmp.allowed-stream-keys is refused; /q/health is UP; Netty is the 4.1 Quarkus brings.
 */
@QuarkusTest
@WithTestResource(RecorderTestResource.class)
class RecorderTest {

    @Inject
    CamelContext camel;

    @ConfigProperty(name = "rtmp.port")
    int rtmpPort;

    @ConfigProperty(name = "recorder.work")
    Path work;

    @TestHTTPResource("/q/health")
    URL health;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    /** What Netty's leak detector (PARANOID in surefire) reports while a test runs. */
    private final List<String> leaks = new ArrayList<>();
    private final Handler leakReports = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                synchronized (leaks) {
                    leaks.add(String.valueOf(record.getMessage()));
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void watchLeaks() {
        Logger.getLogger("io.netty.util.ResourceLeakDetector").addHandler(leakReports);
    }

    @Test
    void recordsAnAllowedKeyAndRefusesAnother() throws Exception {
        Path clip = Ffmpeg.clip(work);
        String live = "rtmp://127.0.0.1:" + rtmpPort + "/live/";

        // the stream's end event is the last exchange of a publish: the recording is complete after it
        NotifyBuilder ended = new NotifyBuilder(camel)
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader("CamelRtmpEvent"))).whenDone(1).create();
        Ffmpeg.Result published = Ffmpeg.publish(clip, live + "cam1");
        assertEquals(0, published.exitCode(), () -> "publish to cam1: " + published.stderr());
        assertTrue(ended.matches(30, TimeUnit.SECONDS), "cam1's publish ended");
        Path recording = work.resolve("recordings/live/cam1.flv");
        assertTrue(Files.exists(recording), recording + " exists");
        assertEquals(Ffmpeg.packetCounts(clip), Ffmpeg.packetCounts(recording), "packets recorded");

        Ffmpeg.Result refused = Ffmpeg.publish(clip, live + "cam9");
        assertNotEquals(0, refused.exitCode(), "publish to cam9, not an allowed key");
        assertFalse(Files.exists(work.resolve("recordings/live/cam9.flv")), "no recording of cam9");

        // the consumer's meters, in Quarkus' metrics
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(this.metrics.toURI()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String meter : List.of("camel_rtmp_messages_received_total", "camel_rtmp_bytes_received",
                "camel_rtmp_publishers_active", "camel_rtmp_connections_active", "camel_rtmp_publishes_refused_total")) {
            assertTrue(metrics.contains(meter), meter + " in /q/metrics");
        }
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(health.toURI())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String body = response.body();
        assertTrue(body.contains("\"status\": \"UP\"") && body.contains("\"name\": \"recorder\""), body);
    }

    @Test
    void runsOnTheNettyQuarkusBrings() {
        String netty = Version.identify().get("netty-common").artifactVersion();
        assertTrue(netty.startsWith("4.1."), "Netty " + netty);
    }

    @AfterEach
    void noLeakedBuffers() {
        // collect garbage, then allocate: the detector reports unreleased buffers when it tracks allocations
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 64; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                a.release();
                b.release();
            }
        }
        Logger.getLogger("io.netty.util.ResourceLeakDetector").removeHandler(leakReports);
        synchronized (leaks) {
            assertTrue(leaks.isEmpty(), () -> "Netty reported leaks:\n" + String.join("\n", leaks));
        }
    }
}
