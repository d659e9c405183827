package dev.camelrtmp.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.protocol.chunk.ChunkedMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;

/**
 * One message stream of a connection that plays a live path. Messages are written to the player's channel (encoded
 * there with the chunk size the server sends to that connection); the payload arrays are shared, not copied. A live
 * message handed out to many players is chunked once and its bytes shared ({@link SharedChunks}): each player writes
 * a retained duplicate of them, which its {@link ChunkEncoder} passes on as they are when they were chunked with its
 * chunk size.
 * <p>
 * Writes are batched per turn of the player's event loop: what the player is given goes to a queue, and one task on
 * the event loop (scheduled once, when the queue was idle) writes everything queued and flushes once. A publisher on
 * the same event loop therefore costs its players one flush per read, not one per message; one on another event
 * loop one task per player per hand-out at most.
 * <p>
 * Slow-player policy: the bytes written to the channel and not yet sent are counted. Past {@code maxQueuedBytes} the
 * player drops messages until the next coded video key frame (sequence headers and metadata still pass, up to twice
 * the bound), so that what it plays next decodes and audio stays in step with video. Drops are counted.
 * <p>
 * Threading: {@link #send} and the drop state are called and guarded under the monitor of the {@link LiveSource}
 * the player belongs to; the queue of messages not yet written is emptied, and the channel's outbound buffer
 * updated, on the channel's event loop.
 */
final class Player {

    static final int AUDIO_CHUNK_STREAM_ID = 4;
    static final int VIDEO_CHUNK_STREAM_ID = 6;
    static final int DATA_CHUNK_STREAM_ID = 5;

    private final Channel channel;
    private final int messageStreamId;
    private final long maxQueuedBytes;
    /** The connection's encoder (its chunk size), or null on a channel without one. */
    private final ChunkEncoder encoder;
    /** Payload bytes of the messages in {@link #pending}. */
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Messages ({@link RtmpMessage} or {@link ChunkedMessage}) given to the player and not yet written. */
    private final Queue<Object> pending = PlatformDependent.newMpscQueue();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Runnable writePending = this::writePending;
    private boolean waitingForKeyframe = true;
    private long dropped;
    private long sent;
    private long bytes;

    Player(Channel channel, int messageStreamId, long maxQueuedBytes) {
        this.channel = channel;
        this.messageStreamId = messageStreamId;
        this.maxQueuedBytes = maxQueuedBytes;
        this.encoder = channel.pipeline().get(ChunkEncoder.class);
    }

    /** Sends one message of the stream, or drops it by the slow-player policy. Under the source's monitor. */
    void send(MediaMessage message) {
        send(message, null);
    }

    /**
     * Sends one message of the stream, chunked by {@code shared} when the player's connection has an encoder (so
     * that players with the same chunk size share one encoding), or drops it by the slow-player policy. Under the
     * source's monitor.
     */
    void send(MediaMessage message, SharedChunks shared) {
        boolean keyframe = message.kind() == MediaMessage.Kind.VIDEO && message.videoHeader() != null
                && message.videoHeader().codedKeyframe();
        boolean config = isConfig(message);
        long queued = queuedBytes();
        if (queued > 2 * maxQueuedBytes || (queued > maxQueuedBytes && !config)) {
            waitingForKeyframe = true;
            dropped++;
            return;
        }
        if (waitingForKeyframe && !keyframe && !config) {
            dropped++;
            return;
        }
        if (keyframe) {
            waitingForKeyframe = false;
        }
        int chunkStreamId = switch (message.kind()) {
            case AUDIO -> AUDIO_CHUNK_STREAM_ID;
            case VIDEO -> VIDEO_CHUNK_STREAM_ID;
            default -> DATA_CHUNK_STREAM_ID;
        };
        RtmpMessage original = message.message();
        int chunkSize = encoder == null ? 0 : encoder.chunkSize();
        if (shared != null && chunkSize > 0) {
            write(shared.chunked(chunkStreamId, messageStreamId, chunkSize, channel.alloc()), original.length());
        } else {
            write(new RtmpMessage(chunkStreamId, original.typeId(), original.timestamp(), messageStreamId,
                    original.payload()), original.length());
        }
        sent++;
        bytes += original.length();
    }

    private static boolean isConfig(MediaMessage message) {
        return switch (message.kind()) {
            case VIDEO -> message.videoHeader() != null && message.videoHeader().sequenceHeader();
            case AUDIO -> message.audioHeader() != null && message.audioHeader().sequenceHeader();
            default -> message.metadata() != null;
        };
    }

    /** The publisher started (again): StreamBegin and onStatus NetStream.Play.PublishNotify. */
    void publishNotify() {
        waitingForKeyframe = true;
        write(ProtocolControl.streamBegin(messageStreamId));
        write(onStatus("NetStream.Play.PublishNotify", "Stream is now published."));
    }

    /** The publisher ended: StreamEOF and onStatus NetStream.Play.UnpublishNotify; the player waits for another. */
    void unpublishNotify() {
        waitingForKeyframe = true;
        write(ProtocolControl.streamEof(messageStreamId));
        write(onStatus("NetStream.Play.UnpublishNotify", "Stream is now unpublished."));
    }

    private RtmpMessage onStatus(String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", "status");
        info.put("code", code);
        info.put("description", description);
        return new Command("onStatus", 0, null, List.of(info))
                .toMessage(MessageType.COMMAND_AMF0, Command.STREAM_CHUNK_STREAM_ID, messageStreamId);
    }

    private void write(RtmpMessage message) {
        write(message, message.length());
    }

    /** Queues a message for the event loop's next turn; its bytes count as queued until sent. */
    private void write(Object message, long length) {
        pendingBytes.addAndGet(length);
        pending.add(message);
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(writePending);
            } catch (RejectedExecutionException stopped) {
                // the event loop is shutting down with the server: nothing will be sent any more
                writeScheduled.set(false);
                discardPending();
            }
        }
    }

    /**
     * On the event loop: writes what is queued, then flushes once. From here on the channel's outbound buffer counts
     * the bytes until they are sent; a failed write closes the connection, so no promise is watched.
     */
    private void writePending() {
        writeScheduled.set(false); // what is queued from now on schedules another turn
        Object message;
        boolean wrote = false;
        while ((message = pending.poll()) != null) {
            long length = message instanceof ChunkedMessage chunked ? chunked.message().length()
                    : ((RtmpMessage) message).length();
            channel.write(message, channel.voidPromise());
            pendingBytes.addAndGet(-length);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void discardPending() {
        Object message;
        while ((message = pending.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
        pendingBytes.set(0);
    }

    /** Messages dropped by the slow-player policy. Under the source's monitor. */
    long dropped() {
        return dropped;
    }

    /** Messages sent. Under the source's monitor. */
    long sent() {
        return sent;
    }

    /** Payload bytes of the messages sent (as counted by {@link #sent()}). Under the source's monitor. */
    long bytes() {
        return bytes;
    }

    /**
     * Bytes given to the player and not yet sent: payloads still queued for the event loop, and what the channel's
     * outbound buffer holds (chunked, with the buffer's own accounting). Any thread.
     */
    long queuedBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return pendingBytes.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }
}
