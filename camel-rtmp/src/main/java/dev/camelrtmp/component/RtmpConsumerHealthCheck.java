package dev.camelrtmp.component;

import java.net.InetSocketAddress;
import java.util.Map;

import dev.camelrtmp.server.RtmpServer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.util.URISupport;

/**
 * Health of one {@code rtmp:} consumer: ready and live while its listener is bound. Details: the endpoint, the bound
 * address, the streams published to it now, the listener's connections. Registered in Camel's health check
 * registry when there is one (camel-health: Spring Boot, Quarkus, camel-main with it).
 */
final class RtmpConsumerHealthCheck implements HealthCheck {

    private final RtmpConsumer consumer;
    private final String id;
    private volatile boolean enabled = true;

    RtmpConsumerHealthCheck(RtmpConsumer consumer, String routeId) {
        this.consumer = consumer;
        this.id = "rtmp-consumer-" + routeId;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder result = HealthCheckResultBuilder.on(this);
        result.detail(ENDPOINT_URI, URISupport.sanitizeUri(consumer.getEndpoint().getEndpointUri()));
        RtmpServer server = consumer.server();
        InetSocketAddress bound = server == null ? null : server.localAddress();
        if (bound == null) {
            return result.down().message("The RTMP listener is not bound").build();
        }
        result.detail("address", bound.getHostString() + ":" + bound.getPort());
        result.detail("publishers", consumer.getLivePublishers());
        result.detail("connections", server.connections());
        return result.up().build();
    }
}
