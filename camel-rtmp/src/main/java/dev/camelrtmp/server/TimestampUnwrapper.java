package dev.camelrtmp.server;

/**
 * Extends the 32-bit timestamps of one published stream to 64 bits, treating each as a signed step from the previous
 * one, so that a stream counts on past the wrap at 2^32 ms (about 49.7 days).
 * <p>
 * Threading: owned by the event loop of the connection that publishes the stream; not thread-safe.
 */
final class TimestampUnwrapper {

    private boolean started;
    private int lastRaw;
    private long last;

    /**
     * Extends a 32-bit timestamp to 64 bits, treating it as a signed step from the previous one. A first timestamp
     * within 2^24 ms below 2^32 is read as negative: encoders such as FFmpeg write a stream's negative start
     * (B-frames) that way.
     */
    long unwrap(int raw) {
        if (!started) {
            started = true;
            last = raw < 0 && raw >= -0x1000000 ? raw : Integer.toUnsignedLong(raw);
        } else {
            last += raw - lastRaw;
        }
        lastRaw = raw;
        return last;
    }
}
