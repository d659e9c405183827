package dev.camelrtmp.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * camel-rtmp as the load harness runs it, in a JVM of its own so that its CPU time and memory can be read from
 * /proc: a consumer whose route counts every message (and records every stream in {@code record} mode), and the
 * wire-to-Exchange latency of real-time streams. Reads commands on standard input: {@code stats FILE} writes the
 * counts, {@code quit} stops.
 * <p>
 * Arguments: {@code PORT live|record RECORD_DIR}.
 */
public final class BenchServer {

    private static final int MAX_SAMPLES = 4_000_000;

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong ends = new AtomicLong();
    private final ConcurrentHashMap<String, long[]> firstSeen = new ConcurrentHashMap<>();
    private final long[] latencies = new long[MAX_SAMPLES];
    private final AtomicLong samples = new AtomicLong();

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean record = args.length > 1 && args[1].equals("record");
        String recordDir = args.length > 2 ? args[2] : "bench-recordings";
        new BenchServer().run(port, record, recordDir);
    }

    private void run(int port, boolean record, String recordDir) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var route = from("rtmp://127.0.0.1:" + port + "?lifecycleEvents=true&readTimeout=0&maxConnectionsPerAddress=0")
                        .process(BenchServer.this::count);
                if (record) {
                    route.to("flv:" + recordDir);
                }
            }
        });
        context.start();
        System.out.println("READY " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("stats ")) {
                writeStats(Path.of(line.substring(6).trim()));
                System.out.println("OK");
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        context.stop();
    }

    private void count(Exchange exchange) {
        var in = exchange.getIn();
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        String stream = in.getHeader(RtmpConstants.CONNECTION_ID, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            if (RtmpConstants.PUBLISH_START.equals(in.getHeader(RtmpConstants.EVENT))) {
                publishes.incrementAndGet();
            } else if (RtmpConstants.PUBLISH_END.equals(in.getHeader(RtmpConstants.EVENT))) {
                ends.incrementAndGet();
            }
            return;
        }
        messages.incrementAndGet();
        long now = System.nanoTime() / 1_000_000;
        long ts = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
        long[] first = firstSeen.computeIfAbsent(stream, k -> new long[] { now, ts });
        // how much later than its timestamp promises (counted from the stream's first message) it reached the route
        long latency = (now - first[0]) - (ts - first[1]);
        long i = samples.getAndIncrement();
        if (i < MAX_SAMPLES) {
            latencies[(int) i] = Math.max(0, latency);
        }
    }

    private void writeStats(Path file) throws Exception {
        int n = (int) Math.min(samples.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long p50 = n == 0 ? 0 : sorted[n / 2];
        long p99 = n == 0 ? 0 : sorted[(int) Math.min(n - 1, (long) n * 99 / 100)];
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Files.writeString(file, "messages=" + messages.get() + "\npublishes=" + publishes.get() + "\nends=" + ends.get()
                + "\nlatencyP50Ms=" + p50 + "\nlatencyP99Ms=" + p99 + "\nheapBytes=" + heap + "\n");
    }
}
