package dev.camelrtmp.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Receive live audio, video and metadata published over RTMP by encoders such as FFmpeg, OBS and GStreamer (every
 * message of a stream becomes one Exchange whose body is the FLV tag body), and publish frames to a remote RTMP
 * server or into the JVM's own listener, for players.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "rtmp,rtmps", title = "RTMP",
             syntax = "rtmp:host:port/application/streamKey",
             category = { Category.NETWORKING }, headersClass = RtmpConstants.class)
public class RtmpEndpoint extends DefaultEndpoint {

    @UriParam
    private RtmpConfiguration configuration;
    private final java.util.Set<RtmpProducer> producers = new java.util.concurrent.CopyOnWriteArraySet<>();
    /** The options named in the endpoint's URI (not only inherited from the component). */
    private java.util.Set<String> uriOptions = java.util.Set.of();

    public RtmpEndpoint(String uri, RtmpComponent component, RtmpConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public RtmpComponent getComponent() {
        return (RtmpComponent) super.getComponent();
    }

    public RtmpConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(RtmpConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * A producer that publishes to a remote server, or, with {@code serve=true} or a wildcard host, into this JVM's
     * listener on the port.
     */
    @Override
    public Producer createProducer() {
        return configuration.servesLocally() ? new RtmpServeProducer(this) : new RtmpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        RtmpConsumer consumer = new RtmpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    void uriOptions(java.util.Set<String> names) {
        this.uriOptions = java.util.Set.copyOf(names);
    }

    /** The options named in the endpoint's URI. */
    java.util.Set<String> uriOptions() {
        return uriOptions;
    }

    /** The started producers of this endpoint, for their statistics. */
    public java.util.Set<RtmpProducer> getProducers() {
        return java.util.Collections.unmodifiableSet(producers);
    }

    void producerStarted(RtmpProducer producer) {
        producers.add(producer);
    }

    void producerStopped(RtmpProducer producer) {
        producers.remove(producer);
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }
}
