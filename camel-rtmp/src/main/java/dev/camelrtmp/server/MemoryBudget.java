package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap memory one listener may hold for all its connections together: payloads waiting for the route
 * (queued) and messages being received (buffered). Past the limit, connections stop being read (TCP backpressure)
 * until the total has fallen to the low-water mark, half the limit. The GOP caches of the live streams may hold
 * another half of the limit beside that ({@link #tryCache}); a cache that finds no room is dropped instead.
 * <p>
 * Queued bytes leave the budget by themselves, as the route (or, later, any other sink that draws from the budget)
 * works them off. Buffered bytes, the partially received messages of connections, leave it only when more is read,
 * so they never hold connections paused on their own: paused connections are resumed as soon as nothing queued is
 * left, whatever the total. Buffered bytes are bounded per connection by the chunk decoder instead.
 * <p>
 * Thread-safe: counted from event loops and delivery threads; the resume callbacks run on the thread that released
 * the bytes, and are expected to hop onto their connection's event loop.
 */
public final class MemoryBudget {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryBudget.class);

    /** The largest default limit: 1 GiB. */
    public static final long MAX_DEFAULT_LIMIT = 1L << 30;

    private final long limit;
    private final long lowWater;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong cached = new AtomicLong();

    private final Object lock = new Object();
    /** Resume callbacks of paused connections, guarded by {@link #lock}. */
    private final Set<Runnable> waiting = new LinkedHashSet<>();
    /** Whether {@link #waiting} may be non-empty: lets releases skip the lock while nobody waits. */
    private volatile boolean anyWaiting;

    /**
     * @param limit the bytes past which connections stop being read; 0 or less for {@link #defaultLimit()}
     */
    public MemoryBudget(long limit) {
        this.limit = limit > 0 ? limit : defaultLimit();
        this.lowWater = this.limit / 2;
    }

    /** A quarter of the maximum heap ({@link Runtime#maxMemory()}), at most {@link #MAX_DEFAULT_LIMIT}. */
    public static long defaultLimit() {
        return Math.min(Runtime.getRuntime().maxMemory() / 4, MAX_DEFAULT_LIMIT);
    }

    /** The bytes past which connections stop being read. */
    public long limit() {
        return limit;
    }

    /** The bytes held now, queued and buffered. */
    public long used() {
        return queued.get() + buffered.get();
    }

    /** The bytes waiting for a sink now. */
    public long queued() {
        return queued.get();
    }

    /** The bytes of partially received messages now. */
    public long buffered() {
        return buffered.get();
    }

    /** How often a connection stopped being read because the budget was exhausted. */
    public long pauses() {
        return pauses.get();
    }

    /** Counts bytes that wait for a sink; they leave with {@link #dequeued(long)}. */
    public void queued(long bytes) {
        queued.addAndGet(bytes);
    }

    /** Counts bytes a sink has finished with; may resume paused connections. */
    public void dequeued(long bytes) {
        queued.addAndGet(-bytes);
        if (anyWaiting) {
            resumeIfRoom();
        }
    }

    /** Counts a change of the bytes held for partially received messages; a decrease may resume connections. */
    public void buffered(long delta) {
        if (delta == 0) {
            return;
        }
        buffered.addAndGet(delta);
        if (delta < 0 && anyWaiting) {
            resumeIfRoom();
        }
    }

    /**
     * Counts {@code bytes} more held by GOP caches, if the caches stay within half the limit: caches are a
     * convenience for joining players, so they take what is spare and never make a connection wait. Returns false,
     * counting nothing, when there is no room (the caller drops its cache instead).
     */
    public boolean tryCache(long bytes) {
        long before;
        do {
            before = cached.get();
            if (before + bytes > limit / 2) {
                return false;
            }
        } while (!cached.compareAndSet(before, before + bytes));
        return true;
    }

    /** Counts bytes a GOP cache let go of. */
    public void uncached(long bytes) {
        cached.addAndGet(-bytes);
    }

    /** The bytes GOP caches hold now (not part of {@link #used()}: they never pause a connection). */
    public long cached() {
        return cached.get();
    }

    /**
     * Stops a connection when the budget is exhausted: registers {@code resume} to be run once there is room again
     * and returns true (the caller stops reading), or returns false while there is room.
     */
    public boolean pauseIfExhausted(Runnable resume) {
        if (!mayPause()) {
            return false; // the common case, without the lock
        }
        synchronized (lock) {
            if (!mayPause()) {
                return false;
            }
            waiting.add(resume);
            anyWaiting = true;
            // a release that did not see anyWaiting yet has already changed the counts: check them again
            if (mayResume()) {
                waiting.remove(resume);
                anyWaiting = !waiting.isEmpty();
                return false;
            }
        }
        pauses.incrementAndGet();
        return true;
    }

    /** Forgets a paused connection that has gone (its callback will not run). */
    public void cancel(Runnable resume) {
        synchronized (lock) {
            if (waiting.remove(resume)) {
                anyWaiting = !waiting.isEmpty();
            }
        }
    }

    /** How many connections are paused for the budget now. */
    public int paused() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** Exhausted, and something queued will come back by itself to resume the connection. */
    private boolean mayPause() {
        return queued.get() > 0 && used() >= limit;
    }

    private boolean mayResume() {
        return queued.get() <= 0 || used() <= lowWater;
    }

    private void resumeIfRoom() {
        List<Runnable> resume;
        synchronized (lock) {
            if (waiting.isEmpty() || !mayResume()) {
                return;
            }
            resume = new ArrayList<>(waiting);
            waiting.clear();
            anyWaiting = false;
        }
        LOG.trace("Memory budget: {} of {} bytes held, resuming {} connections", used(), limit, resume.size());
        for (Runnable r : resume) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("Resuming a connection failed: {}", e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "MemoryBudget{queued=" + queued.get() + ", buffered=" + buffered.get() + ", cached=" + cached.get()
                + ", limit=" + limit + '}';
    }
}
