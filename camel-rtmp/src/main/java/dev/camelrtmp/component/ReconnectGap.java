package dev.camelrtmp.component;

/**
 * What the producer does with frames that arrive while it reconnects to the remote server.
 */
public enum ReconnectGap {
    /**
     * Drop them, and after reconnecting also drop frames until the next video key frame, so that the stream
     * resumes decodable: metadata and sequence headers first, then a key frame. Every dropped frame is counted.
     */
    DROP_UNTIL_KEYFRAME,
    /**
     * Keep up to {@code reconnectBufferSize} frames (the oldest dropped and counted past that) and send them after
     * reconnecting, after metadata and sequence headers.
     */
    BUFFER
}
