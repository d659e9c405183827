package dev.camelrtmp.component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.Track;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.server.EndReason;
import dev.camelrtmp.server.LiveStream;
import dev.camelrtmp.server.FatalErrors;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.MemoryBudget;
import dev.camelrtmp.server.PlayEndReason;
import dev.camelrtmp.server.PlayInfo;
import dev.camelrtmp.server.PlayPolicy;
import dev.camelrtmp.server.PlayStats;
import dev.camelrtmp.server.PublishInfo;
import dev.camelrtmp.server.PublishStats;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.StreamListener;
import dev.camelrtmp.server.TrafficStatistics;
import io.netty.channel.ChannelFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.DefaultConsumer;

/**
 * Hosts the RTMP listener (shared with other consumers on the same address) and turns every audio, video and data
 * message published to its application into an Exchange, in the order received. The route runs on a worker
 * thread; while it is behind, the server stops reading the publisher's connection.
 */
@ManagedResource(description = "RTMP consumer: its listener and the streams published to it")
public class RtmpConsumer extends DefaultConsumer implements StreamListener {

    private volatile RtmpServer server;
    private volatile PublishTarget target;
    private RouteAuthorizer authorizer;
    private PlayRouteAuthorizer playAuthorizer;
    private RtmpConsumerHealthCheck healthCheck;
    private HealthCheckRegistry healthCheckRegistry;
    private AutoCloseable meters;

    public RtmpConsumer(RtmpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public RtmpEndpoint getEndpoint() {
        return (RtmpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        RtmpConfiguration configuration = getEndpoint().getConfiguration();
        authorizer = RouteAuthorizer.of(configuration, getEndpoint().getCamelContext());
        server = getEndpoint().getComponent().acquireServer(getEndpoint());
        playAuthorizer = PlayRouteAuthorizer.of(configuration, getEndpoint().getCamelContext());
        PlayPolicy play = new PlayPolicy(configuration.isPlay(), playAuthorizer,
                configuration.isPlayUnannouncedCodecs());
        target = new PublishTarget(configuration.getApplication(), configuration.getStreamKey(), this, authorizer,
                configuration.getDuplicatePublish(), configuration.getIdlePublisherTakeOver(), new TrafficStatistics(),
                play);
        server.register(target);
        RtmpComponent component = getEndpoint().getComponent();
        healthCheckRegistry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
        if (healthCheckRegistry != null) { // with camel-health (Spring Boot, Quarkus, camel-main with it)
            healthCheck = new RtmpConsumerHealthCheck(this, getRouteId());
            healthCheck.setEnabled(component.isHealthCheckConsumerEnabled());
            healthCheckRegistry.register(healthCheck);
        }
        String application = configuration.getApplication() == null ? "*" : configuration.getApplication();
        meters = RtmpMetrics.bindConsumer(getEndpoint().getCamelContext(), RtmpComponent.listenerName(configuration),
                application, String.valueOf(getRouteId()), target.statistics());
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRegistry != null && healthCheck != null) {
            healthCheckRegistry.unregister(healthCheck);
            healthCheck = null;
        }
        if (meters != null) {
            RtmpMetrics.close(meters);
            meters = null;
        }
        RtmpConfiguration configuration = getEndpoint().getConfiguration();
        if (server != null && configuration.isReconnectRequestOnStop()) {
            List<ChannelFuture> asked = server.requestReconnect(target, null, "The server is shutting down.");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(configuration.getReconnectGracePeriod());
            for (ChannelFuture closed : asked) {
                closed.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        if (server != null) {
            server.unregister(target);
            getEndpoint().getComponent().releaseServer(getEndpoint().getConfiguration());
            server = null;
        }
        if (authorizer != null) {
            authorizer.stop();
            authorizer = null;
        }
        if (playAuthorizer != null) {
            playAuthorizer.stop();
            playAuthorizer = null;
        }
        super.doStop();
    }

    /**
     * Asks the publishers of this consumer that announced the capability (Enhanced RTMP capsEx Reconnect) to
     * reconnect, for example before a planned shutdown or to move them to another server.
     *
     * @param tcUrl       where to reconnect, or null for this server
     * @param description a human-readable reason, or null
     * @return how many connections were asked
     */
    public int requestReconnect(String tcUrl, String description) {
        RtmpServer s = server;
        return s == null ? 0 : s.requestReconnect(target, tcUrl, description).size();
    }

    /** The listener's bound address, or null when not started. */
    public java.net.InetSocketAddress getLocalAddress() {
        RtmpServer s = server;
        return s == null ? null : s.localAddress();
    }

    /** The listener, or null when not started. */
    RtmpServer server() {
        return server;
    }

    /** The streams published to this consumer now. */
    public List<LiveStream> liveStreams() {
        RtmpServer s = server;
        PublishTarget t = target;
        return s == null || t == null ? List.of() : s.liveStreams(t);
    }

    @ManagedAttribute(description = "The address the listener is bound to")
    public String getListenerAddress() {
        return String.valueOf(getLocalAddress());
    }

    @ManagedAttribute(description = "Streams being published to this consumer now")
    public int getLivePublishers() {
        PublishTarget t = target;
        return t == null ? 0 : t.statistics().livePublishers();
    }

    @ManagedAttribute(description = "Connections open on the listener (shared by every consumer on its port)")
    public int getConnections() {
        RtmpServer s = server;
        return s == null ? 0 : s.connections();
    }

    @ManagedAttribute(description = "Audio, video and data messages received by this consumer")
    public long getMessagesReceived() {
        PublishTarget t = target;
        return t == null ? 0 : t.statistics().messages();
    }

    @ManagedAttribute(description = "Payload bytes received by this consumer")
    public long getBytesReceived() {
        PublishTarget t = target;
        return t == null ? 0 : t.statistics().bytes();
    }

    @ManagedAttribute(description = "Publishes refused by this consumer")
    public long getPublishesRefused() {
        PublishTarget t = target;
        return t == null ? 0 : t.statistics().refusals();
    }

    @ManagedOperation(description = "The streams published to this consumer now: path, client, uptime, messages, "
                                    + "bytes and average bit rate of each")
    public List<Map<String, Object>> liveStreamDetails() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> details = new java.util.ArrayList<>();
        for (LiveStream stream : liveStreams()) {
            details.add(describe(stream, now));
        }
        return details;
    }

    @ManagedOperation(description = "Disconnects the publisher of a stream (application/streamKey); its stream ends "
                                    + "with reason ERROR. Returns whether such a stream was live")
    public boolean disconnectStream(String path) {
        RtmpServer s = server;
        PublishTarget t = target;
        return s != null && t != null && s.disconnect(t, path, "disconnected by management");
    }

    /** One live stream as a map of plain values: for management, health and dev consoles. */
    static Map<String, Object> describe(LiveStream stream, long nowMillis) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("stream", stream.info().path());
        map.put("client", stream.info().clientAddress());
        map.put("connection", stream.info().connectionId());
        map.put("uptimeSeconds", Math.round(stream.uptimeSeconds(nowMillis)));
        map.put("videoMessages", stream.videoMessages());
        map.put("audioMessages", stream.audioMessages());
        map.put("dataMessages", stream.dataMessages());
        map.put("bytes", stream.bytes());
        map.put("bitsPerSecond", stream.bitsPerSecond(nowMillis));
        return map;
    }

    /**
     * The memory budget of the listener, shared by every consumer on its address (see option memoryBudget), or
     * null when not started.
     */
    public MemoryBudget getMemoryBudget() {
        RtmpServer s = server;
        return s == null ? null : s.memoryBudget();
    }

    @Override
    public void onPublishStart(PublishInfo stream) {
        if (!isRunAllowed()) {
            return;
        }
        if (getEndpoint().getConfiguration().isLifecycleEvents()) {
            Exchange exchange = eventExchange(stream, RtmpConstants.PUBLISH_START);
            Message in = exchange.getIn();
            in.setHeader(RtmpConstants.PUBLISH_TYPE, stream.publishType());
            in.setHeader(RtmpConstants.TC_URL, stream.tcUrl());
            in.setHeader(RtmpConstants.CONNECT_PARAMETERS, stream.connectParameters());
            process(stream, exchange);
        }
    }

    @Override
    public void onMessage(PublishInfo stream, MediaMessage message) {
        if (!isRunAllowed()) {
            return;
        }
        byte[] payload = message.payload();
        switch (message.kind()) {
            case VIDEO -> {
                VideoTagHeader video = message.videoHeader();
                if (video != null && video.tracks().size() > 1) {
                    for (Track track : video.tracks()) {
                        process(stream, mediaExchange(stream, message, video.oneTrackBody(payload, track),
                                RtmpConstants.TYPE_VIDEO, video, null, track));
                    }
                } else {
                    Track track = video == null || video.tracks().isEmpty() ? null : video.tracks().get(0);
                    process(stream, mediaExchange(stream, message, payload, RtmpConstants.TYPE_VIDEO, video, null,
                            track));
                }
            }
            case AUDIO -> {
                AudioTagHeader audio = message.audioHeader();
                if (audio != null && audio.tracks().size() > 1) {
                    for (Track track : audio.tracks()) {
                        process(stream, mediaExchange(stream, message, audio.oneTrackBody(payload, track),
                                RtmpConstants.TYPE_AUDIO, null, audio, track));
                    }
                } else {
                    Track track = audio == null || audio.tracks().isEmpty() ? null : audio.tracks().get(0);
                    process(stream, mediaExchange(stream, message, payload, RtmpConstants.TYPE_AUDIO, null, audio,
                            track));
                }
            }
            default -> {
                Exchange exchange = messageExchange(stream, message, payload, RtmpConstants.TYPE_DATA);
                Message in = exchange.getIn();
                String name = message.dataName();
                if (name != null) {
                    in.setHeader(RtmpConstants.DATA_NAME, name);
                }
                Map<String, Object> metadata = message.metadata();
                if (metadata != null) {
                    in.setHeader(RtmpConstants.METADATA, metadata);
                }
                process(stream, exchange);
            }
        }
    }

    private Exchange messageExchange(PublishInfo stream, MediaMessage message, byte[] body, String type) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(body);
        streamHeaders(in, stream);
        in.setHeader(RtmpConstants.MESSAGE_TYPE, type);
        in.setHeader(RtmpConstants.MESSAGE_TYPE_ID, message.message().typeId());
        in.setHeader(RtmpConstants.TIMESTAMP, message.timestamp());
        return exchange;
    }

    /**
     * An audio or video Exchange; {@code track} is the multitrack track it carries, or null. Its headers are read
     * from the message when the route asks for them (see {@link RtmpMediaExchangeMessage}).
     */
    private Exchange mediaExchange(PublishInfo stream, MediaMessage message, byte[] body, String type,
            VideoTagHeader video, AudioTagHeader audio, Track track) {
        Exchange exchange = createExchange(false);
        RtmpMediaExchangeMessage in = new RtmpMediaExchangeMessage(exchange.getContext(), stream, message, type,
                video, audio, track);
        in.setBody(body);
        exchange.setIn(in);
        return exchange;
    }

    @Override
    public void onPublishRefused(PublishInfo stream, String statusCode, String description) {
        if (!isRunAllowed() || !getEndpoint().getConfiguration().isLifecycleEvents()) {
            return;
        }
        Exchange exchange = eventExchange(stream, RtmpConstants.PUBLISH_REFUSED);
        Message in = exchange.getIn();
        in.setHeader(RtmpConstants.STATUS_CODE, statusCode);
        in.setHeader(RtmpConstants.STATUS_DESCRIPTION, description);
        in.setHeader(RtmpConstants.CONNECT_PARAMETERS, stream.connectParameters());
        process(stream, exchange);
    }

    @Override
    public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        if (!isRunAllowed()) {
            return;
        }
        if (getEndpoint().getConfiguration().isLifecycleEvents()) {
            Exchange exchange = eventExchange(stream, RtmpConstants.PUBLISH_END);
            Message in = exchange.getIn();
            in.setHeader(RtmpConstants.END_REASON, reason.name());
            in.setHeader(RtmpConstants.VIDEO_COUNT, stats.videoMessages());
            in.setHeader(RtmpConstants.AUDIO_COUNT, stats.audioMessages());
            in.setHeader(RtmpConstants.DATA_COUNT, stats.dataMessages());
            in.setHeader(RtmpConstants.READ_PAUSES, stats.readPauses());
            process(stream, exchange);
        }
    }

    @Override
    public void onPlayStart(PlayInfo play) {
        if (isRunAllowed() && getEndpoint().getConfiguration().isLifecycleEvents()) {
            Exchange exchange = playEventExchange(play, RtmpConstants.PLAY_START);
            Message in = exchange.getIn();
            in.setHeader(RtmpConstants.TC_URL, play.tcUrl());
            in.setHeader(RtmpConstants.CONNECT_PARAMETERS, play.connectParameters());
            processPlayEvent(exchange);
        }
    }

    @Override
    public void onPlayEnd(PlayInfo play, PlayEndReason reason, PlayStats stats) {
        if (isRunAllowed() && getEndpoint().getConfiguration().isLifecycleEvents()) {
            Exchange exchange = playEventExchange(play, RtmpConstants.PLAY_END);
            Message in = exchange.getIn();
            in.setHeader(RtmpConstants.END_REASON, reason.name());
            in.setHeader(RtmpConstants.MESSAGES_SENT, stats.messagesSent());
            in.setHeader(RtmpConstants.MESSAGES_DROPPED, stats.messagesDropped());
            in.setHeader(RtmpConstants.BYTES_SENT, stats.bytesSent());
            processPlayEvent(exchange);
        }
    }

    /** A play lifecycle event Exchange: no body, the play's headers (the player's address), message type EVENT. */
    private Exchange playEventExchange(PlayInfo play, String event) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setHeader(RtmpConstants.APPLICATION, play.application());
        in.setHeader(RtmpConstants.STREAM_KEY, play.streamKey());
        in.setHeader(RtmpConstants.STREAM_NAME, play.streamName());
        in.setHeader(RtmpConstants.CLIENT_ADDRESS, play.clientAddress());
        in.setHeader(RtmpConstants.CONNECTION_ID, play.connectionId());
        in.setHeader(RtmpConstants.MESSAGE_STREAM_ID, play.messageStreamId());
        in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
        in.setHeader(RtmpConstants.EVENT, event);
        in.setHeader(RtmpConstants.PLAY_TRANSPORT, play.transport());
        return exchange;
    }

    /** Runs the route for a play event on this (worker) thread; failures go to the consumer's exception handler. */
    private void processPlayEvent(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            FatalErrors.report(exchange.getException());
            getExceptionHandler().handleException("Error processing RTMP play event", exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    /** A lifecycle event Exchange: no body, the stream's headers, message type EVENT. */
    private Exchange eventExchange(PublishInfo stream, String event) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        streamHeaders(in, stream);
        in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
        in.setHeader(RtmpConstants.EVENT, event);
        return exchange;
    }

    private static void streamHeaders(Message in, PublishInfo stream) {
        in.setHeader(RtmpConstants.APPLICATION, stream.application());
        in.setHeader(RtmpConstants.STREAM_KEY, stream.streamKey());
        in.setHeader(RtmpConstants.STREAM_NAME, stream.streamName());
        in.setHeader(RtmpConstants.CLIENT_ADDRESS, stream.clientAddress());
        in.setHeader(RtmpConstants.CONNECTION_ID, stream.connectionId());
        in.setHeader(RtmpConstants.MESSAGE_STREAM_ID, stream.messageStreamId());
    }

    /**
     * Runs the route for one Exchange on this (worker) thread; failures go to the consumer's exception handler.
     * Afterwards ends the publish when the route failed and closeOnRouteError is set, or when the route asked for it
     * with the {@link RtmpConstants#CLOSE_PUBLISH} property.
     */
    private void process(PublishInfo stream, Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        RtmpServer s = server;
        if (exchange.getException() != null) {
            FatalErrors.report(exchange.getException());
            getExceptionHandler().handleException("Error processing RTMP message", exchange, exchange.getException());
            if (getEndpoint().getConfiguration().isCloseOnRouteError() && s != null) {
                s.closeConnection(stream.connectionId(), "the route failed (closeOnRouteError)");
            }
        }
        Object close = exchange.getProperty(RtmpConstants.CLOSE_PUBLISH);
        if (close != null && s != null) {
            s.closePublish(stream.connectionId(), stream.messageStreamId(), exchange.getProperty(
                    RtmpConstants.CLOSE_PUBLISH_CODE, RtmpConstants.DEFAULT_CLOSE_PUBLISH_CODE, String.class),
                    close.toString());
        }
        releaseExchange(exchange, false);
    }
}
