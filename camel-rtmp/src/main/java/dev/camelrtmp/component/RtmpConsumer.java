package dev.camelrtmp.component;

import java.util.Map;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.server.EndReason;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PublishInfo;
import dev.camelrtmp.server.PublishStats;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.StreamListener;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Hosts the RTMP listener (shared with other consumers on the same address) and turns every audio, video and data
 * message published to its application into an Exchange, in the order received. The route runs on a worker
 * thread; while it is behind, the server stops reading the publisher's connection.
 */
public class RtmpConsumer extends DefaultConsumer implements StreamListener {

    private RtmpServer server;
    private PublishTarget target;

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
        server = getEndpoint().getComponent().acquireServer(configuration);
        target = new PublishTarget(configuration.getApplication(), configuration.getStreamKey(), this);
        server.register(target);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.unregister(target);
            getEndpoint().getComponent().releaseServer(getEndpoint().getConfiguration());
            server = null;
        }
        super.doStop();
    }

    /** The listener's bound address, or null when not started. */
    public java.net.InetSocketAddress getLocalAddress() {
        RtmpServer s = server;
        return s == null ? null : s.localAddress();
    }

    @Override
    public void onPublishStart(PublishInfo stream) {
        if (!isRunAllowed()) {
            return;
        }
        if (getEndpoint().getConfiguration().isLifecycleEvents()) {
            Exchange exchange = createExchange(false);
            Message in = exchange.getIn();
            streamHeaders(in, stream);
            in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
            in.setHeader(RtmpConstants.EVENT, RtmpConstants.PUBLISH_START);
            in.setHeader(RtmpConstants.PUBLISH_TYPE, stream.publishType());
            in.setHeader(RtmpConstants.TC_URL, stream.tcUrl());
            in.setHeader(RtmpConstants.CONNECT_PARAMETERS, stream.connectParameters());
            process(exchange);
        }
    }

    @Override
    public void onMessage(PublishInfo stream, MediaMessage message) {
        if (!isRunAllowed()) {
            return;
        }
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(message.payload());
        streamHeaders(in, stream);
        in.setHeader(RtmpConstants.MESSAGE_TYPE_ID, message.message().typeId());
        in.setHeader(RtmpConstants.TIMESTAMP, message.timestamp());
        switch (message.kind()) {
            case VIDEO -> {
                in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_VIDEO);
                VideoTagHeader video = message.videoHeader();
                if (video != null) {
                    if (video.codec() != null) {
                        in.setHeader(RtmpConstants.CODEC, video.codec().name());
                    }
                    in.setHeader(RtmpConstants.KEY_FRAME, video.keyframe());
                    if (video.packetType() >= 0) {
                        in.setHeader(RtmpConstants.PACKET_TYPE, video.packetType());
                    }
                    in.setHeader(RtmpConstants.SEQUENCE_HEADER, video.sequenceHeader());
                    in.setHeader(RtmpConstants.COMPOSITION_TIME, video.compositionTime());
                }
            }
            case AUDIO -> {
                in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_AUDIO);
                AudioTagHeader audio = message.audioHeader();
                if (audio != null) {
                    if (audio.codec() != null) {
                        in.setHeader(RtmpConstants.CODEC, audio.codec().name());
                    }
                    in.setHeader(RtmpConstants.SEQUENCE_HEADER, audio.sequenceHeader());
                    if (audio.packetType() >= 0) {
                        in.setHeader(RtmpConstants.PACKET_TYPE, audio.packetType());
                    }
                }
            }
            default -> {
                in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_DATA);
                String name = message.dataName();
                if (name != null) {
                    in.setHeader(RtmpConstants.DATA_NAME, name);
                }
                Map<String, Object> metadata = message.metadata();
                if (metadata != null) {
                    in.setHeader(RtmpConstants.METADATA, metadata);
                }
            }
        }
        process(exchange);
    }

    @Override
    public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        if (!isRunAllowed()) {
            return;
        }
        if (getEndpoint().getConfiguration().isLifecycleEvents()) {
            Exchange exchange = createExchange(false);
            Message in = exchange.getIn();
            streamHeaders(in, stream);
            in.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
            in.setHeader(RtmpConstants.EVENT, RtmpConstants.PUBLISH_END);
            in.setHeader(RtmpConstants.END_REASON, reason.name());
            in.setHeader(RtmpConstants.VIDEO_COUNT, stats.videoMessages());
            in.setHeader(RtmpConstants.AUDIO_COUNT, stats.audioMessages());
            in.setHeader(RtmpConstants.DATA_COUNT, stats.dataMessages());
            in.setHeader(RtmpConstants.READ_PAUSES, stats.readPauses());
            process(exchange);
        }
    }

    private static void streamHeaders(Message in, PublishInfo stream) {
        in.setHeader(RtmpConstants.APPLICATION, stream.application());
        in.setHeader(RtmpConstants.STREAM_KEY, stream.streamKey());
        in.setHeader(RtmpConstants.STREAM_NAME, stream.streamName());
        in.setHeader(RtmpConstants.CLIENT_ADDRESS, stream.clientAddress());
        in.setHeader(RtmpConstants.CONNECTION_ID, stream.connectionId());
        in.setHeader(RtmpConstants.MESSAGE_STREAM_ID, stream.messageStreamId());
    }

    /** Runs the route for one Exchange on this (worker) thread; failures go to the consumer's exception handler. */
    private void process(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing RTMP message", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
