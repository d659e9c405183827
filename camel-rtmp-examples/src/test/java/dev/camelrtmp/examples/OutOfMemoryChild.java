package dev.camelrtmp.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM of its own by {@link RecorderStartupTest}: installs the recorder's handler, then runs out of memory
 * on a non-daemon thread while the main thread waits for it; only the handler can end the process.
 */
public final class OutOfMemoryChild {

    private OutOfMemoryChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        RecorderMain.haltOnOutOfMemory();
        Thread eater = new Thread(() -> {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1024 * 1024]);
            }
        }, "eater");
        eater.start();
        eater.join();
        Thread.currentThread().join(); // never returns: a JVM that survives its out-of-memory error hangs here
    }
}
