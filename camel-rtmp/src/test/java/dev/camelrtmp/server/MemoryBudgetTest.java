package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetTest {

    @Test
    void defaultIsAQuarterOfTheHeapAtMostOneGibibyte() {
        long expected = Math.min(Runtime.getRuntime().maxMemory() / 4, 1L << 30);
        assertThat(new MemoryBudget(0).limit()).isEqualTo(expected);
        assertThat(MemoryBudget.defaultLimit()).isEqualTo(expected);
        assertThat(new MemoryBudget(12345).limit()).isEqualTo(12345);
    }

    @Test
    void pausesPastTheLimitAndResumesEveryPausedConnectionAtHalf() {
        MemoryBudget budget = new MemoryBudget(1000);
        AtomicInteger resumedA = new AtomicInteger();
        AtomicInteger resumedB = new AtomicInteger();
        Runnable a = resumedA::incrementAndGet;
        Runnable b = resumedB::incrementAndGet;

        budget.queued(999);
        assertThat(budget.pauseIfExhausted(a)).as("below the limit").isFalse();
        budget.queued(1);
        assertThat(budget.pauseIfExhausted(a)).isTrue();
        // b queued nothing itself, but the listener as a whole is over its budget
        assertThat(budget.pauseIfExhausted(b)).isTrue();
        assertThat(budget.paused()).isEqualTo(2);
        assertThat(budget.pauses()).isEqualTo(2);

        budget.dequeued(499);
        assertThat(budget.used()).isEqualTo(501);
        assertThat(resumedA.get() + resumedB.get()).as("above the low-water mark").isZero();
        budget.dequeued(1);
        assertThat(resumedA.get()).isEqualTo(1);
        assertThat(resumedB.get()).isEqualTo(1);
        assertThat(budget.paused()).isZero();
        budget.dequeued(500);
        assertThat(resumedA.get()).as("each pause resumed once").isEqualTo(1);
        assertThat(budget.used()).isZero();
    }

    @Test
    void partialMessagesCountButNeverKeepConnectionsPausedOnTheirOwn() {
        MemoryBudget budget = new MemoryBudget(1000);
        AtomicInteger resumed = new AtomicInteger();
        budget.buffered(2000);
        assertThat(budget.used()).isEqualTo(2000);
        // nothing queued would ever come back to resume it: no pause
        assertThat(budget.pauseIfExhausted(resumed::incrementAndGet)).isFalse();
        budget.queued(10);
        assertThat(budget.pauseIfExhausted(resumed::incrementAndGet)).isTrue();
        // the last queued bytes leave: resumed although the partial messages still hold more than the limit
        budget.dequeued(10);
        assertThat(resumed.get()).isEqualTo(1);
        // a connection whose partial messages go away resumes the others too
        budget.queued(10);
        assertThat(budget.pauseIfExhausted(resumed::incrementAndGet)).isTrue();
        budget.buffered(-1600);
        assertThat(budget.used()).isEqualTo(410);
        assertThat(resumed.get()).isEqualTo(2);
    }

    @Test
    void aCancelledPauseIsNotResumed() {
        MemoryBudget budget = new MemoryBudget(10);
        AtomicInteger resumed = new AtomicInteger();
        Runnable r = resumed::incrementAndGet;
        budget.queued(10);
        assertThat(budget.pauseIfExhausted(r)).isTrue();
        budget.cancel(r);
        budget.dequeued(10);
        assertThat(resumed.get()).isZero();
    }

    /**
     * Many threads pausing while others release: every pause that was granted is resumed once the queue is empty,
     * none is lost to a release that raced with it.
     */
    @Test
    void noPauseIsLostToAConcurrentRelease() throws Exception {
        MemoryBudget budget = new MemoryBudget(64);
        int threads = 4;
        int rounds = 20_000;
        AtomicLong granted = new AtomicLong();
        AtomicLong resumed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        budget.queued(40);
                        CountDownLatch back = new CountDownLatch(1);
                        if (budget.pauseIfExhausted(() -> {
                            resumed.incrementAndGet();
                            back.countDown();
                        })) {
                            granted.incrementAndGet();
                            budget.dequeued(40);
                            // another thread's release, or this one's, must resume it
                            if (!back.await(10, TimeUnit.SECONDS)) {
                                throw new AssertionError("a paused party was never resumed: " + budget);
                            }
                        } else {
                            budget.dequeued(40);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            started.add(thread);
            thread.start();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(resumed.get()).isEqualTo(granted.get());
        assertThat(budget.used()).isZero();
        assertThat(budget.paused()).isZero();
    }
}
