package dev.camelrtmp.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the Kafka hop on this machine (docs/benchmarks.md, "Through Kafka"), run on demand, not by the build (its
 * name does not end in Test): {@code mvn -pl camel-rtmp-kafka -am -Dtest=KafkaHopBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false verify}. One JVM holds the broker (KRaft), the ingest context
 * ({@code rtmp:} → {@link RtmpToKafka} → {@code kafka:}) and the consuming context ({@code kafka:} →
 * {@code split(KafkaToRtmp)}), which counts what arrives. Two runs: throughput (publishers without {@code -re}, a
 * 720p clip, as fast as the hop takes them: frames/s and MB/s of payload consumed) and latency (20 publishers at
 * real time: from the ingest route's Exchange to the consuming route's Exchange, p50/p99, same clock). It asserts only
 * that every frame arrived; the figures are logged.
 */
class KafkaHopBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHopBenchmark.class);
    private static final String SENT = "benchSentNanos";

    @TempDir
    Path work;

    @Test
    void throughputAndLatencyOfTheKafkaHop() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("broker"))) {
            broker.createTopic("frames-throughput", 12, Map.of());
            broker.createTopic("frames-latency", 12, Map.of());
            run(broker, "frames-throughput", Clips.h264Aac(10, 1280, 720), 8, false);
            run(broker, "frames-latency", Clips.h264Aac(12), 20, true);
        }
    }

    private void run(KafkaBroker broker, String topic, Path clip, int publishers, boolean realTime)
            throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        long expected = (long) publishers * MediaTools.publishedMessages(clip);
        AtomicLong frames = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>((int) expected));
        Properties props = new Properties();
        props.put("kafka.brokers", broker.bootstrap());
        CamelContext ingest = new DefaultCamelContext();
        CamelContext consumer = new DefaultCamelContext();
        for (CamelContext c : List.of(ingest, consumer)) {
            c.getPropertiesComponent().setInitialProperties(props);
            c.getRegistry().bind("rtmpKafkaHeaders", new RtmpKafkaHeaders());
        }
        ingest.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live")
                        .process(e -> e.getIn().setHeader(SENT, String.valueOf(System.nanoTime())))
                        .process(new RtmpToKafka())
                        .to("kafka:" + topic + "?brokers={{kafka.brokers}}"
                                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                                + "&headerFilterStrategy=#rtmpKafkaHeaders&headerSerializer=#rtmpKafkaHeaders");
            }
        });
        consumer.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kafka:" + topic + "?brokers={{kafka.brokers}}&groupId=bench&autoOffsetReset=earliest"
                        + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                        + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders")
                        .split(new KafkaToRtmp())
                        .process(e -> {
                            long now = System.nanoTime();
                            Object sent = e.getIn().getHeader(SENT);
                            if (sent instanceof byte[] b) {
                                latencies.add(now - Long.parseLong(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
                            }
                            first.compareAndSet(0, now);
                            last.set(now);
                            byte[] body = e.getIn().getBody(byte[].class);
                            bytes.addAndGet(body == null ? 0 : body.length);
                            frames.incrementAndGet();
                        });
            }
        });
        consumer.start();
        ingest.start();
        broker.awaitAssigned("bench", topic, Duration.ofSeconds(60));
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        List<Process> running = new ArrayList<>();
        try {
            for (int i = 0; i < publishers; i++) {
                List<String> cmd = new ArrayList<>(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                        "error"));
                if (realTime) {
                    cmd.add("-re");
                }
                cmd.addAll(List.of("-i", clip.toString(), "-c", "copy", "-f", "flv",
                        "rtmp://127.0.0.1:" + port + "/live/s" + i));
                running.add(ProcessRunner.start(cmd, null));
            }
            for (Process p : running) {
                ProcessRunner.await(p, 300, List.of("ffmpeg")).requireSuccess("ffmpeg publish");
            }
            Wait.until("every frame consumed", Duration.ofSeconds(120), () -> frames.get() >= expected);
            assertThat(frames.get()).isEqualTo(expected);
        } finally {
            running.forEach(Process::destroyForcibly);
            ingest.stop();
            consumer.stop();
        }
        double seconds = (last.get() - first.get()) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        LOG.info("Kafka hop, {} publishers{} of {}: {} frames, {} MB of payload in {} s from the first frame consumed"
                + " to the last: {} frames/s, {} MB/s; latency ingest Exchange -> consumer Exchange p50 {} ms, p99 {}"
                + " ms, max {} ms; load average before: {}", publishers, realTime ? " (-re)" : " (as fast as taken)",
                clip.getFileName(), frames.get(), String.format("%.1f", bytes.get() / 1e6),
                String.format("%.2f", seconds), String.format("%.0f", frames.get() / seconds),
                String.format("%.1f", bytes.get() / 1e6 / seconds), ms(sorted, 0.50), ms(sorted, 0.99),
                ms(sorted, 1.0), load);
    }

    private static String ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return String.format("%.1f", sorted.get(Math.max(0, i)) / 1e6);
    }
}
