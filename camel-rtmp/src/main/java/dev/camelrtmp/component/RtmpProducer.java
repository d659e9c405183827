package dev.camelrtmp.component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.client.RtmpPublisher;
import dev.camelrtmp.client.RtmpUrl;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the route's frames to a remote RTMP server. Each incoming stream (told apart by its stream key,
 * connection id and message stream headers) gets a publish of its own, opened at its first frame and closed at its
 * PUBLISH_END event or when the producer stops. Exchanges from the {@code rtmp:} consumer go through unchanged.
 */
@ManagedResource(description = "RTMP producer")
public class RtmpProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpProducer.class);

    private final Map<String, RemotePublish> publishes = new ConcurrentHashMap<>();
    private final RtmpUrl url;
    private volatile long droppedOfClosed;
    private volatile long reconnectsOfClosed;

    public RtmpProducer(RtmpEndpoint endpoint) {
        super(endpoint);
        RtmpConfiguration c = endpoint.getConfiguration();
        this.url = new RtmpUrl(c.isSecure(), c.getHost(), c.getPort(), c.getApplication(), c.getStreamKey());
        if (c.getApplication() == null) {
            throw new IllegalArgumentException("rtmp producer " + endpoint.getEndpointUri()
                    + " needs an application: rtmp://host:port/application[/streamKey]");
        }
    }

    @Override
    public RtmpEndpoint getEndpoint() {
        return (RtmpEndpoint) super.getEndpoint();
    }

    RtmpConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    private javax.net.ssl.SSLContext sslContext;
    /** The transport of the connections to the remote server, resolved at start. */
    private volatile dev.camelrtmp.transport.Transport transport = dev.camelrtmp.transport.Transport.AUTO;

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the transport asked for, checked now: one that is not available here fails the start, saying why
        transport = configuration().effectiveTransport().resolve();
        getEndpoint().producerStarted(this);
        if (configuration().isSecure()) {
            sslContext = getEndpoint().getComponent().sslContext(configuration());
        }
    }

    CompletableFuture<RtmpPublisher> openPublisher(RtmpUrl target) {
        RtmpComponent component = getEndpoint().getComponent();
        return RtmpPublisher.connect(component.clientGroup(transport), transport.socketChannel(), target,
                configuration().getChunkSize(), sslContext, (int) configuration().getConnectTimeout());
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
        String id = key + "|" + in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + "|"
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            if (RtmpConstants.PUBLISH_END.equals(in.getHeader(RtmpConstants.EVENT))) {
                RemotePublish publish = publishes.remove(id);
                if (publish != null) {
                    retire(publish);
                    in.setHeader(RtmpConstants.RECONNECTS, publish.reconnects());
                    in.setHeader(RtmpConstants.DROPPED_FRAMES, publish.dropped());
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
        if (typeId == null) {
            throw new IllegalArgumentException("rtmp producer: set header " + RtmpConstants.MESSAGE_TYPE
                    + " (AUDIO, VIDEO, DATA) or " + RtmpConstants.MESSAGE_TYPE_ID);
        }
        byte[] payload = in.getMandatoryBody(byte[].class);
        long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        boolean keyFrame = false;
        boolean sequenceHeader = Boolean.TRUE.equals(in.getHeader(RtmpConstants.SEQUENCE_HEADER, Boolean.class));
        if (typeId == MessageType.VIDEO && payload.length > 0) {
            VideoTagHeader video = parseVideo(payload);
            keyFrame = video != null && video.codedKeyframe();
            sequenceHeader |= video != null && video.sequenceHeader();
        } else if (typeId == MessageType.AUDIO && payload.length > 0) {
            AudioTagHeader audio = parseAudio(payload);
            sequenceHeader |= audio != null && audio.sequenceHeader();
        }
        boolean metadata = typeId == MessageType.DATA_AMF0 || typeId == MessageType.DATA_AMF3;
        RemotePublish publish = publishes.computeIfAbsent(id, k -> new RemotePublish(this, url.withStreamName(key)));
        publish.send(new RemotePublish.Frame(typeId, timestamp, payload, keyFrame, sequenceHeader, metadata));
    }

    private static VideoTagHeader parseVideo(byte[] payload) {
        try {
            return VideoTagHeader.parse(payload);
        } catch (RuntimeException e) {
            return null; // not parseable: sent as it is, never taken for a key frame
        }
    }

    private static AudioTagHeader parseAudio(byte[] payload) {
        try {
            return AudioTagHeader.parse(payload);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void retire(RemotePublish publish) {
        publish.close();
        droppedOfClosed += publish.dropped();
        reconnectsOfClosed += publish.reconnects();
        LOG.info("Publish to {} closed ({} reconnects, {} frames dropped while reconnecting)",
                LogSafe.of(publish.url()), publish.reconnects(), publish.dropped());
    }

    /** Frames dropped while reconnecting, over all streams. */
    @ManagedAttribute(description = "Frames dropped while reconnecting")
    public long getDroppedFrames() {
        long sum = droppedOfClosed;
        for (RemotePublish publish : publishes.values()) {
            sum += publish.dropped();
        }
        return sum;
    }

    /** Reconnects made, over all streams. */
    @ManagedAttribute(description = "Reconnects to the remote server")
    public long getReconnects() {
        long sum = reconnectsOfClosed;
        for (RemotePublish publish : publishes.values()) {
            sum += publish.reconnects();
        }
        return sum;
    }

    /** Streams whose connection to the remote server is up. */
    @ManagedAttribute(description = "Streams connected to the remote server")
    public int getConnectedPublishes() {
        int connected = 0;
        for (RemotePublish publish : publishes.values()) {
            connected += publish.connected() ? 1 : 0;
        }
        return connected;
    }

    /** Streams being published. */
    @ManagedAttribute(description = "Streams being published")
    public int getActivePublishes() {
        return publishes.size();
    }

    @Override
    protected void doStop() throws Exception {
        for (RemotePublish publish : publishes.values()) {
            retire(publish);
        }
        publishes.clear();
        getEndpoint().producerStopped(this);
        super.doStop();
    }
}
