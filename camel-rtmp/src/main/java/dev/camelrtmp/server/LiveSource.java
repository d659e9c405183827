package dev.camelrtmp.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;

/**
 * What a player joining a live path needs before the live messages: the publisher's latest metadata
 * ({@code onMetaData}, as received), the latest video and audio sequence headers, and a GOP cache holding the
 * messages since the latest coded video key frame, so that a new player can start on a key frame at once.
 * <p>
 * The GOP cache is bounded by frames and bytes. When a group of pictures outgrows either bound the cache is emptied
 * and stays empty until the next key frame: a partial group would not start on a key frame. Sequence headers and
 * metadata are kept apart from the cache and survive that. An audio-only stream is not cached (it has no key frame
 * to start from); its players start with the live messages after the sequence header.
 * <p>
 * Payloads are shared, never copied: the cache holds the publisher's {@link MediaMessage}s, whose payloads are plain
 * arrays that nobody writes to.
 * <p>
 * It also holds the path's players: each message the publisher sends is handed to every player at once, chunked
 * once for all players with the same chunk size ({@link SharedChunks}; see {@link Player} for the slow-player policy
 * and the batching of writes), and a player that joins first gets {@link #startSequence()}.
 * <p>
 * Threading: written by the event loop of the connection that publishes the path; players join and leave from
 * their own event loops. Every method holds the source's monitor, which only ever waits for another of these
 * short, non-blocking calls (a player's writes are queued to its channel, never awaited).
 */
final class LiveSource {

    private final int gopCacheMaxFrames;
    private final long gopCacheMaxBytes;
    private final ArrayDeque<MediaMessage> gop = new ArrayDeque<>();
    private long gopBytes;
    private MediaMessage metadata;
    private MediaMessage videoSequenceHeader;
    private MediaMessage audioSequenceHeader;
    private long gopOverflows;
    private final Set<Player> players = new LinkedHashSet<>();
    /** The stream that publishes the path now, or null. */
    private Object publisher;

    /**
     * @param gopCacheMaxFrames the most messages the GOP cache holds; 0 disables the cache
     * @param gopCacheMaxBytes  the most payload bytes the GOP cache holds; 0 disables the cache
     */
    LiveSource(int gopCacheMaxFrames, long gopCacheMaxBytes) {
        if (gopCacheMaxFrames < 0 || gopCacheMaxBytes < 0) {
            throw new IllegalArgumentException("GOP cache bounds must not be negative");
        }
        this.gopCacheMaxFrames = gopCacheMaxFrames;
        this.gopCacheMaxBytes = gopCacheMaxBytes;
    }

    /** Takes one message of the publisher, in the order received, and sends it to every player. */
    synchronized void accept(MediaMessage message) {
        MediaMessage played = forPlayers(message);
        acceptForCache(played);
        if (players.isEmpty()) {
            return;
        }
        // chunked once for every player with the same chunk size and message stream: no copy per player
        SharedChunks shared = new SharedChunks(played.message());
        try {
            for (Player player : players) {
                player.send(played, shared);
            }
        } finally {
            shared.release();
        }
    }

    /**
     * The message as players get it: metadata sent with {@code @setDataFrame} loses that prefix (players expect a
     * plain {@code onMetaData}); any other message is itself.
     */
    private static MediaMessage forPlayers(MediaMessage message) {
        if (message.kind() != MediaMessage.Kind.DATA || message.message().typeId() != MessageType.DATA_AMF0
                || !message.isSetDataFrame()) {
            return message;
        }
        RtmpMessage original = message.message();
        // AMF0 string marker, 16-bit length, "@setDataFrame"
        int prefix = 3 + MediaMessage.SET_DATA_FRAME.length();
        byte[] payload = Arrays.copyOfRange(original.payload(), prefix, original.payload().length);
        return new MediaMessage(message.kind(), message.timestamp(), new RtmpMessage(original.chunkStreamId(),
                original.typeId(), original.timestamp(), original.messageStreamId(), payload));
    }

    private void acceptForCache(MediaMessage message) {
        switch (message.kind()) {
            case VIDEO -> acceptVideo(message);
            case AUDIO -> acceptAudio(message);
            default -> acceptData(message);
        }
    }

    private void acceptVideo(MediaMessage message) {
        VideoTagHeader header = message.videoHeader();
        if (header != null && header.sequenceHeader()) {
            videoSequenceHeader = message;
        } else if (header != null && header.codedKeyframe()) {
            clearGop();
            cache(message, true);
        } else {
            cache(message, false);
        }
    }

    private void acceptAudio(MediaMessage message) {
        AudioTagHeader header = message.audioHeader();
        if (header != null && header.sequenceHeader()) {
            audioSequenceHeader = message;
        } else {
            cache(message, false);
        }
    }

    private void acceptData(MediaMessage message) {
        if (message.metadata() != null) {
            metadata = message;
        } else {
            cache(message, false);
        }
    }

    /** Appends to a cache that starts with a key frame; drops the whole group when it outgrows a bound. */
    private void cache(MediaMessage message, boolean keyframe) {
        if (gop.isEmpty() && !keyframe) {
            return; // no key frame to start from
        }
        long bytes = message.payload().length;
        if (gop.size() + 1 > gopCacheMaxFrames || gopBytes + bytes > gopCacheMaxBytes) {
            gopOverflows++;
            clearGop();
            return;
        }
        gop.addLast(message);
        gopBytes += bytes;
    }

    private void clearGop() {
        gop.clear();
        gopBytes = 0;
    }

    /** The latest {@code onMetaData} data message as received (maybe after {@code @setDataFrame}), or null. */
    synchronized MediaMessage metadata() {
        return metadata;
    }

    /** The latest video sequence header (AVC/HEVC configuration, SequenceStart), or null. */
    synchronized MediaMessage videoSequenceHeader() {
        return videoSequenceHeader;
    }

    /** The latest audio sequence header (AAC AudioSpecificConfig, SequenceStart), or null. */
    synchronized MediaMessage audioSequenceHeader() {
        return audioSequenceHeader;
    }

    /** The messages since the latest coded video key frame, first the key frame; empty when none is cached. */
    synchronized List<MediaMessage> gop() {
        return new ArrayList<>(gop);
    }

    /** The payload bytes the GOP cache holds. */
    synchronized long gopBytes() {
        return gopBytes;
    }

    /** How often a group of pictures (or its key frame alone) outgrew a bound and was dropped from the cache. */
    synchronized long gopOverflows() {
        return gopOverflows;
    }

    /** What a joining player gets before the live messages: metadata, sequence headers, then the GOP cache. */
    synchronized List<MediaMessage> startSequence() {
        List<MediaMessage> start = new ArrayList<>(gop.size() + 3);
        if (metadata != null) {
            start.add(metadata);
        }
        if (videoSequenceHeader != null) {
            start.add(videoSequenceHeader);
        }
        if (audioSequenceHeader != null) {
            start.add(audioSequenceHeader);
        }
        start.addAll(gop);
        return start;
    }

    /**
     * Makes {@code stream} the publisher of the path (a take-over replaces the one before): waiting players are
     * told the stream began.
     */
    synchronized void publish(Object stream) {
        boolean wasPublished = publisher != null;
        publisher = stream;
        clear();
        if (!wasPublished) {
            for (Player player : players) {
                player.publishNotify();
            }
        }
    }

    /**
     * {@code stream} stopped publishing: unless another took over, the cache is forgotten and the players are told
     * (StreamEOF, NetStream.Play.UnpublishNotify); they stay, waiting for a republish.
     */
    synchronized void unpublish(Object stream) {
        if (publisher != stream) {
            return;
        }
        publisher = null;
        clear();
        for (Player player : players) {
            player.unpublishNotify();
        }
    }

    /** Adds a player: it gets the start sequence now when the path is published, else all once it is. */
    synchronized void addPlayer(Player player) {
        players.add(player);
        if (publisher != null) {
            for (MediaMessage message : startSequence()) {
                player.send(message);
            }
        }
    }

    synchronized void removePlayer(Player player) {
        players.remove(player);
    }

    /** Whether nobody publishes or plays the path: the server may forget it. */
    synchronized boolean unused() {
        return publisher == null && players.isEmpty();
    }

    synchronized int players() {
        return players.size();
    }

    /** Forgets metadata, sequence headers and cache: the publisher ended, and a republish may change codecs. */
    synchronized void clear() {
        metadata = null;
        videoSequenceHeader = null;
        audioSequenceHeader = null;
        clearGop();
    }
}
