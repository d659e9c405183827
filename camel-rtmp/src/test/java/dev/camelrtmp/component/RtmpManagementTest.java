package dev.camelrtmp.component;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see of a consumer while FFmpeg publishes to it: Camel's health check, Micrometer meters, the JMX
 * MBean (attributes and the disconnect operation) and the dev console.
 */
class RtmpManagementTest {

    private final int port = AvailablePortFinder.getNextAvailable();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private CamelContext context;
    private Process publisher;

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.destroyForcibly();
        }
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void healthMetricsJmxAndDevConsoleShowTheLiveStream() throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("meterRegistry", meters);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?allowedStreamKeys=cam1").routeId("ingest").to("mock:live");
            }
        });
        context.start();
        String listener = "127.0.0.1:" + port;

        HealthCheck.Result ready = health("rtmp-consumer-ingest");
        assertThat(ready.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(ready.getDetails()).containsEntry("address", listener).containsEntry("publishers", 0);

        publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-re", "-i", Clips.h264Aac(30).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/live/cam1"), null);
        Wait.until("one publisher", Duration.ofSeconds(10),
                () -> gauge("camel.rtmp.publishers.active", listener) == 1);
        Wait.until("messages counted", Duration.ofSeconds(10),
                () -> counter("camel.rtmp.messages.received", listener) > 10);
        assertThat(counter("camel.rtmp.bytes.received", listener)).isPositive();
        assertThat(meters.get("camel.rtmp.connections.active").tag("listener", listener).gauge().value()).isEqualTo(1);
        assertThat(health("rtmp-consumer-ingest").getDetails()).containsEntry("publishers", 1);

        ProcessResult refused = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-i", Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/live/cam9"), null, 60);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(counter("camel.rtmp.publishes.refused", listener)).isEqualTo(1);

        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("rtmp");
        assertThat(console).as("the rtmp dev console is found by name").isNotNull();
        assertThat((String) console.call(DevConsole.MediaType.TEXT)).contains("live/cam1 from 127.0.0.1:");

        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("org.apache.camel:type=consumers,*"), null);
        ObjectName consumer = names.stream().filter(n -> n.toString().contains("RtmpConsumer")).findFirst()
                .orElseThrow(() -> new AssertionError("no RtmpConsumer MBean among " + names));
        assertThat(mbeans.getAttribute(consumer, "LivePublishers")).isEqualTo(1);
        assertThat((Long) mbeans.getAttribute(consumer, "MessagesReceived")).isPositive();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> streams = (List<Map<String, Object>>) mbeans.invoke(consumer,
                "liveStreamDetails", new Object[0], new String[0]);
        assertThat(streams).singleElement().satisfies(s -> assertThat(s).containsEntry("stream", "live/cam1"));
        assertThat(mbeans.invoke(consumer, "disconnectStream", new Object[] { "live/cam1" },
                new String[] { String.class.getName() })).isEqualTo(true);
        assertThat(publisher.waitFor(15, TimeUnit.SECONDS)).as("FFmpeg ends once disconnected").isTrue();
        Wait.until("no publisher", Duration.ofSeconds(10),
                () -> gauge("camel.rtmp.publishers.active", listener) == 0);

        context.getRouteController().stopRoute("ingest");
        assertThat(meters.find("camel.rtmp.publishers.active").gauges()).as("meters removed with the consumer")
                .isEmpty();
    }

    private HealthCheck.Result health(String id) {
        return HealthCheckHelper.invoke(context).stream().filter(r -> r.getCheck().getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + id));
    }

    private double gauge(String name, String listener) {
        return meters.get(name).tag("listener", listener).tag("application", "live").gauge().value();
    }

    private double counter(String name, String listener) {
        return meters.get(name).tag("listener", listener).tag("application", "live").functionCounter().count();
    }
}
