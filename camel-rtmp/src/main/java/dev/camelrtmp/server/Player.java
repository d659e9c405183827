package dev.camelrtmp.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import io.netty.channel.Channel;

/**
 * One message stream of a connection that plays a live path. Messages are written to the player's channel (encoded
 * there with the chunk size the server sends to that connection); the payload arrays are shared, not copied.
 * <p>
 * Slow-player policy: the bytes written to the channel and not yet sent are counted. Past {@code maxQueuedBytes} the
 * player drops messages until the next coded video key frame (sequence headers and metadata still pass, up to twice
 * the bound), so that what it plays next decodes and audio stays in step with video. Drops are counted.
 * <p>
 * At the start of play and of each publish only video waits for its first key frame: audio and data before it pass,
 * so a player that waits for a publisher gets every audio frame (encoders often send audio first), and an audio-only
 * stream plays.
 * <p>
 * Threading: {@link #send} and the drop state are called and guarded under the monitor of the {@link LiveSource}
 * the player belongs to; the queued byte count is updated from the channel's event loop.
 */
final class Player {

    static final int AUDIO_CHUNK_STREAM_ID = 4;
    static final int VIDEO_CHUNK_STREAM_ID = 6;
    static final int DATA_CHUNK_STREAM_ID = 5;

    private final Channel channel;
    private final int messageStreamId;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    /** After an overflow: all but configuration waits for the next key frame. */
    private boolean waitingForKeyframe;
    /** At the start of play or of a publish: video waits for its first key frame. */
    private boolean videoWaitsForKeyframe = true;
    private long dropped;
    private long sent;

    Player(Channel channel, int messageStreamId, long maxQueuedBytes) {
        this.channel = channel;
        this.messageStreamId = messageStreamId;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Sends one message of the stream, or drops it by the slow-player policy. Under the source's monitor. */
    void send(MediaMessage message) {
        boolean keyframe = message.kind() == MediaMessage.Kind.VIDEO && message.videoHeader() != null
                && message.videoHeader().codedKeyframe();
        boolean config = isConfig(message);
        long queued = queuedBytes.get();
        if (queued > 2 * maxQueuedBytes || (queued > maxQueuedBytes && !config)) {
            waitingForKeyframe = true;
            dropped++;
            return;
        }
        if (!keyframe && !config
                && (waitingForKeyframe || videoWaitsForKeyframe && message.kind() == MediaMessage.Kind.VIDEO)) {
            dropped++;
            return;
        }
        if (keyframe) {
            waitingForKeyframe = false;
            videoWaitsForKeyframe = false;
        }
        int chunkStreamId = switch (message.kind()) {
            case AUDIO -> AUDIO_CHUNK_STREAM_ID;
            case VIDEO -> VIDEO_CHUNK_STREAM_ID;
            default -> DATA_CHUNK_STREAM_ID;
        };
        RtmpMessage original = message.message();
        write(new RtmpMessage(chunkStreamId, original.typeId(), original.timestamp(), messageStreamId,
                original.payload()));
        sent++;
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
        waitingForKeyframe = false;
        videoWaitsForKeyframe = true;
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
        long length = message.length();
        queuedBytes.addAndGet(length);
        channel.writeAndFlush(message).addListener(future -> queuedBytes.addAndGet(-length));
    }

    /** Messages dropped by the slow-player policy. Under the source's monitor. */
    long dropped() {
        return dropped;
    }

    /** Messages sent. Under the source's monitor. */
    long sent() {
        return sent;
    }

    /** Bytes written to the channel and not yet sent. Any thread. */
    long queuedBytes() {
        return queuedBytes.get();
    }
}
