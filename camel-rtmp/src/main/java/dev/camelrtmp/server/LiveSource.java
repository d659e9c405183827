package dev.camelrtmp.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

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
 * Threading: owned by the event loop of the connection that publishes the path; every method is called on that
 * thread only.
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

    /** Takes one message of the publisher, in the order received. */
    void accept(MediaMessage message) {
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
    MediaMessage metadata() {
        return metadata;
    }

    /** The latest video sequence header (AVC/HEVC configuration, SequenceStart), or null. */
    MediaMessage videoSequenceHeader() {
        return videoSequenceHeader;
    }

    /** The latest audio sequence header (AAC AudioSpecificConfig, SequenceStart), or null. */
    MediaMessage audioSequenceHeader() {
        return audioSequenceHeader;
    }

    /** The messages since the latest coded video key frame, first the key frame; empty when none is cached. */
    List<MediaMessage> gop() {
        return new ArrayList<>(gop);
    }

    /** The payload bytes the GOP cache holds. */
    long gopBytes() {
        return gopBytes;
    }

    /** How often a group of pictures (or its key frame alone) outgrew a bound and was dropped from the cache. */
    long gopOverflows() {
        return gopOverflows;
    }

    /** What a joining player gets before the live messages: metadata, sequence headers, then the GOP cache. */
    List<MediaMessage> startSequence() {
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

    /** Forgets everything: the publisher ended, and a republish may change codecs. */
    void clear() {
        metadata = null;
        videoSequenceHeader = null;
        audioSequenceHeader = null;
        clearGop();
    }
}
