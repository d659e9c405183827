package dev.camelrtmp.interop;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.client.RtmpPublisher;
import dev.camelrtmp.client.RtmpUrl;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.component.RtmpConsumer;
import dev.camelrtmp.test.Wait;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connect, publish, send, disconnect, over and over: every stream starts and ends, no connection is left behind, and
 * the heap stays flat. 2,000 cycles by default; {@code -Dchurn.cycles=10000} for the full measurement.
 */
class ConnectionChurnTest extends CamelTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionChurnTest.class);

    private final int port = AvailablePortFinder.getNextAvailable();
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong ends = new AtomicLong();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?lifecycleEvents=true").routeId("ingest")
                        .process(e -> {
                            Object event = e.getIn().getHeader(RtmpConstants.EVENT);
                            if (RtmpConstants.PUBLISH_START.equals(event)) {
                                starts.incrementAndGet();
                            } else if (RtmpConstants.PUBLISH_END.equals(event)) {
                                ends.incrementAndGet();
                            }
                        });
            }
        };
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void thousandsOfPublishesLeaveNothingBehind() throws Exception {
        int cycles = Integer.getInteger("churn.cycles", 2000);
        EventLoopGroup group = dev.camelrtmp.transport.Transport.NIO.newGroup(1, null);
        RtmpUrl url = RtmpUrl.parse("rtmp://127.0.0.1:" + port + "/live");
        byte[] frame = { (byte) 0xAF, 0x00, 0x12, 0x10 };
        long baseline = 0;
        long start = System.nanoTime();
        try {
            for (int i = 1; i <= cycles; i++) {
                RtmpPublisher publisher = RtmpPublisher.connect(group, NioSocketChannel.class,
                        url.withStreamName("churn-" + i), 4096, null, 5000)
                        .get(10, TimeUnit.SECONDS);
                publisher.send(8, 0, frame, 5000);
                publisher.close();
                if (i == cycles / 4) {
                    long done = i;
                    Wait.until("streams of the warm-up ended", Duration.ofSeconds(30), () -> ends.get() == done);
                    baseline = usedHeapAfterGc();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Wait.until("every stream ended", Duration.ofSeconds(30), () -> ends.get() == cycles);
        RtmpConsumer consumer = (RtmpConsumer) context.getRoute("ingest").getConsumer();
        assertThat(consumer.getLocalAddress()).isNotNull();
        long after = usedHeapAfterGc();
        long growth = after - baseline;
        LOG.info("Churn: {} connect-publish-disconnect cycles in {} s; heap after GC {} KiB at cycle {}, {} KiB at the "
                + "end ({} KiB growth)", cycles, String.format("%.1f", seconds), baseline / 1024, cycles / 4,
                after / 1024, growth / 1024);
        assertThat(starts.get()).isEqualTo(cycles);
        assertThat(ends.get()).isEqualTo(cycles);
        assertThat(growth).as("heap growth over %d cycles", cycles - cycles / 4).isLessThan(8L * 1024 * 1024);
    }
}
