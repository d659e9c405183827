package dev.camelrtmp.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.protocol.chunk.ChunkedMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message stream of a connection that plays a live path. Messages are written to the player's channel (encoded
 * there with the chunk size the server sends to that connection); the payload arrays are shared, not copied. A live
 * message handed out to many players is chunked once and its bytes shared ({@link SharedChunks}): each player writes
 * a retained duplicate of them, which its {@link ChunkEncoder} passes on as they are when they were chunked with its
 * chunk size.
 * <p>
 * Writes are batched per turn of the player's event loop by its {@link PlayerFlusher}: a live message goes there
 * once for all players of the loop that take it ({@link #offer}), a message of the player's own (a control message,
 * the start sequence) on its own, and one task per turn writes them all in order, flushing each player once. A
 * publisher therefore costs its players one flush each per turn of their loop, not one per message, and a hand-out
 * to any number of players one delivery and at most one task submission per event loop.
 * <p>
 * Slow-player policy ({@link SlowSinkPolicy}): the bytes given to the channel and not yet sent are counted; past
 * {@code maxQueuedBytes} the player drops messages until the next coded video key frame, so that what it plays next
 * decodes and audio stays in step with video. Drops are counted.
 * <p>
 * What the player asked for is honoured before that policy, and costs no drop count: while it is paused
 * ({@code pause}) nothing is sent and it resumes at the next key frame; with {@code receiveAudio} or
 * {@code receiveVideo} false that kind is not sent (sequence headers still are) and video resumes at a key frame; an
 * Enhanced RTMP codec it cannot take (see {@link #acceptFourCcs}) is answered once with onStatus
 * NetStream.Play.Failed instead of frames it could not parse.
 * <p>
 * At the start of play and of each publish only video waits for its first key frame: audio and data before it pass,
 * so a player that waits for a publisher gets every audio frame (encoders often send audio first), and an audio-only
 * stream plays.
 * <p>
 * Threading: {@link #send} and the drop state are called and guarded under the monitor of the {@link LiveSource}
 * the player belongs to; what was delivered is written, and the channel's outbound buffer updated, on the
 * channel's event loop ({@link #writeNow}, {@link #flushWritten}).
 * The player's requests (pause, receiveAudio, receiveVideo, accepted FourCCs) are set from its own event loop and
 * read in {@link #send}.
 */
final class Player implements LiveSink {

    private static final Logger LOG = LoggerFactory.getLogger(Player.class);

    static final int AUDIO_CHUNK_STREAM_ID = 4;
    static final int VIDEO_CHUNK_STREAM_ID = 6;
    static final int DATA_CHUNK_STREAM_ID = 5;

    private final Channel channel;
    private final int messageStreamId;
    /** The connection's encoder (its chunk size), or null on a channel without one. */
    private final ChunkEncoder encoder;
    /** The encoder's place in the pipeline: chunks already made at its chunk size are written from there on. */
    private final io.netty.channel.ChannelHandlerContext encoderContext;
    /** Payload bytes of the messages given to the flusher and not yet written (and flushed). */
    private final AtomicLong pendingBytes = new AtomicLong();
    /** On the event loop: bytes written since the last flush, and whether any message was. */
    private long unflushedBytes;
    private boolean unflushed;
    private final PlayerFlusher flusher;
    private final SlowSinkPolicy policy;
    private long sent;
    private long bytesSent;
    private volatile boolean paused;
    private volatile boolean receiveAudio = true;
    private volatile boolean receiveVideo = true;
    /** The Enhanced RTMP FourCCs the player takes; null for any, empty for none. */
    private volatile java.util.Set<String> fourCcs;
    /** After a pause (of a stream with video): nothing until the next key frame. Under the source's monitor. */
    private boolean resumeAtKeyframe;
    /** After receiveVideo was off: no video until the next key frame. Under the source's monitor. */
    private boolean videoAtKeyframe;
    private boolean sawVideo;
    /** The player was told it cannot take the stream's codec; nothing more until the next publish. */
    private boolean codecRefused;

    /** A player whose writes have a {@link PlayerFlusher} of their own (for a channel that is its loop's only). */
    Player(Channel channel, int messageStreamId, long maxQueuedBytes) {
        this(channel, messageStreamId, maxQueuedBytes, new PlayerFlusher(channel.eventLoop()));
    }

    /**
     * @param flusher writes the players of the channel's event loop (the server keeps one per loop)
     */
    Player(Channel channel, int messageStreamId, long maxQueuedBytes, PlayerFlusher flusher) {
        this.channel = channel;
        this.messageStreamId = messageStreamId;
        this.policy = new SlowSinkPolicy(maxQueuedBytes);
        this.encoder = channel.pipeline().get(ChunkEncoder.class);
        this.encoderContext = channel.pipeline().context(ChunkEncoder.class);
        this.flusher = flusher;
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
    @Override
    public void send(MediaMessage message, SharedChunks shared) {
        offer(message, shared, null);
    }

    /**
     * Sends one live message like {@link #send}, but when it is chunked by {@code shared} adds the player to
     * {@code handOut}, which delivers it once to all players of the loop that take it. Under the source's monitor.
     *
     * @param handOut the message's deliveries to the players' loops, or null to deliver to this player alone
     */
    void offer(MediaMessage message, SharedChunks shared, PlayerFlusher.HandOut handOut) {
        boolean keyframe = message.keyframe();
        boolean config = message.config();
        if (!wanted(message, keyframe, config) || !policy.admit(message, queuedBytes())) {
            return;
        }
        int chunkStreamId = switch (message.kind()) {
            case AUDIO -> AUDIO_CHUNK_STREAM_ID;
            case VIDEO -> VIDEO_CHUNK_STREAM_ID;
            default -> DATA_CHUNK_STREAM_ID;
        };
        RtmpMessage original = message.message();
        int chunkSize = encoder == null ? 0 : encoder.chunkSize();
        if (shared != null && chunkSize > 0 && handOut != null) {
            pendingBytes.addAndGet(original.length());
            handOut.add(flusher, shared.encoding(chunkStreamId, messageStreamId, chunkSize, channel.alloc()), this);
        } else if (shared != null && chunkSize > 0) {
            write(shared.chunked(chunkStreamId, messageStreamId, chunkSize, channel.alloc()), original.length());
        } else {
            write(new RtmpMessage(chunkStreamId, original.typeId(), original.timestamp(), messageStreamId,
                    original.payload()), original.length());
        }
        sent++;
        bytesSent += original.payload().length;
    }

    /** Whether the player asked for this message and can take it (see the class comment). Under the monitor. */
    private boolean wanted(MediaMessage message, boolean keyframe, boolean config) {
        if (paused) {
            resumeAtKeyframe = sawVideo;
            return false;
        }
        if (codecRefused || !playable(message)) {
            return false;
        }
        if (message.kind() == MediaMessage.Kind.VIDEO) {
            sawVideo = true;
            if (!receiveVideo && !config) {
                videoAtKeyframe = true;
                return false;
            }
            if (keyframe) {
                videoAtKeyframe = false;
                resumeAtKeyframe = false;
            }
            if (videoAtKeyframe && !config) {
                return false;
            }
        } else if (message.kind() == MediaMessage.Kind.AUDIO && !receiveAudio && !config) {
            return false;
        }
        return config || !resumeAtKeyframe;
    }

    /** False, having told the player once, when it cannot take the message's Enhanced RTMP codec. */
    private boolean playable(MediaMessage message) {
        java.util.Set<String> accepted = fourCcs;
        dev.camelrtmp.media.TagHeader header = switch (message.kind()) {
            case VIDEO -> message.videoHeader();
            case AUDIO -> message.audioHeader();
            default -> null;
        };
        if (accepted == null || header == null || !header.enhanced() || accepted.contains("*")) {
            return true;
        }
        String fourCc = header.fourCc();
        if (!accepted.isEmpty() && (fourCc == null || accepted.contains(fourCc))) {
            return true;
        }
        codecRefused = true;
        String codec = message.kind() == MediaMessage.Kind.VIDEO ? message.videoHeader().codec() + " video"
                : message.audioHeader().codec() + " audio";
        String description = "The stream's " + codec + " (" + (fourCc == null ? "multitrack" : fourCc)
                + ") cannot be played: the player did not announce "
                + (fourCc == null ? "it" : "'" + fourCc + "'") + " in connect (fourCcList).";
        LOG.warn("Play of {} refused: {}", ProxyProtocol.clientAddress(channel), description);
        write(onStatus("error", "NetStream.Play.Failed", description));
        return false;
    }

    /**
     * The Enhanced RTMP FourCCs the player takes: null for any (the default), an empty set for none (a legacy
     * player), or the player's fourCcList ("*" for any). Set before the player joins its source.
     */
    void acceptFourCcs(java.util.Set<String> fourCcs) {
        this.fourCcs = fourCcs;
    }

    /** pause (true) or resume (false, at the next key frame). From the player's event loop. */
    void pause(boolean pause) {
        paused = pause;
    }

    /** receiveAudio: whether audio is sent. From the player's event loop. */
    void receiveAudio(boolean receive) {
        receiveAudio = receive;
    }

    /** receiveVideo: whether video is sent (again from the next key frame). From the player's event loop. */
    void receiveVideo(boolean receive) {
        receiveVideo = receive;
    }

    /** The publisher started (again): StreamBegin and onStatus NetStream.Play.PublishNotify. */
    @Override
    public void publishNotify() {
        policy.publishStarted();
        codecRefused = false;
        write(ProtocolControl.streamBegin(messageStreamId));
        write(onStatus("status", "NetStream.Play.PublishNotify", "Stream is now published."));
    }

    /** The publisher ended: StreamEOF and onStatus NetStream.Play.UnpublishNotify; the player waits for another. */
    @Override
    public void unpublishNotify() {
        policy.unpublished();
        write(ProtocolControl.streamEof(messageStreamId));
        write(onStatus("status", "NetStream.Play.UnpublishNotify", "Stream is now unpublished."));
    }

    private RtmpMessage onStatus(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return new Command("onStatus", 0, null, List.of(info))
                .toMessage(MessageType.COMMAND_AMF0, Command.STREAM_CHUNK_STREAM_ID, messageStreamId);
    }

    private void write(RtmpMessage message) {
        write(message, message.length());
    }

    /** Queues a message of the player's own for the event loop's next turn; its bytes count as queued until sent. */
    private void write(Object message, long length) {
        pendingBytes.addAndGet(length);
        flusher.deliver(this, message, length);
    }

    /**
     * On the event loop, by the flusher: writes one message (a reference of the player's own); the player is added
     * to {@code touched} for its {@link #flushWritten()} at the end of the task. A failed write closes the connection,
     * so no promise is watched.
     */
    void writeNow(Object message, long length, java.util.List<Player> touched) {
        if (encoderContext != null && message instanceof ChunkedMessage chunked
                && chunked.chunkSize() == encoder.chunkSize()) {
            // chunked for this chunk size already: past the encoder, the reference going on with the bytes
            encoderContext.write(chunked.content(), channel.voidPromise());
        } else {
            channel.write(message, channel.voidPromise());
        }
        unflushedBytes += length;
        if (!unflushed) {
            unflushed = true;
            touched.add(this);
        }
    }

    /**
     * On the event loop: flushes what {@link #writeNow} wrote. From here on the channel's outbound buffer counts the
     * bytes until they are sent.
     */
    void flushWritten() {
        // counted twice (queued and in the outbound buffer) until here: the bound errs on the safe side
        pendingBytes.addAndGet(-unflushedBytes);
        unflushedBytes = 0;
        unflushed = false;
        channel.flush();
    }

    /** A message given to the flusher will not be written (its loop stopped): its bytes no longer count. */
    void unqueued(long length) {
        pendingBytes.addAndGet(-length);
    }

    /** Messages dropped by the slow-player policy. Under the source's monitor. */
    @Override
    public long dropped() {
        return policy.dropped();
    }

    /** Payload bytes of the messages sent. Under the source's monitor. */
    @Override
    public long bytesSent() {
        return bytesSent;
    }

    /** Messages sent. Under the source's monitor. */
    @Override
    public long sent() {
        return sent;
    }

    /**
     * Bytes given to the player and not yet sent: payloads still delivered to the event loop, and what the channel's
     * outbound buffer holds (chunked, with the buffer's own accounting). Any thread.
     */
    long queuedBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return pendingBytes.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }
}
