package dev.camelrtmp.component;

import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.TrafficStatistics;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters of listeners and consumers, when Micrometer is on the class path and the application has a
 * meter registry (in Camel's registry: Spring Boot's and Quarkus' registries are there; otherwise Micrometer's global
 * registry, when something was added to it). Without Micrometer this class does nothing and loads none of it.
 * <p>
 * Meters: {@code camel.rtmp.connections.active} and {@code camel.rtmp.read.pauses} (tag {@code listener});
 * {@code camel.rtmp.publishers.active}, {@code camel.rtmp.publishes.started}, {@code camel.rtmp.publishes.refused},
 * {@code camel.rtmp.messages.received}, {@code camel.rtmp.bytes.received} (tags {@code listener},
 * {@code application}: the consumer's application, {@code *} for all, and {@code route}).
 */
final class RtmpMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpMetrics.class);
    private static final AutoCloseable NOTHING = () -> { };

    /** Binds meters; implemented only where Micrometer is present. */
    interface Binder {
        /** Registers the listener's meters; the result removes them. */
        AutoCloseable listener(CamelContext context, String listener, RtmpServer server);

        /** Registers a consumer's meters; the result removes them. */
        AutoCloseable consumer(CamelContext context, String listener, String application, String route,
                TrafficStatistics statistics);
    }

    private static final Binder BINDER = load();

    private RtmpMetrics() {
    }

    private static Binder load() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, RtmpMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
        try {
            return (Binder) Class.forName(RtmpMetrics.class.getPackageName() + ".MicrometerBinder")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("Micrometer is present but its RTMP meters cannot be bound: {}", e.toString());
            return null;
        }
    }

    static AutoCloseable bindListener(CamelContext context, String listener, RtmpServer server) {
        return BINDER == null ? NOTHING : BINDER.listener(context, listener, server);
    }

    static AutoCloseable bindConsumer(CamelContext context, String listener, String application, String route,
            TrafficStatistics statistics) {
        return BINDER == null ? NOTHING : BINDER.consumer(context, listener, application, route, statistics);
    }

    static void close(AutoCloseable meters) {
        try {
            meters.close();
        } catch (Exception e) {
            LOG.debug("Removing RTMP meters failed: {}", e.toString());
        }
    }
}
