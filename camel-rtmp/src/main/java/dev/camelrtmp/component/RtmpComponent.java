package dev.camelrtmp.component;

import java.util.HashMap;
import java.util.Map;

import dev.camelrtmp.server.DeliveryScheduler;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code rtmp:} component. Its consumers host RTMP servers; consumers that listen on the same host and port
 * share one listener, each serving its own application (and stream key). Its producers publish to remote servers,
 * or, with a wildcard host or {@code serve=true}, into the listener on their port (sharing it with the consumers).
 */
@Component("rtmp,rtmps")
public class RtmpComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpComponent.class);

    @Metadata(description = "The options every rtmp: endpoint of this component starts from; an endpoint's URI "
                            + "parameters override them. Listener settings (threads, limits, timeouts, TLS) belong "
                            + "here, as camel.component.rtmp properties, since one listener serves every consumer on its "
                            + "port")
    private RtmpConfiguration configuration = new RtmpConfiguration();

    private final Map<String, SharedServer> servers = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger threadCount = new java.util.concurrent.atomic.AtomicInteger();
    /** The event loops of the producers' connections, one group per transport in use, started on first use. */
    private final Map<Transport, io.netty.channel.EventLoopGroup> clientGroups = new java.util.EnumMap<>(Transport.class);

    /**
     * The event loops of the producers' connections over {@code transport} (resolved here), started on first use.
     *
     * @throws IllegalStateException when the transport is not available here, saying why
     */
    synchronized io.netty.channel.EventLoopGroup clientGroup(Transport transport) {
        Transport resolved = transport.resolve();
        return clientGroups.computeIfAbsent(resolved, t -> t.newGroup(0,
                new io.netty.util.concurrent.DefaultThreadFactory("rtmp-client-" + t.displayName())));
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RtmpConfiguration configuration = this.configuration.copy();
        configuration.setSecure(uri.startsWith("rtmps:"));
        if (configuration.isSecure()) {
            configuration.setPort(443); // the rtmps default, unless the URI names a port
        }
        RtmpUri.parse(remaining, configuration);
        RtmpEndpoint endpoint = new RtmpEndpoint(uri, this, configuration);
        endpoint.uriOptions(parameters.keySet());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The options every endpoint starts from. */
    public RtmpConfiguration getConfiguration() {
        return configuration;
    }

    /** Sets the options every endpoint created from now on starts from. */
    public void setConfiguration(RtmpConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Starts, or joins, the listener for the configuration's host and port: for a consumer. */
    synchronized RtmpServer acquireServer(RtmpEndpoint endpoint) throws Exception {
        return acquireServer(endpoint, false);
    }

    /**
     * Starts, or joins, the listener for the configuration's host and port. A consumer joining must ask for the
     * listener's settings; a serving producer only for those it names in its URI (it configures nothing else).
     */
    synchronized RtmpServer acquireServer(RtmpEndpoint endpoint, boolean producer) throws Exception {
        RtmpConfiguration configuration = endpoint.getConfiguration();
        String address = listenerName(configuration);
        SharedServer shared = servers.get(address);
        if (shared != null) {
            checkSameListener(address, shared, endpoint, producer);
        } else {
            String threadName = getCamelContext().getExecutorServiceManager()
                    .resolveThreadName("RtmpDelivery[" + address + "]");
            int cores = Runtime.getRuntime().availableProcessors();
            DeliveryScheduler executor = new DeliveryScheduler(
                    configuration.getDeliveryThreads() > 0 ? configuration.getDeliveryThreads() : cores,
                    configuration.getMaxDeliveryThreads(), configuration.getDeliveryBlockedThreshold(), 60_000,
                    task -> {
                        Thread thread = new Thread(task, threadName + " #" + threadCount.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            javax.net.ssl.SSLContext sslContext = configuration.isSecure() ? sslContext(configuration) : null;
            dev.camelrtmp.server.RtmpServerOptions options = configuration.toServerOptions(sslContext);
            RtmpServer server = new RtmpServer(options, executor);
            dev.camelrtmp.http.HttpListener http = options.httpPort() > 0
                    ? new dev.camelrtmp.http.HttpListener(server, options) : null;
            try {
                server.start();
                if (http != null) {
                    http.start();
                }
            } catch (Exception e) {
                server.stop();
                executor.shutdown();
                throw e;
            }
            shared = new SharedServer(server, executor, endpoint);
            shared.http = http;
            shared.meters = RtmpMetrics.bindListener(getCamelContext(), listenerName(configuration), server);
            servers.put(address, shared);
        }
        shared.users++;
        return shared.server;
    }

    /**
     * Refuses a consumer that asks a running listener for other settings than the ones it was started with: one
     * listener has one configuration, and nothing is silently ignored.
     */
    private static void checkSameListener(String address, SharedServer shared, RtmpEndpoint endpoint,
            boolean producer) {
        Map<String, Object> mine = endpoint.getConfiguration().listenerSettings();
        Map<String, Object> theirs = shared.settings;
        StringBuilder differences = new StringBuilder();
        for (Map.Entry<String, Object> setting : mine.entrySet()) {
            if (producer && !setting.getKey().equals("secure") && !endpoint.uriOptions().contains(setting.getKey())) {
                continue;
            }
            Object other = theirs.get(setting.getKey());
            if (!java.util.Objects.equals(setting.getValue(), other)) {
                differences.append(differences.length() == 0 ? "" : ", ").append(setting.getKey()).append(' ')
                        .append(setting.getValue()).append(" instead of ").append(other);
            }
        }
        if (differences.length() > 0) {
            throw new IllegalArgumentException("Endpoint " + sanitize(endpoint) + " asks the listener on " + address
                    + " for other settings than endpoint " + shared.firstEndpoint + " started it with ("
                    + differences + "). Consumers (and serving producers) on one host and port share one listener: "
                    + "set listener options on the component (camel.component.rtmp.*) or identically on every "
                    + "endpoint of the port");
        }
    }

    private static String sanitize(RtmpEndpoint endpoint) {
        return org.apache.camel.util.URISupport.sanitizeUri(endpoint.getEndpointUri());
    }

    /** The name of the listener a consumer configuration asks for, {@code host:port}: a meter tag. */
    static String listenerName(RtmpConfiguration configuration) {
        return configuration.getHost() + ":" + configuration.getPort();
    }

    /** The TLS context of an rtmps endpoint: its sslContextParameters, or the JVM's default. */
    javax.net.ssl.SSLContext sslContext(RtmpConfiguration configuration) throws Exception {
        if (configuration.getSslContextParameters() != null) {
            return configuration.getSslContextParameters().createSSLContext(getCamelContext());
        }
        return javax.net.ssl.SSLContext.getDefault();
    }

    /** Leaves the listener; the last one to leave stops it. */
    synchronized void releaseServer(RtmpConfiguration configuration) {
        String address = listenerName(configuration);
        SharedServer shared = servers.get(address);
        if (shared != null && --shared.users == 0) {
            servers.remove(address);
            RtmpMetrics.close(shared.meters);
            shared.stopListeners();
            shared.stopDelivery();
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        for (SharedServer shared : servers.values()) {
            RtmpMetrics.close(shared.meters);
            shared.stopListeners();
            shared.stopDelivery();
        }
        servers.clear();
        for (io.netty.channel.EventLoopGroup group : clientGroups.values()) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (io.netty.channel.EventLoopGroup group : clientGroups.values()) {
            group.terminationFuture().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        clientGroups.clear();
        super.doStop();
    }

    private static final class SharedServer {
        final RtmpServer server;
        final DeliveryScheduler executor;
        /** The listener settings it was started with, and by which endpoint. */
        final Map<String, Object> settings;
        final String firstEndpoint;
        AutoCloseable meters;
        /** The HTTP-FLV listener beside it, or null. */
        dev.camelrtmp.http.HttpListener http;
        int users;

        SharedServer(RtmpServer server, DeliveryScheduler executor, RtmpEndpoint endpoint) {
            this.server = server;
            this.executor = executor;
            this.settings = endpoint.getConfiguration().listenerSettings();
            this.firstEndpoint = sanitize(endpoint);
        }

        /** Stops the HTTP listener, then the RTMP one. */
        void stopListeners() {
            if (http != null) {
                http.stop();
            }
            server.stop();
        }

        /** Lets the delivery threads finish what the closed connections left, for a bounded time. */
        void stopDelivery() {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    LOG.warn("Delivery threads of {} still busy 10 s after the listener stopped", server);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
