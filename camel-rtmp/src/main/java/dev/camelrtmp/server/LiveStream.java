package dev.camelrtmp.server;

/**
 * A stream being published, as seen at one moment: for management, health and dev consoles.
 *
 * @param info          the publish
 * @param startedMillis when it started, in epoch milliseconds
 * @param videoMessages video messages received so far
 * @param audioMessages audio messages received so far
 * @param dataMessages  data messages received so far
 * @param bytes         payload bytes received so far
 */
public record LiveStream(PublishInfo info, long startedMillis, long videoMessages, long audioMessages,
        long dataMessages, long bytes) {

    /** Seconds since the publish started, at {@code nowMillis}. */
    public double uptimeSeconds(long nowMillis) {
        return Math.max(0, nowMillis - startedMillis) / 1000.0;
    }

    /** The average bit rate since the publish started, at {@code nowMillis}. */
    public long bitsPerSecond(long nowMillis) {
        double seconds = uptimeSeconds(nowMillis);
        return seconds <= 0 ? 0 : Math.round(bytes * 8 / seconds);
    }
}
