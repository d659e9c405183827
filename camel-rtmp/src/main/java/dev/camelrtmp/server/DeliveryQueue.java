package dev.camelrtmp.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the messages of one connection to their listeners on a worker thread, one at a time and in order, and
 * applies TCP backpressure: when too many bytes or messages wait, the connection stops being read until the
 * listeners have caught up. The bytes also count against the listener's {@link MemoryBudget}: while that is
 * exhausted, the connection is not read either, until the budget resumes it. Nothing is dropped.
 * <p>
 * A worker delivers at most {@link #BATCH} messages in a row and then queues the connection again behind the
 * others, so that one busy connection cannot keep a worker to itself.
 */
final class DeliveryQueue implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

    /** The most messages delivered in one turn of a worker. */
    static final int BATCH = 64;

    private final Channel channel;
    private final Executor executor;
    private final int maxQueuedBytes;
    private final int maxQueuedMessages;
    private final LongSupplier nanoClock;
    /** The listener's counters: read pauses. */
    private final TrafficStatistics statistics;
    private final MemoryBudget budget;
    /** Given to the budget when pausing for it: resumes reading, decided on the event loop. */
    private final Runnable budgetResume = this::resumeForBudget;

    private final ArrayDeque<Sized> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean running;
    private boolean paused;
    private boolean held;
    private boolean regardless;
    private long pauses;
    /**
     * When reading last resumed after a pause or hold (the server's nanosecond clock). Written on the event loop, read
     * from any thread: the idle rules do not count time the server did not read.
     */
    private volatile long readResumedNanos;
    /** Whether reading is paused for the listener's memory budget. On the event loop only. */
    private boolean budgetPaused;

    DeliveryQueue(Channel channel, Executor executor, int maxQueuedBytes, int maxQueuedMessages,
            LongSupplier nanoClock, TrafficStatistics statistics, MemoryBudget budget) {
        this.channel = channel;
        this.executor = executor;
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxQueuedMessages = maxQueuedMessages;
        this.nanoClock = nanoClock;
        this.statistics = statistics;
        this.readResumedNanos = nanoClock.getAsLong();
        this.budget = budget;
    }

    /** Queues one delivery of {@code bytes} payload bytes. Called on the connection's event loop. */
    void offer(Runnable delivery, int bytes) {
        budget.queued(bytes);
        boolean start;
        boolean pause = false;
        synchronized (this) {
            queue.add(new Sized(delivery, bytes));
            queuedBytes += bytes;
            start = !running;
            running = true;
            if (!paused && (queuedBytes >= maxQueuedBytes || queue.size() >= maxQueuedMessages)) {
                paused = pause = true;
                pauses++;
            }
        }
        if (pause) {
            statistics.readPaused();
            LOG.trace("{}: listener behind, reading paused", channel);
            updateAutoRead();
        }
        if (start) {
            try {
                schedule();
            } catch (RejectedExecutionException stopped) {
                LOG.debug("{}: the listener has stopped; {} deliveries dropped", channel, queue.size());
                long dropped;
                synchronized (this) {
                    dropped = queuedBytes;
                    queue.clear();
                    queuedBytes = 0;
                    running = false;
                }
                budget.dequeued(dropped);
            }
        }
        if (bytes > 0) {
            checkBudget();
        }
    }

    /**
     * Stops reading while the listener's memory budget is exhausted; the budget resumes it. Called on the
     * connection's event loop, after anything this connection adds to the budget.
     */
    void checkBudget() {
        if (!budgetPaused && budget.pauseIfExhausted(budgetResume)) {
            budgetPaused = true;
            synchronized (this) {
                pauses++;
            }
            LOG.trace("{}: memory budget exhausted ({}), reading paused", channel, budget);
            updateAutoRead();
        }
    }

    /** Run by the budget, on any thread, once it has room again. */
    private void resumeForBudget() {
        try {
            channel.eventLoop().execute(() -> {
                budgetPaused = false;
                updateAutoRead();
            });
        } catch (RejectedExecutionException closed) {
            // the event loop has shut down with the connection
        }
    }

    /** The connection has closed: the budget need not resume it any more. On the event loop. */
    void closed() {
        if (budgetPaused) {
            budget.cancel(budgetResume);
        }
    }

    /**
     * Holds reading for a reason of the session's (a publish being authorized), or releases it. Called on the
     * connection's event loop.
     */
    void hold(boolean hold) {
        synchronized (this) {
            held = hold;
        }
        updateAutoRead();
    }

    /**
     * Reads from now on whatever the queue holds: the session is closing and drops what it reads, so that the
     * peer's data does not pile up unread (closing a socket with unread data resets the connection, and the peer
     * may lose what it was sent last). Called on the connection's event loop.
     */
    void readRegardless() {
        synchronized (this) {
            regardless = true;
        }
        updateAutoRead();
    }

    /** Reads while neither the listener is behind nor the session holds reading. On the event loop only. */
    private void updateAutoRead() {
        boolean read;
        synchronized (this) {
            read = regardless || !paused && !held && !budgetPaused;
        }
        if (channel.config().isAutoRead() != read) {
            if (read) {
                readResumedNanos = nanoClock.getAsLong();
            }
            channel.config().setAutoRead(read);
        }
    }

    /** Whether the connection is being read now (neither paused nor held). Any thread. */
    boolean reading() {
        return channel.config().isAutoRead();
    }

    /** When reading last resumed after a pause or hold, or when this queue was made (the server's nanosecond clock). */
    long readResumedNanos() {
        return readResumedNanos;
    }

    /** How often reading was paused because the listener was behind (here, or for the memory budget). */
    synchronized long pauses() {
        return pauses;
    }

    @Override
    public void run() {
        for (int delivered = 0; ; delivered++) {
            Sized next;
            boolean resume = false;
            synchronized (this) {
                if (delivered == BATCH && !queue.isEmpty()) {
                    break; // still running: queued again below
                }
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
                queuedBytes -= next.bytes;
                if (paused && queuedBytes <= maxQueuedBytes / 4 && queue.size() <= maxQueuedMessages / 4) {
                    paused = false;
                    resume = true;
                }
            }
            if (resume) {
                LOG.trace("{}: listener caught up, reading resumed", channel);
                // decided on the event loop from the state at that moment, so that a pause and a resume racing
                // each other cannot leave the connection unread
                try {
                    channel.eventLoop().execute(this::updateAutoRead);
                } catch (RejectedExecutionException stopped) {
                    // the event loop is shut down (the listener stops): nothing is read any more, and the
                    // deliveries still queued, PUBLISH_END among them, are run below all the same
                }
            }
            try {
                next.delivery.run();
            } catch (Throwable e) {
                if (!FatalErrors.report(e)) {
                    LOG.warn("Delivery to the listener of {} failed: {}", channel, e.toString(), e);
                }
            } finally {
                budget.dequeued(next.bytes); // the payload is held until the listener is done with it
            }
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException stopped) {
            run(); // the workers are gone (the listener stopped): finish here
        }
    }

    /** Hands this queue to a worker; from the event loop, the workers are woken once per round of the loop. */
    private void schedule() {
        if (executor instanceof DeliveryScheduler scheduler && channel.eventLoop().inEventLoop()) {
            scheduler.executeFromEventLoop(this, channel.eventLoop());
        } else {
            executor.execute(this);
        }
    }

    private record Sized(Runnable delivery, int bytes) {
    }
}
