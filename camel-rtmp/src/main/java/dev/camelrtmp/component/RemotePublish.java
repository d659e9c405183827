package dev.camelrtmp.component;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.camelrtmp.client.RtmpPublishException;
import dev.camelrtmp.client.RtmpPublisher;
import dev.camelrtmp.client.RtmpUrl;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream the producer publishes to a remote server: connects on the first frame, remembers the metadata and
 * sequence headers, and when the server drops the connection reconnects with backoff and resumes with them,
 * handling the frames in between as {@link ReconnectGap} says.
 */
final class RemotePublish {

    private static final Logger LOG = LoggerFactory.getLogger(RemotePublish.class);

    /** One frame to send. */
    record Frame(int typeId, long timestamp, byte[] payload, boolean keyFrame, boolean sequenceHeader,
            boolean metadata) {
    }

    private final RtmpProducer producer;
    private final RtmpUrl url;
    private volatile RtmpPublisher publisher;
    private boolean everPublished;
    private boolean resuming;
    private long nextAttemptNanos;
    private long delayMillis;
    private RtmpPublishException lastFailure;
    private Frame metadata;
    private Frame videoSequenceHeader;
    private Frame audioSequenceHeader;
    private final ArrayDeque<Frame> buffer = new ArrayDeque<>();
    private long dropped;
    private long reconnects;

    RemotePublish(RtmpProducer producer, RtmpUrl url) {
        this.producer = producer;
        this.url = url;
    }

    long dropped() {
        return dropped;
    }

    long reconnects() {
        return reconnects;
    }

    RtmpUrl url() {
        return url;
    }

    boolean connected() {
        RtmpPublisher p = publisher;
        return p != null && p.isActive();
    }

    /**
     * Sends a frame, connecting first if needed.
     *
     * @throws RtmpPublishException when the first publish fails (the server refused it or cannot be reached)
     */
    synchronized void send(Frame frame) throws RtmpPublishException, InterruptedException {
        remember(frame);
        if (publisher == null || !publisher.isActive()) {
            if (publisher != null) {
                LOG.warn("Connection to {} lost; reconnecting ({} policy)", LogSafe.of(url), producer.configuration()
                        .getReconnectGap());
                publisher = null;
                delayMillis = 0;
                nextAttemptNanos = 0;
            }
            if (!connect()) {
                gap(frame);
                return;
            }
        }
        if (resuming) {
            if (frame.typeId() == MessageType.VIDEO && frame.keyFrame() && !frame.sequenceHeader()) {
                resuming = false;
                LOG.info("Stream to {} resumed at a key frame ({} frames dropped so far)", LogSafe.of(url), dropped);
            } else if (!frame.sequenceHeader() && !frame.metadata()) {
                dropped++;
                return;
            }
        }
        try {
            publisher.send(frame.typeId(), frame.timestamp(), frame.payload(), producer.configuration().getSendTimeout());
        } catch (RtmpPublishException e) {
            LOG.warn("Sending to {} failed: {}", LogSafe.of(url), LogSafe.of(e.getMessage()));
            publisher.close();
            gap(frame);
        }
    }

    private void remember(Frame frame) {
        if (frame.metadata()) {
            metadata = frame;
        } else if (frame.sequenceHeader()) {
            if (frame.typeId() == MessageType.VIDEO) {
                videoSequenceHeader = frame;
            } else {
                audioSequenceHeader = frame;
            }
        }
    }

    private void gap(Frame frame) {
        if (producer.configuration().getReconnectGap() == ReconnectGap.BUFFER) {
            if (frame.sequenceHeader() || frame.metadata()) {
                return; // remembered and sent again after reconnecting anyway
            }
            buffer.add(frame);
            while (buffer.size() > producer.configuration().getReconnectBufferSize()) {
                buffer.poll();
                dropped++;
            }
        } else {
            dropped++;
        }
    }

    /** Connects and publishes, unless the backoff delay has not passed. */
    private boolean connect() throws RtmpPublishException, InterruptedException {
        long now = System.nanoTime();
        if (nextAttemptNanos != 0 && now < nextAttemptNanos) {
            if (!everPublished && lastFailure != null) {
                throw lastFailure;
            }
            return false;
        }
        RtmpConfiguration configuration = producer.configuration();
        try {
            publisher = producer.openPublisher(url).get(configuration.getConnectTimeout() * 2L,
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            lastFailure = e.getCause() instanceof RtmpPublishException p ? p
                    : new RtmpPublishException(url + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            lastFailure = new RtmpPublishException(url + ": no publish within "
                    + configuration.getConnectTimeout() * 2L + " ms", (String) null);
        }
        if (publisher == null) {
            delayMillis = delayMillis == 0 ? configuration.getReconnectDelay()
                    : Math.min(delayMillis * 2, configuration.getReconnectMaxDelay());
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
            if (!everPublished) {
                throw lastFailure;
            }
            LOG.debug("Reconnecting to {} failed ({}); next attempt in {} ms", LogSafe.of(url),
                    LogSafe.of(lastFailure.getMessage()), delayMillis);
            return false;
        }
        if (everPublished) {
            reconnects++;
            LOG.info("Reconnected to {} (reconnect {}); resuming with metadata and sequence headers", LogSafe.of(url),
                    reconnects);
            for (Frame header : new Frame[] { metadata, videoSequenceHeader, audioSequenceHeader }) {
                if (header != null) {
                    publisher.send(header.typeId(), header.timestamp(), header.payload(),
                            configuration.getSendTimeout());
                }
            }
            if (configuration.getReconnectGap() == ReconnectGap.BUFFER) {
                Frame buffered;
                while ((buffered = buffer.poll()) != null) {
                    publisher.send(buffered.typeId(), buffered.timestamp(), buffered.payload(),
                            configuration.getSendTimeout());
                }
            } else {
                resuming = true;
            }
        }
        everPublished = true;
        delayMillis = 0;
        nextAttemptNanos = 0;
        return true;
    }

    synchronized void close() {
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
    }
}
