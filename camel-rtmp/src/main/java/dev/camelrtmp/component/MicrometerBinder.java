package dev.camelrtmp.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.TrafficStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;

/**
 * {@link RtmpMetrics.Binder} on Micrometer; loaded only when Micrometer is on the class path. Micrometer holds the
 * objects its gauges and function counters read weakly: they are the server and the consumer's statistics, which
 * live as long as the meters do.
 */
final class MicrometerBinder implements RtmpMetrics.Binder {

    @Override
    public AutoCloseable listener(CamelContext context, String listener, RtmpServer server) {
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return () -> { };
        }
        Tags tags = Tags.of("listener", listener);
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("camel.rtmp.connections.active", server, RtmpServer::connections)
                .description("Connections open on the RTMP listener").tags(tags).register(registry));
        meters.add(counter(registry, "camel.rtmp.read.pauses", "Times reading a publisher was paused because its "
                + "route was behind (TCP backpressure)", tags, server, s -> s.statistics().readPauses()));
        return () -> meters.forEach(registry::remove);
    }

    @Override
    public AutoCloseable consumer(CamelContext context, String listener, String application, String route,
            TrafficStatistics statistics) {
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return () -> { };
        }
        Tags tags = Tags.of("listener", listener, "application", application, "route", route);
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("camel.rtmp.publishers.active", statistics, TrafficStatistics::livePublishers)
                .description("Streams being published to the consumer").tags(tags).register(registry));
        meters.add(counter(registry, "camel.rtmp.publishes.started", "Publishes started", tags, statistics,
                TrafficStatistics::publishes));
        meters.add(counter(registry, "camel.rtmp.publishes.refused", "Publishes refused", tags, statistics,
                TrafficStatistics::refusals));
        meters.add(counter(registry, "camel.rtmp.messages.received", "Audio, video and data messages received",
                tags, statistics, TrafficStatistics::messages));
        meters.add(FunctionCounter.builder("camel.rtmp.bytes.received", statistics, TrafficStatistics::bytes)
                .description("Payload bytes received").baseUnit("bytes").tags(tags).register(registry));
        return () -> meters.forEach(registry::remove);
    }

    private static <T> Meter counter(MeterRegistry registry, String name, String description, Tags tags, T source,
            ToDoubleFunction<T> count) {
        return FunctionCounter.builder(name, source, count).description(description).tags(tags).register(registry);
    }

    /** The application's registry: the one in Camel's registry (a composite one first), else the global one. */
    static MeterRegistry registry(CamelContext context) {
        Set<MeterRegistry> found = context.getRegistry().findByType(MeterRegistry.class);
        if (found.size() == 1) {
            return found.iterator().next();
        }
        for (MeterRegistry registry : found) {
            if (registry instanceof CompositeMeterRegistry) {
                return registry;
            }
        }
        return Metrics.globalRegistry.getRegistries().isEmpty() ? null : Metrics.globalRegistry;
    }
}
