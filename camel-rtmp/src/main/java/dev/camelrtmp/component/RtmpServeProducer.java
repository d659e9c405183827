package dev.camelrtmp.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.client.RtmpPublishException;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.server.PlayPolicy;
import dev.camelrtmp.server.EndReason;
import dev.camelrtmp.server.LocalPublish;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PathInUseException;
import dev.camelrtmp.server.RtmpServer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the route's frames into this JVM's listener on the endpoint's host and port ({@code serve=true}, or a
 * wildcard host), where players of {@code rtmp://host:port/application/streamKey} watch them. The listener is
 * shared with the consumers of the port and started here when none has started it.
 * <p>
 * Each incoming stream (told apart by its stream key, connection id and message stream headers) becomes one live
 * publish of {@code application/streamKey}: started by its PUBLISH_START event or first frame, ended by its
 * PUBLISH_END event, by {@code serveIdleTimeout} without frames, or when the producer stops. Exchanges from the
 * {@code rtmp:} consumer and from the {@code flv} data format go through unchanged, timestamps included.
 * <p>
 * A path that a connection (or another route) publishes is not taken: the first Exchange of the stream fails with
 * {@link RtmpPublishException} (NetStream.Publish.BadName); its later frames are dropped and counted, and the path
 * is tried again at each frame, so the route publishes once the other publisher has left.
 */
@ManagedResource(description = "RTMP producer that publishes into the JVM's own listener")
public class RtmpServeProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpServeProducer.class);

    private final Map<String, Served> streams = new ConcurrentHashMap<>();
    private volatile RtmpServer server;
    private volatile long droppedOfClosed;

    public RtmpServeProducer(RtmpEndpoint endpoint) {
        super(endpoint);
        if (endpoint.getConfiguration().getApplication() == null) {
            throw new IllegalArgumentException("rtmp producer " + endpoint.getEndpointUri()
                    + " needs an application: rtmp://0.0.0.0:port/application[/streamKey]");
        }
    }

    @Override
    public RtmpEndpoint getEndpoint() {
        return (RtmpEndpoint) super.getEndpoint();
    }

    private RtmpConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    /**
     * Joins (or starts) the listener once the Camel context has started its routes, so that the consumers of the
     * port, which a route starts after its producers, start it with their settings; at once when the context runs.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        org.apache.camel.CamelContext context = getEndpoint().getCamelContext();
        if (context.isStarted()) {
            listener();
        } else {
            context.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(org.apache.camel.CamelContext c, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(org.apache.camel.CamelContext c, boolean alreadyStarted)
                        throws Exception {
                    if (isRunAllowed()) {
                        listener();
                    }
                }
            });
        }
    }

    /** Who may play the served path where no consumer serves it; null for everybody. Under this monitor. */
    private PlayRouteAuthorizer playAuthorizer;

    /** The listener, joined (or started) on first use. */
    private synchronized RtmpServer listener() throws Exception {
        if (server == null) {
            if (!isRunAllowed()) {
                throw new IllegalStateException("the producer is stopped");
            }
            RtmpServer s = getEndpoint().getComponent().acquireServer(getEndpoint(), true);
            playAuthorizer = PlayRouteAuthorizer.of(configuration(), getEndpoint().getCamelContext());
            s.serve(configuration().getApplication(), configuration().getStreamKey(), new PlayPolicy(
                    configuration().isPlay(), playAuthorizer, configuration().isPlayUnannouncedCodecs()));
            server = s;
        }
        return server;
    }

    @Override
    protected void doStop() throws Exception {
        for (Served served : streams.values()) {
            served.end(EndReason.UNPUBLISHED);
        }
        streams.clear();
        synchronized (this) {
            RtmpServer s = server;
            if (s != null) {
                s.unserve(configuration().getApplication(), configuration().getStreamKey());
                if (playAuthorizer != null) {
                    playAuthorizer.stop();
                    playAuthorizer = null;
                }
                getEndpoint().getComponent().releaseServer(configuration());
                server = null;
            }
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String key = configuration().getStreamKey() != null ? configuration().getStreamKey()
                : in.getHeader(RtmpConstants.STREAM_KEY, String.class);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("rtmp producer: no stream key in the endpoint URI nor in header "
                    + RtmpConstants.STREAM_KEY);
        }
        String connection = in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class);
        String id = key + "|" + connection + "|" + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            Object event = in.getHeader(RtmpConstants.EVENT);
            if (RtmpConstants.PUBLISH_START.equals(event)) {
                served(id, key, connection).start();
            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                Served served = streams.remove(id);
                if (served != null) {
                    served.end(EndReason.UNPUBLISHED);
                    in.setHeader(RtmpConstants.DROPPED_FRAMES, served.dropped);
                }
            }
            return;
        }
        Integer typeId = in.getHeader(RtmpConstants.MESSAGE_TYPE_ID, Integer.class);
        if (typeId == null) {
            typeId = RtmpConstants.TYPE_AUDIO.equals(type) ? MessageType.AUDIO
                    : RtmpConstants.TYPE_VIDEO.equals(type) ? MessageType.VIDEO
                    : RtmpConstants.TYPE_DATA.equals(type) ? MessageType.DATA_AMF0 : null;
        }
        MediaMessage.Kind kind = typeId == null ? null : MediaMessage.kindOf(typeId);
        if (kind == null) {
            throw new IllegalArgumentException("rtmp producer: set header " + RtmpConstants.MESSAGE_TYPE
                    + " (AUDIO, VIDEO, DATA) or " + RtmpConstants.MESSAGE_TYPE_ID + " (8, 9, 18, 15)");
        }
        byte[] payload = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        served(id, key, connection).send(kind, typeId, timestamp, payload);
    }

    /**
     * The state of an incoming stream, made at its first Exchange. Making one forgets the streams that have had no
     * live publish and no Exchange for a while: incoming streams without a PUBLISH_END event do not pile up.
     */
    private Served served(String id, String key, String connection) {
        Served served = streams.get(id);
        if (served == null) {
            long now = System.nanoTime();
            long keep = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                    Math.max(configuration().getServeIdleTimeout(), 60_000));
            streams.values().removeIf(s -> s.forgettable(now, keep));
            served = streams.computeIfAbsent(id, k -> new Served(key, connection));
        }
        served.lastUsedNanos = System.nanoTime();
        return served;
    }

    /** Frames dropped because their path was published by someone else, over all streams. */
    @ManagedAttribute(description = "Frames dropped because a connection or another route published their path")
    public long getDroppedFrames() {
        long sum = droppedOfClosed;
        for (Served served : streams.values()) {
            sum += served.dropped;
        }
        return sum;
    }

    /** Streams being published into the listener now. */
    @ManagedAttribute(description = "Streams being published into the listener")
    public int getActivePublishes() {
        int active = 0;
        for (Served served : streams.values()) {
            active += served.live() ? 1 : 0;
        }
        return active;
    }

    /**
     * One incoming stream: its live publish, when it has one, and its latest metadata and sequence headers, which
     * a publish that starts later (after an idle end, or once the path is free) sends first.
     */
    private final class Served {
        private final String key;
        /** The connection id of the incoming stream: its own echo (a consumer of the path feeding this producer). */
        private final String origin;
        private LocalPublish publish;
        private boolean refusalReported;
        /** Set when the last claim failed because this stream is the echo of the path's own route publish. */
        private boolean echo;
        private byte[][] config = new byte[3][];
        private final int[] configTypes = new int[3];
        volatile long dropped;
        volatile long lastUsedNanos = System.nanoTime();

        Served(String key, String origin) {
            this.key = key;
            this.origin = origin;
        }

        synchronized boolean live() {
            return publish != null && !publish.ended();
        }

        /** Whether it has no live publish and got no Exchange for {@code keepNanos}; counts its drops if so. */
        synchronized boolean forgettable(long now, long keepNanos) {
            if (live() || now - lastUsedNanos < keepNanos) {
                return false;
            }
            droppedOfClosed += dropped;
            return true;
        }

        /** Starts the publish now, unless it is live; throws when the path is taken (the first time). */
        synchronized void start() throws RtmpPublishException {
            claim(-1);
        }

        synchronized void send(MediaMessage.Kind kind, int typeId, long timestamp, byte[] payload)
                throws RtmpPublishException {
            int slot = configSlot(kind, typeId, payload);
            if (slot >= 0) {
                config[slot] = payload;
                configTypes[slot] = typeId;
            }
            if (!claim(timestamp)) {
                if (!echo) {
                    dropped++;
                }
                return;
            }
            if (!publish.send(kind, typeId, timestamp, payload) && claim(timestamp)) {
                publish.send(kind, typeId, timestamp, payload); // it had just ended idle: a new publish takes it
            }
        }

        /**
         * Makes sure a live publish exists: a new one, after an earlier one ended, sends the remembered metadata and
         * sequence headers first (at {@code timestamp}, unless negative). Returns false when the path is taken.
         */
        private boolean claim(long timestamp) throws RtmpPublishException {
            if (publish != null && !publish.ended()) {
                return true;
            }
            RtmpServer s;
            try {
                s = listener();
            } catch (Exception e) {
                throw new RtmpPublishException("rtmp producer " + getEndpoint() + " has no listener: " + e.getMessage(),
                        e);
            }
            try {
                publish = s.publishLocally(configuration().getApplication(), key,
                        configuration().getServeIdleTimeout());
            } catch (PathInUseException e) {
                publish = null;
                echo = origin.equals(e.publisherConnectionId());
                if (echo) {
                    return false; // its own publish, come back through a consumer of the path: not a second one
                }
                if (!refusalReported) {
                    refusalReported = true;
                    LOG.warn("Route publish of {} refused: {}; its frames are dropped until the path is free",
                            LogSafe.of(e.path()), LogSafe.of(e.getMessage()));
                    RtmpPublishException refused = new RtmpPublishException(e.getMessage(),
                            "NetStream.Publish.BadName");
                    refused.initCause(e);
                    throw refused;
                }
                return false;
            }
            if (refusalReported) {
                LOG.info("Route publish of {} started now that the path is free ({} frames dropped before)",
                        LogSafe.of(publish.info().path()), dropped);
                refusalReported = false;
            }
            for (int slot = 0; slot < config.length; slot++) {
                if (config[slot] != null && timestamp >= 0) {
                    publish.send(slot == 0 ? MediaMessage.Kind.DATA : slot == 1 ? MediaMessage.Kind.VIDEO
                            : MediaMessage.Kind.AUDIO, configTypes[slot], timestamp, config[slot]);
                }
            }
            return true;
        }

        synchronized void end(EndReason reason) {
            if (publish != null) {
                publish.end(reason);
                publish = null;
            }
            droppedOfClosed += dropped;
        }
    }

    /** Which remembered slot a message fills: 0 metadata, 1 video and 2 audio sequence header; -1 none. */
    private static int configSlot(MediaMessage.Kind kind, int typeId, byte[] payload) {
        switch (kind) {
            case VIDEO: {
                VideoTagHeader video = parseVideo(payload);
                return video != null && video.sequenceHeader() ? 1 : -1;
            }
            case AUDIO: {
                AudioTagHeader audio = parseAudio(payload);
                return audio != null && audio.sequenceHeader() ? 2 : -1;
            }
            default:
                return new MediaMessage(kind, 0, new dev.camelrtmp.protocol.RtmpMessage(0, typeId, 0, 0,
                        payload)).metadata() != null ? 0 : -1;
        }
    }

    private static VideoTagHeader parseVideo(byte[] payload) {
        try {
            return payload.length == 0 ? null : VideoTagHeader.parse(payload);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static AudioTagHeader parseAudio(byte[] payload) {
        try {
            return payload.length == 0 ? null : AudioTagHeader.parse(payload);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
