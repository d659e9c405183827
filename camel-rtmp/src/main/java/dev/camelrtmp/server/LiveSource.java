package dev.camelrtmp.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.RtmpMessage;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.TagHeader;
import dev.camelrtmp.media.Track;
import dev.camelrtmp.media.VideoTagHeader;

/**
 * What a player joining a live path needs before the live messages: the publisher's latest metadata
 * ({@code onMetaData}, as received), the latest video and audio sequence headers of every track, and a GOP cache
 * holding the messages since the latest coded video key frame, so that a new player can start on a key frame at once.
 * <p>
 * Sequence headers are kept per kind and track id (0 for a tag that is not multitrack): an Enhanced RTMP
 * multitrack stream configures each track (and its codec) with a header of its own, and a player joining
 * mid-stream needs all of them. A track's newer header replaces its older one, also when the track's codec changed
 * (a track carries one codec at a time); a header carrying several tracks (ManyTracks) stays as long as it is the
 * latest for one of them. With at most 256 track ids per kind, they are bounded.
 * <p>
 * The cache restarts on a key frame of the video track it started on, or of a lower one (track 0 for a stream
 * that is not multitrack); key frames of other tracks are cached like other frames, so that the cached group holds
 * every track's frames from the restart on.
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
 * Threading: written by the event loop of the connection that publishes the path, or by the thread of the route
 * that publishes it ({@link LocalPublish}); players join and leave from
 * their own event loops. Every method holds the source's monitor, which only ever waits for another of these
 * short, non-blocking calls (a player's writes are queued to its channel, never awaited).
 */
final class LiveSource {

    private final int gopCacheMaxFrames;
    private final long gopCacheMaxBytes;
    private final ArrayDeque<MediaMessage> gop = new ArrayDeque<>();
    private long gopBytes;
    private MediaMessage metadata;
    /** The latest sequence header of each video track, in the order they came (a re-sent one moves last). */
    private final Map<Integer, MediaMessage> videoSequenceHeaders = new LinkedHashMap<>();
    private final Map<Integer, MediaMessage> audioSequenceHeaders = new LinkedHashMap<>();
    /** The lowest video track id of the key frames since the cache (re)started, or -1 while it is empty. */
    private int gopKeyTrack = -1;
    private long gopOverflows;
    private final Set<LiveSink> players = new LinkedHashSet<>();
    /** The stream that publishes the path now, or null. */
    private Object publisher;

    /** What all GOP caches of the listener may hold together, or null for no bound beside this cache's own. */
    private final MemoryBudget budget;

    /**
     * @param gopCacheMaxFrames the most messages the GOP cache holds; 0 disables the cache
     * @param gopCacheMaxBytes  the most payload bytes the GOP cache holds; 0 disables the cache
     */
    LiveSource(int gopCacheMaxFrames, long gopCacheMaxBytes) {
        this(gopCacheMaxFrames, gopCacheMaxBytes, null);
    }

    /**
     * @param budget the listener's memory budget, whose share for GOP caches this cache draws from (a group that
     *               finds no room there is dropped like one that outgrows this cache's own bounds); null for none
     */
    LiveSource(int gopCacheMaxFrames, long gopCacheMaxBytes, MemoryBudget budget) {
        if (gopCacheMaxFrames < 0 || gopCacheMaxBytes < 0) {
            throw new IllegalArgumentException("GOP cache bounds must not be negative");
        }
        this.gopCacheMaxFrames = gopCacheMaxFrames;
        this.gopCacheMaxBytes = gopCacheMaxBytes;
        this.budget = budget;
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
        // RTMP players: one delivery per event loop for all of its players that take the message
        PlayerFlusher.HandOut handOut = new PlayerFlusher.HandOut();
        try {
            for (LiveSink player : players) {
                if (player instanceof Player rtmp) {
                    rtmp.offer(played, shared, handOut);
                } else {
                    player.send(played, shared);
                }
            }
        } finally {
            try {
                handOut.dispatch();
            } finally {
                shared.release();
            }
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
            keepSequenceHeader(videoSequenceHeaders, message, header);
        } else if (header != null && header.codedKeyframe()) {
            int track = lowestTrack(header);
            if (gop.isEmpty() || track <= gopKeyTrack) {
                clearGop();
                if (cache(message, true)) {
                    gopKeyTrack = track;
                }
            } else {
                cache(message, false);
            }
        } else {
            cache(message, false);
        }
    }

    private void acceptAudio(MediaMessage message) {
        AudioTagHeader header = message.audioHeader();
        if (header != null && header.sequenceHeader()) {
            keepSequenceHeader(audioSequenceHeaders, message, header);
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

    /** Makes {@code message} the latest sequence header of each track it carries. */
    private static void keepSequenceHeader(Map<Integer, MediaMessage> headers, MediaMessage message,
            TagHeader header) {
        if (!header.multitrack()) {
            headers.remove(0);
            headers.put(0, message);
            return;
        }
        for (Track track : header.tracks()) {
            headers.remove(track.trackId());
            headers.put(track.trackId(), message);
        }
    }

    /** The lowest track id a video tag carries: 0 unless it is multitrack. */
    private static int lowestTrack(VideoTagHeader header) {
        int lowest = header.multitrack() ? Integer.MAX_VALUE : 0;
        for (Track track : header.tracks()) {
            lowest = Math.min(lowest, track.trackId());
        }
        return lowest;
    }

    /**
     * Appends to a cache that starts with a key frame; drops the whole group when it outgrows a bound.
     *
     * @return whether the message was cached
     */
    private boolean cache(MediaMessage message, boolean keyframe) {
        if (gop.isEmpty() && !keyframe) {
            return false; // no key frame to start from
        }
        long bytes = message.payload().length;
        if (gop.size() + 1 > gopCacheMaxFrames || gopBytes + bytes > gopCacheMaxBytes
                || (budget != null && !budget.tryCache(bytes))) {
            gopOverflows++;
            clearGop();
            return false;
        }
        gop.addLast(message);
        gopBytes += bytes;
        return true;
    }

    private void clearGop() {
        gop.clear();
        if (budget != null) {
            budget.uncached(gopBytes);
        }
        gopBytes = 0;
        gopKeyTrack = -1;
    }

    /** The latest {@code onMetaData} data message as received (maybe after {@code @setDataFrame}), or null. */
    synchronized MediaMessage metadata() {
        return metadata;
    }

    /** The latest video sequence header (AVC/HEVC configuration, SequenceStart) of any track, or null. */
    synchronized MediaMessage videoSequenceHeader() {
        return latest(videoSequenceHeaders);
    }

    /** The latest audio sequence header (AAC AudioSpecificConfig, SequenceStart) of any track, or null. */
    synchronized MediaMessage audioSequenceHeader() {
        return latest(audioSequenceHeaders);
    }

    private static MediaMessage latest(Map<Integer, MediaMessage> headers) {
        MediaMessage latest = null;
        for (MediaMessage header : headers.values()) {
            latest = header;
        }
        return latest;
    }

    /**
     * The sequence headers a joining player needs, video first: the latest of every track, each message once, in
     * the order they came.
     */
    synchronized List<MediaMessage> sequenceHeaders() {
        List<MediaMessage> headers = new ArrayList<>();
        addDistinct(headers, videoSequenceHeaders);
        addDistinct(headers, audioSequenceHeaders);
        return headers;
    }

    private static void addDistinct(List<MediaMessage> into, Map<Integer, MediaMessage> headers) {
        Set<MediaMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MediaMessage header : headers.values()) {
            if (seen.add(header)) {
                into.add(header);
            }
        }
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

    /**
     * What a joining player gets before the live messages: metadata, the sequence headers of every track, then the
     * GOP cache.
     */
    synchronized List<MediaMessage> startSequence() {
        List<MediaMessage> start = new ArrayList<>(gop.size() + 3);
        if (metadata != null) {
            start.add(metadata);
        }
        start.addAll(sequenceHeaders());
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
            for (LiveSink player : players) {
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
        for (LiveSink player : players) {
            player.unpublishNotify();
        }
    }

    /** Adds a player: it gets the start sequence now when the path is published, else all once it is. */
    synchronized void addPlayer(LiveSink player) {
        players.add(player);
        if (publisher != null) {
            for (MediaMessage message : startSequence()) {
                player.send(message, null);
            }
        }
    }

    synchronized void removePlayer(LiveSink player) {
        players.remove(player);
    }

    /** Whether nobody publishes or plays the path: the server may forget it. */
    synchronized boolean unused() {
        return publisher == null && players.isEmpty();
    }

    synchronized int players() {
        return players.size();
    }

    /** Whether somebody publishes the path now. */
    synchronized boolean published() {
        return publisher != null;
    }

    /** What {@code player} was sent and dropped so far, read under the monitor its counts are kept under. */
    synchronized PlayStats stats(LiveSink player) {
        return new PlayStats(player.sent(), player.dropped(), player.bytesSent());
    }

    /** Forgets metadata, sequence headers and cache: the publisher ended, and a republish may change codecs. */
    synchronized void clear() {
        metadata = null;
        videoSequenceHeaders.clear();
        audioSequenceHeaders.clear();
        clearGop();
    }
}
