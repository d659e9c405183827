package dev.camelrtmp.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * camel-rtmp as the load harness runs it, in a JVM of its own so that its CPU time and memory can be read from
 * /proc: a consumer whose route counts every message (and records every stream in {@code record} mode) and notes
 * when each message of each stream reached it ({@link System#nanoTime()}, the same clock the harness's publishers
 * read when they send: CLOCK_MONOTONIC, shared by every process of the machine). Reads commands on standard input:
 * {@code counts FILE} writes the counts, {@code stats FILE} also the heap after a full GC, {@code arrivals FILE}
 * the arrival times per stream, {@code reset} forgets arrival times, {@code arrivals off} stops noting them (for
 * memory measurements), {@code quit} stops.
 * <p>
 * Arguments: {@code PORT live|record RECORD_DIR}; system property {@code bench.transport}: the listener's
 * {@code transport} (default auto); {@code bench.playerWriteDelay}: its {@code playerWriteDelay} (default: the
 * component's).
 */
public final class BenchServer {

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong ends = new AtomicLong();
    private final ConcurrentHashMap<String, Arrivals> arrivals = new ConcurrentHashMap<>();
    private volatile boolean trackArrivals = true;

    /** When each message of one stream reached the route, in order. One connection is delivered at a time. */
    private static final class Arrivals {
        long[] nanos = new long[16];
        int count;

        void add(long now) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = now;
        }
    }

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
        if ("pooled".equals(System.getProperty("bench.exchangeFactory"))) {
            // Camel's exchange pooling, as camel.main.exchangeFactory=pooled sets it
            context.getCamelContextExtension().setExchangeFactory(
                    new org.apache.camel.impl.engine.PooledExchangeFactory());
            context.getCamelContextExtension().setProcessorExchangeFactory(
                    new org.apache.camel.impl.engine.PooledProcessorExchangeFactory());
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // idle publishers are part of the memory scenario: neither silence nor idleness closes them
                var route = from("rtmp://127.0.0.1:" + port + "?lifecycleEvents=true&readTimeout=0"
                        + "&idlePublisherTimeout=0&maxConnectionsPerAddress=0&maxConnections=0"
                        + "&transport=" + System.getProperty("bench.transport", "auto")
                        + (System.getProperty("bench.playerWriteDelay") == null ? ""
                                : "&playerWriteDelay=" + System.getProperty("bench.playerWriteDelay")))
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
            if (line.startsWith("counts ")) {
                writeCounts(Path.of(line.substring(7).trim()), false);
            } else if (line.startsWith("stats ")) {
                writeCounts(Path.of(line.substring(6).trim()), true);
            } else if (line.equals("arrivals off")) {
                trackArrivals = false; // memory per publisher is measured without the harness's own bookkeeping
            } else if (line.equals("reset")) {
                arrivals.clear();
            } else if (line.startsWith("arrivals ")) {
                writeArrivals(Path.of(line.substring(9).trim()));
            } else if (line.equals("quit")) {
                break;
            }
            System.out.println("OK");
            System.out.flush();
        }
        context.stop();
    }

    private void count(Exchange exchange) {
        long now = System.nanoTime();
        var in = exchange.getIn();
        if (RtmpConstants.TYPE_EVENT.equals(in.getHeader(RtmpConstants.MESSAGE_TYPE))) {
            if (RtmpConstants.PUBLISH_START.equals(in.getHeader(RtmpConstants.EVENT))) {
                if (trackArrivals) {
                    arrivals.put(in.getHeader(RtmpConstants.STREAM_KEY, String.class), new Arrivals());
                }
                publishes.incrementAndGet();
            } else if (RtmpConstants.PUBLISH_END.equals(in.getHeader(RtmpConstants.EVENT))) {
                ends.incrementAndGet();
            }
            return;
        }
        messages.incrementAndGet();
        Arrivals stream = arrivals.get(in.getHeader(RtmpConstants.STREAM_KEY, String.class));
        if (stream != null) {
            stream.add(now);
        }
    }

    private void writeCounts(Path file, boolean heap) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("messages=").append(messages.get()).append("\npublishes=").append(publishes.get())
                .append("\nends=").append(ends.get()).append('\n');
        if (heap) {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Runtime runtime = Runtime.getRuntime();
            out.append("heapBytes=").append(runtime.totalMemory() - runtime.freeMemory()).append('\n');
        }
        Files.writeString(file, out);
    }

    private void writeArrivals(Path file) throws Exception {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (Map.Entry<String, Arrivals> stream : arrivals.entrySet()) {
                Arrivals a = stream.getValue();
                out.writeUTF(stream.getKey());
                out.writeInt(a.count);
                for (int i = 0; i < a.count; i++) {
                    out.writeLong(a.nanos[i]);
                }
            }
        }
    }
}
