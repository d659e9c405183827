package dev.camelrtmp.server;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.RtmpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live stream that the application publishes into the server itself (a Camel route), not a connection: made by
 * {@link RtmpServer#publishLocally}. Its path is live like a connection's publish: players of the path get the same
 * sequence (StreamBegin and NetStream.Play.PublishNotify, metadata, sequence headers, the GOP cache, the live
 * messages, StreamEOF and NetStream.Play.UnpublishNotify at the end), and a consumer whose application and key
 * cover the path receives it as a publish, on the thread that calls {@link #send}.
 * <p>
 * The publish ends with {@link #end}, or by itself when no message has been sent for its idle timeout.
 * <p>
 * Threading: {@link #send} and {@link #end} may be called from any thread, one at a time; they hold this object's
 * monitor, so a consumer's calls never overlap. The idle timer runs on an event loop of the listener and hands the
 * end to the listener's delivery threads, since a consumer's route may block.
 */
public final class LocalPublish {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPublish.class);

    private final RtmpServer server;
    private final PublishInfo info;
    private final long idleTimeoutNanos;
    private LiveSource source;
    private volatile long lastMessageNanos;
    private volatile boolean ended;
    /** Written under the monitor, or by the timer itself on the event loop (which never takes the monitor). */
    private volatile ScheduledFuture<?> idleCheck;
    private volatile PublishTarget target;
    private volatile long startedMillis;
    /** Written under the monitor; read without it for statistics. */
    private volatile long audio;
    private volatile long video;
    private volatile long data;
    private volatile long bytes;

    LocalPublish(RtmpServer server, PublishInfo info, long idleTimeoutMillis) {
        this.server = server;
        this.info = info;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    }

    /** Makes the path live: players are told, the consumer of the path (if any) gets the publish start. */
    synchronized void start() {
        lastMessageNanos = server.nanoTime();
        startedMillis = System.currentTimeMillis();
        source = server.source(info.path());
        source.publish(this);
        target = server.resolve(info.application(), info.streamKey());
        LOG.info("Publish started: {} from a route ({})", LogSafe.of(info.path()), info.connectionId());
        if (target != null) {
            target.statistics().publishStarted();
            target.listener().onPublishStart(info);
        }
        armIdleCheck(idleTimeoutNanos);
    }

    /** Where this publish is and who it is: the headers its consumer's Exchanges carry. */
    public PublishInfo info() {
        return info;
    }

    /** The consumer that receives this publish, or null. */
    PublishTarget target() {
        return target;
    }

    /** The publish as it stands now, for statistics. Any thread. */
    LiveStream snapshot() {
        return new LiveStream(info, startedMillis, video, audio, data, bytes);
    }

    /** Whether the publish has ended (by {@link #end}, its idle timeout, or the listener stopping). */
    public boolean ended() {
        return ended;
    }

    /**
     * Publishes one message to the path's players and consumer.
     *
     * @param kind      audio, video or data
     * @param typeId    the RTMP message type id (8, 9, 18 or 15)
     * @param timestamp the timestamp in milliseconds; players get its low 32 bits, as RTMP carries it
     * @param payload   the FLV tag body, shared with the players and never written to afterwards
     * @return false when the publish has ended and took nothing
     */
    public synchronized boolean send(MediaMessage.Kind kind, int typeId, long timestamp, byte[] payload) {
        if (ended) {
            return false;
        }
        lastMessageNanos = server.nanoTime();
        switch (kind) {
            case AUDIO -> audio++;
            case VIDEO -> video++;
            default -> data++;
        }
        bytes += payload.length;
        int chunkStreamId = switch (kind) {
            case AUDIO -> Player.AUDIO_CHUNK_STREAM_ID;
            case VIDEO -> Player.VIDEO_CHUNK_STREAM_ID;
            default -> Player.DATA_CHUNK_STREAM_ID;
        };
        MediaMessage message = new MediaMessage(kind, timestamp, new RtmpMessage(chunkStreamId, typeId,
                (int) timestamp, 1, payload));
        source.accept(message);
        if (target != null) {
            target.statistics().message(payload.length);
            target.listener().onMessage(info, message);
            lastMessageNanos = server.nanoTime(); // a slow consumer route does not make the publish look idle
        }
        return true;
    }

    /** Ends the publish, once: players get StreamEOF and NetStream.Play.UnpublishNotify, the consumer the end. */
    public synchronized void end(EndReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        server.releaseLive(info.path(), this);
        source.unpublish(this);
        server.releaseSource(info.path());
        PublishStats stats = new PublishStats(audio, video, data, bytes, 0);
        LOG.info("Publish ended: {} from a route ({}; {}; {} video, {} audio, {} data messages)",
                LogSafe.of(info.path()), info.connectionId(), reason, video, audio, data);
        if (target != null) {
            target.statistics().publishEnded();
            target.listener().onPublishEnd(info, reason, stats);
        }
    }

    private void armIdleCheck(long delayNanos) {
        if (idleTimeoutNanos <= 0) {
            return;
        }
        try {
            idleCheck = server.timers().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            idleCheck = null; // the listener is stopping
        }
    }

    /** On the event loop: hands the end to a delivery thread when idle, else checks again when it could be. */
    private void checkIdle() {
        if (ended) {
            return;
        }
        long idle = server.nanoTime() - lastMessageNanos;
        if (idle < idleTimeoutNanos) {
            armIdleCheck(idleTimeoutNanos - idle); // a check armed after the end finds it ended and stops
            return;
        }
        try {
            server.deliveryExecutor().execute(this::endIfIdle);
        } catch (RejectedExecutionException e) {
            endIfIdle(); // the listener is stopping: no consumer is left to block
        }
    }

    private synchronized void endIfIdle() {
        long idle = server.nanoTime() - lastMessageNanos;
        if (ended) {
            return;
        }
        if (idle < idleTimeoutNanos) {
            armIdleCheck(idleTimeoutNanos - idle);
            return;
        }
        LOG.info("Publish of {} from a route ({}) received nothing for {} ms: ended", LogSafe.of(info.path()),
                info.connectionId(), TimeUnit.NANOSECONDS.toMillis(idle));
        end(EndReason.TIMEOUT);
    }
}
