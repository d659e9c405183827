package dev.camelrtmp.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which Netty's leak detector reported a ByteBuf that was never released. Registered for
 * every test through JUnit's extension auto-detection; surefire runs with the detector at PARANOID.
 */
public final class NettyLeakDetectorExtension implements AfterEachCallback {

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new CollectingFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // Collect garbage, then allocate: the detector reports unreleased buffers that were collected when it
        // tracks the next allocations.
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
            for (int j = 0; j < 64; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                a.release();
                b.release();
            }
        }
        List<String> leaks = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            leaks.add(leak);
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    private static final class CollectingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            return new CollectingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new CollectingDetector<>(resource, samplingInterval);
        }
    }

    private static final class CollectingDetector<T> extends ResourceLeakDetector<T> {
        CollectingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + " (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
