package dev.camelrtmp.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deliveries of every connection of a listener on a small set of threads, waking as few of them as it
 * can: a task submitted while a thread is already awake and about to look for work wakes nobody, and a burst of
 * tasks from many connections is drained by the threads that are running, one wake-up serving many tasks.
 * <p>
 * A task that blocks (a slow or blocking route) must not hold up the others: when tasks wait and every thread has
 * been inside its current task for longer than the blocked threshold, another thread is started, up to the
 * maximum. Threads beyond the core count end after they have been idle for the keep-alive time.
 */
public final class DeliveryScheduler implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

    /** The monitor goes to sleep for good after this many checks without a busy thread or a waiting task. */
    private static final int IDLE_CHECKS_BEFORE_SLEEP = 50;

    private final int coreThreads;
    private final int maxThreads;
    private final long blockedNanos;
    private final long keepAliveNanos;
    private final ThreadFactory threadFactory;

    private final Object lock = new Object();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Parked workers, the most recently parked first (its caches are the warmest). */
    private final ArrayDeque<Worker> parked = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    /** Workers woken (or started) to take a task that have not taken one yet. */
    private int searching;
    private boolean shutdown;
    private Thread monitor;
    private boolean monitorSleeping;
    private long started;
    /** How often the monitor has checked the threads; read by tests. */
    private long monitorChecks;
    /** Per event loop thread: whether a wake-up is already on its way for the tasks it queued. */
    private final ThreadLocal<boolean[]> wakePending = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * @param coreThreads    threads kept even when idle (at least 1)
     * @param maxThreads     the most threads, reached only while tasks block
     * @param blockedMillis  how long a thread may be inside one task before it counts as blocked
     * @param keepAliveMillis how long a thread beyond the core count may stay idle before it ends
     * @param threadFactory  makes the threads (daemon threads with the listener's name)
     */
    public DeliveryScheduler(int coreThreads, int maxThreads, long blockedMillis, long keepAliveMillis,
            ThreadFactory threadFactory) {
        this.coreThreads = Math.max(1, coreThreads);
        this.maxThreads = Math.max(this.coreThreads, maxThreads);
        this.blockedNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, blockedMillis));
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, keepAliveMillis));
        this.threadFactory = threadFactory;
    }

    @Override
    public void execute(Runnable task) {
        enqueue(task);
        signal();
    }

    private void enqueue(Runnable task) {
        synchronized (lock) {
            if (shutdown && workers.isEmpty()) {
                throw new RejectedExecutionException("the delivery threads are shut down");
            }
            tasks.add(task);
        }
    }

    /**
     * Queues a task from an event loop without waking a thread yet: the threads are woken once, after the event
     * loop has handled every connection that was ready in this round (as one of its tasks), so that a burst from
     * many connections costs one wake-up instead of one per connection.
     */
    public void executeFromEventLoop(Runnable task, Executor eventLoop) {
        enqueue(task);
        boolean[] pending = wakePending.get();
        if (!pending[0]) {
            pending[0] = true;
            eventLoop.execute(() -> {
                pending[0] = false;
                signal();
            });
        }
    }

    /** Wakes (or starts) a thread for the waiting tasks unless one is already awake to take them. */
    private void signal() {
        Worker wake = null;
        synchronized (lock) {
            if (tasks.isEmpty() || searching > 0) {
                return;
            }
            wake = wakeParked(); // unparked below, outside the lock
            if (wake == null && workers.size() < coreThreads) {
                searching++;
                startWorker();
            } else if (wake == null && monitorSleeping) {
                // every thread is busy: the monitor watches for blocked ones
                monitorSleeping = false;
                lock.notifyAll();
            }
            if (monitor == null) {
                startMonitor();
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake.thread);
        }
    }

    /** The threads running now. */
    public int threads() {
        synchronized (lock) {
            return workers.size();
        }
    }

    /** How often the monitor has looked for blocked threads. */
    long monitorChecks() {
        synchronized (lock) {
            return monitorChecks;
        }
    }

    /** How many threads were started in all, beyond the core ones included. */
    public long threadsStarted() {
        synchronized (lock) {
            return started;
        }
    }

    /**
     * Lets the threads end once no task is left: tasks submitted until the last one has ended (by a task itself,
     * or for a connection closing) still run; after that they are refused.
     */
    public void shutdown() {
        List<Worker> wake;
        synchronized (lock) {
            shutdown = true;
            wake = new ArrayList<>();
            for (Worker w = wakeParked(); w != null; w = wakeParked()) {
                wake.add(w); // to take what is left, then end
            }
            lock.notifyAll();
        }
        for (Worker w : wake) {
            LockSupport.unpark(w.thread);
        }
    }

    /** Waits until every thread has ended or the timeout passed; true when they all ended. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Thread> threads = new ArrayList<>();
        synchronized (lock) {
            for (Worker w : workers) {
                threads.add(w.thread);
            }
            if (monitor != null) {
                threads.add(monitor);
            }
        }
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Under the lock: takes the most recently parked worker, marked woken and counted as searching (it will take a
     * task, or end), or null when none is parked. The caller unparks it once out of the lock.
     */
    private Worker wakeParked() {
        Worker w = parked.pollFirst();
        if (w != null) {
            w.woken = true;
            searching++;
        }
        return w;
    }

    /** Under the lock. */
    private void startWorker() {
        Worker worker = new Worker();
        worker.thread = threadFactory.newThread(worker);
        workers.add(worker);
        started++;
        worker.thread.start();
    }

    /** Under the lock. */
    private void startMonitor() {
        monitor = threadFactory.newThread(this::monitor);
        monitor.start();
    }

    /**
     * Watches for tasks waiting behind threads that are all blocked, and starts another thread for them. Checks
     * every blocked threshold while anything is busy; sleeps until woken once everything has been idle a while.
     */
    private void monitor() {
        long periodMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(blockedNanos));
        int idleChecks = 0;
        synchronized (lock) {
            while (!(shutdown && workers.isEmpty())) {
                try {
                    if (idleChecks >= IDLE_CHECKS_BEFORE_SLEEP && !shutdown) {
                        monitorSleeping = true;
                        while (monitorSleeping && !shutdown) {
                            lock.wait();
                        }
                        idleChecks = 0;
                    }
                    lock.wait(periodMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                monitorChecks++;
                boolean busy = false;
                for (Worker w : workers) {
                    busy |= w.busySince != 0;
                }
                idleChecks = busy || !tasks.isEmpty() ? 0 : idleChecks + 1;
                if (!tasks.isEmpty() && parked.isEmpty() && searching == 0 && workers.size() < maxThreads
                        && allBlocked(System.nanoTime())) {
                    LOG.debug("Every delivery thread is blocked and {} tasks wait: starting thread {}",
                            tasks.size(), workers.size() + 1);
                    searching++;
                    startWorker();
                }
            }
        }
    }

    /** Under the lock: whether every thread has been inside its current task for longer than the threshold. */
    private boolean allBlocked(long now) {
        for (Worker w : workers) {
            long since = w.busySince;
            if (since == 0 || now - since < blockedNanos) {
                return false;
            }
        }
        return true;
    }

    private final class Worker implements Runnable {
        Thread thread;
        volatile boolean woken;
        /** System.nanoTime() when the current task began, 0 while not in a task. */
        volatile long busySince;

        @Override
        public void run() {
            boolean wasSearching = true; // started to take a task
            while (true) {
                Runnable task;
                Worker wakeNext = null;
                synchronized (lock) {
                    task = tasks.pollFirst();
                    if (wasSearching) {
                        searching--;
                        wasSearching = false;
                    }
                    if (task == null) {
                        if (shutdown) {
                            workers.remove(this);
                            lock.notifyAll();
                            return;
                        }
                        woken = false;
                        parked.addFirst(this);
                    } else if (!tasks.isEmpty() && searching == 0) {
                        wakeNext = wakeParked(); // more work than this thread: let a parked one share it
                    }
                }
                if (wakeNext != null) {
                    LockSupport.unpark(wakeNext.thread);
                }
                if (task == null) {
                    if (!awaitWake()) {
                        return;
                    }
                    wasSearching = true;
                    continue;
                }
                busySince = System.nanoTime() | 1;
                try {
                    task.run();
                } catch (Throwable e) {
                    if (!FatalErrors.report(e)) {
                        LOG.warn("A delivery task failed: {}", e.toString(), e);
                    }
                } finally {
                    busySince = 0;
                }
            }
        }

        /** Parks until woken; false when this thread is beyond the core count and idled out (it has left). */
        private boolean awaitWake() {
            long deadline = System.nanoTime() + keepAliveNanos;
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    synchronized (lock) {
                        if (!woken && workers.size() > coreThreads && parked.remove(this)) {
                            workers.remove(this);
                            return false;
                        }
                    }
                    deadline = System.nanoTime() + keepAliveNanos;
                    continue;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        }
    }
}
