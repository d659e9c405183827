package dev.camelrtmp.server;

/**
 * Which live messages a sink (an RTMP player, an HTTP-FLV reader) sends, given how far behind its connection is,
 * so that what it plays next always decodes:
 * <ul>
 * <li>past {@code maxQueuedBytes} given to the connection and not yet sent, everything but configuration
 * (metadata and sequence headers) is dropped, and configuration too past twice that; from then on all but
 * configuration waits for the next coded video key frame, so audio stays in step with video;</li>
 * <li>at the start of play and of each publish only video waits for its first key frame: audio and data before it
 * pass (encoders often send audio first, and an audio-only stream must play).</li>
 * </ul>
 * Drops are counted. Threading: called under the monitor of the sink's {@link LiveSource}.
 */
public final class SlowSinkPolicy {

    private final long maxQueuedBytes;
    /** After an overflow: all but configuration waits for the next key frame. */
    private boolean waitingForKeyframe;
    /** At the start of play or of a publish: video waits for its first key frame. */
    private boolean videoWaitsForKeyframe = true;
    private long dropped;

    /** @param maxQueuedBytes the bytes a sink may have given to its connection and not yet sent */
    public SlowSinkPolicy(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Whether to send {@code message} now that {@code queuedBytes} wait to be sent; false counts it as dropped.
     */
    public boolean admit(MediaMessage message, long queuedBytes) {
        boolean keyframe = message.keyframe();
        boolean config = message.config();
        if (queuedBytes > 2 * maxQueuedBytes || (queuedBytes > maxQueuedBytes && !config)) {
            waitingForKeyframe = true;
            dropped++;
            return false;
        }
        if (!keyframe && !config
                && (waitingForKeyframe || videoWaitsForKeyframe && message.kind() == MediaMessage.Kind.VIDEO)) {
            dropped++;
            return false;
        }
        if (keyframe) {
            waitingForKeyframe = false;
            videoWaitsForKeyframe = false;
        }
        return true;
    }

    /** A publish starts: video waits for its first key frame, the rest passes. */
    public void publishStarted() {
        waitingForKeyframe = false;
        videoWaitsForKeyframe = true;
    }

    /** The publish ended: whatever comes next waits for a key frame. */
    public void unpublished() {
        waitingForKeyframe = true;
    }

    /** Messages dropped so far. */
    public long dropped() {
        return dropped;
    }
}
