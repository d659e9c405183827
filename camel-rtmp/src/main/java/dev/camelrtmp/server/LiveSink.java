package dev.camelrtmp.server;

/**
 * Where a live path's messages go besides the Camel consumer: an RTMP {@link Player}, or a sink of another transport
 * (HTTP-FLV). A sink joins a path with {@link RtmpServer#addSink} and gets, under the monitor of the path's source,
 * the start sequence (metadata, sequence headers, GOP cache) and then every live message, and is told when the path
 * is published and unpublished.
 * <p>
 * Threading: every method is called under the source's monitor, by the publisher's thread: it must not block
 * (queue writes to the sink's channel, never await them).
 */
public interface LiveSink {

    /**
     * One message of the stream, in order.
     *
     * @param shared the message chunked once for every RTMP player, or null; other transports ignore it
     */
    void send(MediaMessage message, SharedChunks shared);

    /** The publisher started (again). */
    void publishNotify();

    /** The publisher ended; the sink may wait for another or end. */
    void unpublishNotify();

    /** Messages sent so far. */
    long sent();

    /** Messages dropped so far by the slow-reader policy. */
    long dropped();

    /** Payload bytes of the messages sent so far. */
    long bytesSent();
}
