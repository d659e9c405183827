package dev.camelrtmp.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what a listener, or one consumer's share of it ({@link PublishTarget}), received: for metrics and
 * management. Threading: written by the connections' event loops, read from any thread; each counter is exact, a
 * reading of several is not one instant.
 */
public final class TrafficStatistics {

    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder publishes = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final LongAdder readPauses = new LongAdder();
    private final AtomicInteger livePublishers = new AtomicInteger();

    void message(int payloadBytes) {
        messages.increment();
        bytes.add(payloadBytes);
    }

    void publishStarted() {
        publishes.increment();
        livePublishers.incrementAndGet();
    }

    void publishEnded() {
        livePublishers.decrementAndGet();
    }

    void refused() {
        refusals.increment();
    }

    void readPaused() {
        readPauses.increment();
    }

    /** Audio, video and data messages received. */
    public long messages() {
        return messages.sum();
    }

    /** Payload bytes of those messages. */
    public long bytes() {
        return bytes.sum();
    }

    /** Publishes started. */
    public long publishes() {
        return publishes.sum();
    }

    /** Publishes refused (authorization, unknown key, duplicate, bad name). */
    public long refusals() {
        return refusals.sum();
    }

    /** How often reading a connection was paused because its route was behind (listener-wide only). */
    public long readPauses() {
        return readPauses.sum();
    }

    /** Streams being published now. */
    public int livePublishers() {
        return livePublishers.get();
    }
}
