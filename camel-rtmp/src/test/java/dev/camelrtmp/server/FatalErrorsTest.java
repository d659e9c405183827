package dev.camelrtmp.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors the VM cannot go on from reach the thread's uncaught exception handler even where they are caught. */
class FatalErrorsTest {

    @Test
    void onlyVirtualMachineErrorsAreReported() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread thread = new Thread(() -> {
            assertThat(FatalErrors.report(new IllegalStateException("ordinary"))).isFalse();
            assertThat(FatalErrors.report(new RuntimeException("wrapped", new OutOfMemoryError("heap")))).isTrue();
            assertThat(FatalErrors.report(new StackOverflowError())).isTrue();
        });
        thread.setUncaughtExceptionHandler((t, e) -> reported.add(e));
        thread.start();
        thread.join(10_000);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOf(OutOfMemoryError.class).hasMessage("heap");
        assertThat(reported.get(1)).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void aDeliveryThreadReportsAnOutOfMemoryErrorAndGoesOn() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        DeliveryScheduler scheduler = new DeliveryScheduler(1, 1, 50, 60_000, task -> {
            Thread t = new Thread(task, "fatal-errors-test");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> reported.add(e));
            return t;
        });
        try {
            scheduler.execute(() -> {
                throw new OutOfMemoryError("simulated");
            });
            CountDownLatch next = new CountDownLatch(1);
            scheduler.execute(next::countDown);
            assertThat(next.await(10, TimeUnit.SECONDS)).as("the thread still takes tasks").isTrue();
            assertThat(reported).singleElement().isInstanceOf(OutOfMemoryError.class);
        } finally {
            scheduler.shutdown();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
