package dev.camelrtmp.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelrtmp.test.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared delivery threads: every task runs once, blocked threads get company, idle extra threads leave. */
class DeliverySchedulerTest {

    private static final ThreadFactory THREADS = task -> {
        Thread thread = new Thread(task, "delivery-test");
        thread.setDaemon(true);
        return thread;
    };

    private DeliveryScheduler scheduler;

    @AfterEach
    void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A task that counts {@code started} down, then blocks until {@code release} (at most 30 s). */
    private static Runnable blockingTask(CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void runsEveryTaskOnceFromManySubmitters() throws Exception {
        scheduler = new DeliveryScheduler(2, 8, 50, 60_000, THREADS);
        int submitters = 4;
        int perSubmitter = 50_000;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < perSubmitter; i++) {
                    scheduler.execute(() -> {
                        ran.incrementAndGet();
                        done.countDown();
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isEqualTo(submitters * perSubmitter);
        assertThat(scheduler.threadsStarted()).as("no task blocked, so no thread beyond the core ones").isEqualTo(2);
    }

    @Test
    void aBlockedThreadDoesNotHoldUpOtherTasks() throws Exception {
        scheduler = new DeliveryScheduler(1, 4, 20, 200, THREADS);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockedStarted = new CountDownLatch(1);
        scheduler.execute(blockingTask(blockedStarted, release));
        assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch other = new CountDownLatch(1);
        scheduler.execute(other::countDown);
        assertThat(other.await(10, TimeUnit.SECONDS)).as("the other task ran while the first one blocked").isTrue();
        assertThat(scheduler.threads()).isEqualTo(2);
        release.countDown();
        Wait.until("the extra thread leaves after its keep-alive", Duration.ofSeconds(10),
                () -> scheduler.threads() == 1);
        // and the core thread still serves
        CountDownLatch after = new CountDownLatch(1);
        scheduler.execute(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void neverMoreThanTheMaximum() throws Exception {
        scheduler = new DeliveryScheduler(1, 3, 10, 60_000, THREADS);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(3);
        for (int i = 0; i < 6; i++) {
            scheduler.execute(blockingTask(running, release));
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        // three threads are blocked and three tasks wait: the monitor keeps checking, and stays at the maximum
        long checks = scheduler.monitorChecks();
        Wait.until("the monitor checks five more times", Duration.ofSeconds(10),
                () -> scheduler.monitorChecks() >= checks + 5);
        assertThat(scheduler.threads()).isEqualTo(3);
        release.countDown();
    }

    @Test
    void shutdownRunsWhatIsQueuedThenRefuses() throws Exception {
        scheduler = new DeliveryScheduler(1, 1, 50, 60_000, THREADS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        scheduler.execute(blockingTask(new CountDownLatch(1), release));
        for (int i = 0; i < 10; i++) {
            scheduler.execute(ran::incrementAndGet);
        }
        scheduler.shutdown();
        release.countDown();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isEqualTo(10);
        assertThatThrownBy(() -> scheduler.execute(ran::incrementAndGet))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
