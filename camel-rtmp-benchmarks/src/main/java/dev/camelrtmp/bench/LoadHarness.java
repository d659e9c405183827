package dev.camelrtmp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.camelrtmp.client.RtmpPublisher;
import dev.camelrtmp.client.RtmpUrl;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The load harness: N concurrent publishers from this one process, built on camel-rtmp's own RTMP client,
 * replaying an FLV clip at real time or as fast as the socket allows, against camel-rtmp (started in a JVM of its
 * own) or nginx-rtmp (started with a generated configuration), so both are measured on identical load. Reports
 * messages sent and received (loss is checked, not assumed), the server process's CPU seconds and resident memory,
 * how far the publishers fell behind real time, and for camel-rtmp the heap and the send-to-Exchange latency.
 * <p>
 * {@code java -jar camel-rtmp-benchmarks.jar --suite} runs every scenario of docs/benchmarks.md; single runs:
 * {@code --server camel|nginx --publishers 200 --seconds 20 [--fast --bytes N] [--record]}, the most publishers
 * held: {@code --ramp 250,500,1000}, memory per publisher: {@code --memory 1000}, fan-out to players:
 * {@code --players 200,2000 [--server S]}, latency of HTTP-FLV and LL-HLS: {@code --latency [--part MS]}.
 */
public final class LoadHarness {

    /** A publisher that falls further behind its clip's clock than this has not been held at real time. */
    static final long MAX_LAG_MILLIS = 1000;
    /** Nor has a stream whose messages reach the route later than this (99th percentile). */
    static final long MAX_P99_LATENCY_MILLIS = 1000;

    private final Map<String, String> options;

    private LoadHarness(Map<String, String> options) {
        this.options = options;
    }

    /** The table's header, matching {@link Result#row()}. */
    static final String TABLE_HEADER = "| server | publishers | pace | wall | messages sent | received | lost | "
            + "server CPU s | RSS MiB | RSS peak MiB | MB/s | CPU s per GB | lag max ms | latency p50 / p99 / max ms | heap "
            + "| load (1 min) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "true" : args[++i]);
        }
        Path clip = Paths.get(options.getOrDefault("clip", "bench-clip.flv"));
        if (!Files.exists(clip)) {
            makeClip(clip);
        }
        options.put("clip", clip.toString());
        if (options.containsKey("suite")) {
            suite(options);
        } else if (options.containsKey("players")) {
            fanOut(options);
        } else if (options.containsKey("latency")) {
            LatencyProbe.run(options);
        } else if (options.containsKey("ramp")) {
            for (String server : servers(options)) {
                ramp(options, server);
            }
        } else if (options.containsKey("memory")) {
            System.out.println(MEMORY_HEADER);
            for (String server : servers(options)) {
                System.out.println(new LoadHarness(withServer(options, server)).memory());
            }
        } else if (options.containsKey("servers")) {
            alternate(options);
        } else {
            System.out.println(TABLE_HEADER);
            System.out.println(new LoadHarness(options).run().row());
        }
    }

    private static List<String> servers(Map<String, String> options) {
        return options.containsKey("server") ? List.of(options.get("server")) : List.of("nginx", "camel");
    }

    private static Map<String, String> withServer(Map<String, String> base, String server) {
        Map<String, String> options = new LinkedHashMap<>(base);
        options.put("server", server);
        return options;
    }

    /**
     * The comparison the benchmarks page shows, both servers on identical load: N real-time publishers (live, then
     * recording every stream), one publisher as fast as possible, memory per idle and active publisher, and the
     * most real-time publishers each server holds.
     */
    private static void suite(Map<String, String> base) throws Exception {
        String publishers = base.getOrDefault("publishers", "200");
        base.putIfAbsent("warmup", "20");
        String seconds = base.getOrDefault("seconds", "20");
        String bytes = base.getOrDefault("bytes", "400000000");
        System.out.println(TABLE_HEADER);
        List<Result> results = new ArrayList<>();
        for (String[] scenario : new String[][] { { "--publishers", publishers, "--seconds", seconds },
            { "--publishers", publishers, "--seconds", seconds, "--record", "true" },
            { "--publishers", "1", "--fast", "true", "--bytes", bytes } }) {
            boolean recording = Arrays.asList(scenario).contains("--record");
            for (String server : recording ? new String[] { "nginx", "camel", "recorder" }
                    : new String[] { "nginx", "camel" }) {
                Map<String, String> options = withServer(base, server);
                options.remove("suite");
                for (int i = 0; i < scenario.length; i += 2) {
                    options.put(scenario[i].substring(2), scenario[i + 1]);
                }
                Result result = new LoadHarness(options).run();
                results.add(result);
                System.out.println(result.row());
            }
        }
        System.out.println();
        System.out.println(String.format("Ratios camel/nginx: (1) live CPU %.2fx, (2) record all CPU %.2fx, "
                + "the recorder as shipped %.2fx, (3) fast MB/s %.2fx, CPU s per GB %.2fx (camel %.0f MB per "
                + "CPU-second)", results.get(1).cpu / results.get(0).cpu, results.get(3).cpu / results.get(2).cpu,
                results.get(4).cpu / results.get(2).cpu, results.get(6).mbPerSecond() / results.get(5).mbPerSecond(),
                results.get(6).cpuPerGigabyte() / results.get(5).cpuPerGigabyte(),
                1000 / results.get(6).cpuPerGigabyte()));
        System.out.println();
        System.out.println(MEMORY_HEADER);
        String idle = base.getOrDefault("memory", "1000");
        for (String server : new String[] { "nginx", "camel" }) {
            Map<String, String> options = withServer(base, server);
            options.put("memory", idle);
            options.put("seconds", "10");
            System.out.println(new LoadHarness(options).memory());
        }
        System.out.println();
        for (String server : new String[] { "nginx", "camel" }) {
            Map<String, String> options = withServer(base, server);
            options.putIfAbsent("ramp", "250,500,1000,1500,2000,2500");
            options.put("seconds", base.getOrDefault("ramp-seconds", "15"));
            options.put("warmup", base.getOrDefault("ramp-warmup", "10"));
            ramp(options, server);
        }
    }

    /**
     * Servers measured in turn on the same load, {@code --repeat} rounds (default 1) of alternating runs, for
     * before/after comparisons on a shared machine: {@code --servers "nginx;recorder;recorder,label=small,jto=-Xmx64m
     * -XX:+UseSerialGC"}. Each entry is a server ({@code nginx}, {@code camel} or {@code recorder}) and optional
     * {@code key=value}s: {@code label} (the row's name), {@code jar} (the recorder's fat jar, or camel-rtmp's
     * harness jar, from another build), {@code jto} (the server's {@code JAVA_TOOL_OPTIONS}), {@code args} (JVM
     * options), {@code env.NAME} (an environment variable of the recorder). With a recorder among them, nginx records too ({@code record all}).
     */
    private static void alternate(Map<String, String> base) throws Exception {
        List<Map<String, String>> runs = new ArrayList<>();
        boolean recorder = false;
        for (String entry : base.get("servers").split(";")) {
            String[] parts = entry.trim().split(",");
            Map<String, String> options = withServer(base, parts[0].trim());
            options.remove("servers");
            options.put("label", parts[0].trim());
            for (int i = 1; i < parts.length; i++) {
                String key = parts[i].substring(0, parts[i].indexOf('=')).trim();
                String value = parts[i].substring(parts[i].indexOf('=') + 1).trim();
                switch (key) {
                    case "label" -> options.put("label", value);
                    case "jar" -> options.put(parts[0].trim().equals("recorder") ? "recorder-jar" : "server-jar", value);
                    case "jto" -> options.put("java-tool-options", value);
                    case "args" -> options.put("server-jvm-args", value);
                    default -> {
                        if (!key.startsWith("env.")) {
                            throw new IllegalArgumentException("unknown key " + key + " in --servers " + entry);
                        }
                        options.put(key, value); // an environment variable of the server, e.g. env.MALLOC_ARENA_MAX=2
                    }
                }
            }
            recorder |= parts[0].trim().equals("recorder");
            runs.add(options);
        }
        if (recorder) {
            runs.forEach(o -> o.put("record", "true"));
        }
        int repeat = Integer.parseInt(base.getOrDefault("repeat", "1"));
        Map<String, List<Result>> byLabel = new LinkedHashMap<>();
        System.out.println(TABLE_HEADER);
        for (int round = 0; round < repeat; round++) {
            for (Map<String, String> options : runs) {
                Result result = new LoadHarness(options).run().labelled(options.get("label"));
                byLabel.computeIfAbsent(options.get("label"), l -> new ArrayList<>()).add(result);
                System.out.println(result.row());
            }
        }
        System.out.println();
        byLabel.forEach((label, results) -> System.out.println(String.format(
                "%s: server CPU s mean %.2f (%s), RSS peak MiB mean %.1f, RSS end MiB mean %.1f, streams not whole %d",
                label, results.stream().mapToDouble(Result::cpu).average().orElse(0),
                String.join(" / ", results.stream().map(r -> String.format("%.2f", r.cpu())).toList()),
                results.stream().mapToLong(Result::rssPeakKb).average().orElse(0) / 1024,
                results.stream().mapToLong(Result::rssKb).average().orElse(0) / 1024,
                results.stream().mapToInt(r -> Math.max(0, r.incompleteStreams()) + (r.received() >= 0
                        && r.received() != r.sent() && r.incompleteStreams() <= 0 ? 1 : 0)).sum())));
    }

    /**
     * Scenario 4: real-time publishers in growing numbers until a step is not held (see {@link Result#held()}).
     */
    private static void ramp(Map<String, String> base, String server) throws Exception {
        System.out.println(TABLE_HEADER.replace(" |\n", " | held |\n") + "---|");
        int most = 0;
        for (String step : base.get("ramp").split(",")) {
            Map<String, String> options = withServer(base, server);
            options.remove("ramp");
            options.remove("suite");
            options.put("publishers", step.trim());
            Result result = new LoadHarness(options).run();
            System.out.println(result.row() + " " + (result.held() ? "yes" : "no") + " |");
            if (!result.held()) {
                break;
            }
            most = result.publishers;
        }
        System.out.println("Most real-time publishers held by " + server + ": " + most);
        System.out.println();
    }

    /** Makes the benchmark clip with FFmpeg: 1280x720 H.264 at 1.45 Mbit/s and AAC at 128 kbit/s, 20 s. */
    private static void makeClip(Path clip) throws Exception {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t",
                "20", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "1450k", "-maxrate", "1500k", "-bufsize",
                "3000k", "-g", "60", "-c:a", "aac", "-b:a", "128k", "-f", "flv", clip.toString()).inheritIO().start();
        if (ffmpeg.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg could not make " + clip);
        }
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** One message of the replayed timeline. */
    private record Frame(int type, long timestamp, byte[] payload) {
        /** Metadata or a sequence header: what a publisher sends before its first coded frame. */
        boolean header() {
            return type == 18 || payload.length > 1 && payload[1] == 0 && (type == 8 || (payload[0] & 0x0F) == 7);
        }
    }

    /** What one run measured. */
    private record Result(String server, int publishers, boolean fast, boolean record, double wall, long sent,
            long received, double cpu, long rssKb, long rssPeakKb, long heapBytes, long lagMaxMillis,
            Latency latency, int incompleteStreams, double gigabytes, String load) {

        double mbPerSecond() {
            return gigabytes * 1000 / wall;
        }

        double cpuPerGigabyte() {
            return cpu / gigabytes;
        }

        /**
         * Held at real time without loss: every publisher kept within {@link #MAX_LAG_MILLIS} of its clock, and
         * where the server tells what it received, it received everything, 99% of it within
         * {@link #MAX_P99_LATENCY_MILLIS}.
         */
        boolean held() {
            return lagMaxMillis <= MAX_LAG_MILLIS && (received < 0 || received == sent) && incompleteStreams <= 0
                    && (latency == null || latency.p99Millis() <= MAX_P99_LATENCY_MILLIS
                            && latency.incompleteStreams() == 0);
        }

        String row() {
            int incomplete = latency != null ? latency.incompleteStreams() : incompleteStreams;
            return String.format("| %s | %d | %s | %d s | %d | %s | %s | %.2f | %.1f | %.1f | %s | %s | %s | %s | %s "
                    + "| %s |",
                    server + (record && (server.equals("nginx") || server.equals("camel")) ? " (record all)" : ""), publishers,
                    fast ? "fast" : "real time",
                    Math.round(wall), sent, received < 0 ? "n/a" : String.valueOf(received),
                    incomplete > 0
                            ? (sent - received) + " (" + incomplete + " streams not whole)"
                            : received == sent ? "none" : received < 0 ? "n/a" : String.valueOf(sent - received), cpu,
                    rssKb / 1024.0, rssPeakKb / 1024.0, fast ? String.format("%.0f", mbPerSecond()) : "",
                    fast ? String.format("%.2f", cpuPerGigabyte()) : "", fast ? "" : String.valueOf(lagMaxMillis),
                    latency == null ? "n/a" : latency.toString(),
                    heapBytes < 0 ? "n/a" : heapBytes / 1024 / 1024 + " MiB", load);
        }

        Result labelled(String label) {
            return new Result(label, publishers, fast, record, wall, sent, received, cpu, rssKb, rssPeakKb, heapBytes,
                    lagMaxMillis, latency, incompleteStreams, gigabytes, load);
        }
    }

    /**
     * Send-to-Exchange latency percentiles, and how many streams did not reach the route exactly as sent (each
     * stream's messages are counted on their own, not only the total).
     */
    private record Latency(double p50Millis, double p99Millis, double maxMillis, int incompleteStreams) {
        @Override
        public String toString() {
            return String.format("%.1f / %.1f / %.1f", p50Millis, p99Millis, maxMillis);
        }
    }

    private Result run() throws Exception {
        String server = option("server", "camel");
        int publishers = Integer.parseInt(option("publishers", "10"));
        int seconds = Integer.parseInt(option("seconds", "20"));
        boolean fast = Boolean.parseBoolean(option("fast", "false"));
        boolean record = Boolean.parseBoolean(option("record", "false"));
        long bytesTarget = Long.parseLong(option("bytes", "0"));
        Path work = Files.createTempDirectory("rtmp-bench");
        List<Frame> timeline = timeline(Paths.get(option("clip", "clip.flv")), fast ? Integer.MAX_VALUE : seconds,
                bytesTarget);
        long timelineBytes = timeline.stream().mapToLong(f -> f.payload().length).sum();

        ServerProcess target = start(server, work, record);
        String loadAverage;
        try {
            int warmup = Integer.parseInt(option("warmup", "0"));
            int warmers = Math.min(publishers, 200);
            if (warmup > 0) {
                // a running server is warm: loads like the measured one (not measured) let the JIT compile the paths
                // they take, connecting and disconnecting included (a first disconnect deoptimizes what the
                // streaming compiled); at full speed, the same bytes three times over
                long warmupMessages = 0;
                int passes = fast ? 3 : 2;
                for (int pass = 0; pass < passes; pass++) {
                    List<Frame> warm = fast ? timeline
                            : timeline(Paths.get(option("clip", "clip.flv")), Math.max(1, warmup / passes), 0);
                    Publishers w = Publishers.connect(target.port, warmers, "warmup" + pass + "-");
                    warmupMessages += w.stream(warm, fast, null);
                    w.close();
                    if (!server.equals("nginx")) {
                        // every warm-up stream ended
                        target.awaitReceived(warmers * (pass + 1), warmupMessages);
                    }
                }
                target.baseline(warmupMessages, warmers * passes);
                target.command("reset");
            }
            Publishers load = Publishers.connect(target.port, publishers, "load");
            loadAverage = loadAverage();
            double cpuBefore = target.cpuSeconds();
            System.err.println("measuring: server pid " + target.process().pid());
            long start = System.nanoTime();
            long[][] sendNanos = new long[publishers][timeline.size()];
            long sent = load.stream(timeline, fast, sendNanos);
            // the streaming is measured, not the connections' teardown: CPU is read once the server has taken
            // every message (camel-rtmp counts them; nginx is given a moment), before the publishers disconnect
            long taken = target.awaitMessages(sent, System.nanoTime());
            double wall = (taken - start) / 1e9;
            double cpu = target.cpuSeconds() - cpuBefore;
            load.close();
            long received = target.awaitReceived(publishers, sent);
            System.err.println("measured: server pid " + target.process().pid());
            // time for a profiler attached to the server (see docs/benchmarks.md) to write its output
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(option("hold", "0"))));
            long rssKb = target.rssKb();
            long rssPeakKb = target.rssPeakKb();
            Latency latency = target.latency(work, "load", sendNanos);
            int incomplete = target.incompleteStreams("load", publishers, timeline.size());
            long heap = target.heapBytes();
            return new Result(server, publishers, fast, record, wall, sent, received, cpu, rssKb, rssPeakKb, heap,
                    load.lagMaxMillis, latency, incomplete, (double) timelineBytes * publishers / 1e9, loadAverage);
        } finally {
            target.stop();
            if (!options.containsKey("keep")) {
                deleteRecursively(work); // a recording run leaves gigabytes: --keep to look at them
            }
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static final String FAN_OUT_HEADER = "| server | players | wall | messages published | per player expected "
            + "| players complete | delivered (all players) | lost | server CPU s | RSS MiB | MB/s to players "
            + "| CPU s per GB | lag max ms | load (1 min) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /**
     * Scenario 6, fan-out: for each count of {@code --players} and each server (nginx-rtmp, then camel-rtmp, back to
     * back), that many players wait on one stream key, then one publisher sends the clip at real time for
     * {@code --seconds}; every player counts every audio and video message and byte it gets (see
     * {@link PlayClients}). The server's CPU seconds are taken from the start of the publish to the moment every
     * player has everything (or {@code --drain} seconds after the last message was sent).
     */
    private static void fanOut(Map<String, String> base) throws Exception {
        // a production server is warm: at one publisher's message rate the JIT still compiles the play path 20 s in
        // (measured: 1.6 of 3.4 CPU s in the window were compilation), by 80 s it is done
        base.putIfAbsent("warmup", "80");
        System.out.println(FAN_OUT_HEADER);
        for (String step : base.get("players").split(",")) {
            double[] cpu = new double[2];
            List<String> servers = servers(base);
            for (int i = 0; i < servers.size(); i++) {
                Map<String, String> options = withServer(base, servers.get(i));
                options.put("players", step.trim());
                FanOutResult result = new LoadHarness(options).fanOutRun();
                if (servers.get(i).equals("camel") && options.containsKey("server-jar")) {
                    result = result.labelled("camel (" + options.getOrDefault("label", "server-jar") + ")");
                }
                System.out.println(result.row());
                cpu[Math.min(i, 1)] = result.cpu();
            }
            if (servers.size() == 2) {
                System.out.println(String.format("Ratio camel/nginx, %s players: CPU %.2fx", step.trim(),
                        cpu[1] / cpu[0]));
            }
        }
    }

    /** What one fan-out run measured. */
    private record FanOutResult(String server, int players, double wall, long published, long expected,
            long expectedBytes, int complete, long delivered, long deliveredBytes, double cpu, long rssKb,
            long lagMaxMillis, String load) {

        FanOutResult labelled(String label) {
            return new FanOutResult(label, players, wall, published, expected, expectedBytes, complete, delivered,
                    deliveredBytes, cpu, rssKb, lagMaxMillis, load);
        }

        String row() {
            long lost = expected * players - delivered;
            return String.format("| %s | %d | %d s | %d | %d (%.1f MB) | %d | %d | %s | %.2f | %.1f | %.0f | %.2f | %d "
                    + "| %s |", server, players, Math.round(wall), published, expected, expectedBytes / 1e6,
                    complete, delivered, lost == 0 && complete == players ? "none" : String.valueOf(lost), cpu,
                    rssKb / 1024.0, deliveredBytes / 1e6 / wall, cpu / (deliveredBytes / 1e9), lagMaxMillis, load);
        }
    }

    private FanOutResult fanOutRun() throws Exception {
        String server = option("server", "camel");
        int players = Integer.parseInt(option("players", "200"));
        int seconds = Integer.parseInt(option("seconds", "20"));
        int loops = Integer.parseInt(option("player-loops", "2"));
        Path work = Files.createTempDirectory("rtmp-bench");
        Path clip = Paths.get(option("clip", "clip.flv"));
        List<Frame> timeline = timeline(clip, seconds, 0);
        long expected = timeline.stream().filter(f -> f.type() == 8 || f.type() == 9).count();
        long expectedBytes = timeline.stream().filter(f -> f.type() == 8 || f.type() == 9)
                .mapToLong(f -> f.payload().length).sum();
        ServerProcess target = start(server, work, false);
        try {
            int warmup = Integer.parseInt(option("warmup", "0"));
            for (int pass = 0; pass < 2 && warmup > 0; pass++) {
                // warm like the measured run, not measured: the JIT compiles the fan-out paths
                PlayClients warm = PlayClients.connect(target.port, "live", "warm" + pass + "0", players, loops);
                Publishers w = Publishers.connect(target.port, 1, "warm" + pass);
                w.stream(timeline(clip, Math.max(1, warmup / 2), 0), false, null);
                w.close();
                warm.close();
            }
            PlayClients clients = PlayClients.connect(target.port, "live", "fan0", players, loops);
            Publishers publisher = Publishers.connect(target.port, 1, "fan");
            String load = loadAverage();
            double cpuBefore = target.cpuSeconds();
            System.err.println("measuring: server pid " + target.process().pid());
            long start = System.nanoTime();
            long sent = publisher.stream(timeline, false, null);
            long sendEnd = System.nanoTime();
            long drainDeadline = sendEnd + TimeUnit.SECONDS.toNanos(Long.parseLong(option("drain", "10")));
            long end = sendEnd;
            while (System.nanoTime() < drainDeadline) {
                end = System.nanoTime();
                if (clients.players.stream().allMatch(c -> c.media >= expected)) {
                    break;
                }
                LockSupport.parkNanos(2_000_000L);
            }
            double cpu = target.cpuSeconds() - cpuBefore;
            System.err.println("measured: server pid " + target.process().pid());
            // --hold: time for a profiler (or jcmd) to finish with the server while the players are still there
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(option("hold", "0"))));
            long rssKb = target.rssKb();
            int complete = 0;
            long delivered = 0;
            long deliveredBytes = 0;
            for (PlayClients.Counter c : clients.players) {
                delivered += c.media;
                deliveredBytes += c.mediaBytes;
                if (c.media == expected && c.mediaBytes == expectedBytes) {
                    complete++;
                }
            }
            publisher.close();
            clients.close();
            return new FanOutResult(server, players, (end - start) / 1e9, sent, expected, expectedBytes, complete,
                    delivered, deliveredBytes, cpu, rssKb, publisher.lagMaxMillis, load);
        } finally {
            target.stop();
        }
    }

    /** The machine's 1-minute load average, as uptime tells it. */
    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static final String MEMORY_HEADER = "| server | publishers | RSS MiB before | idle: RSS KiB per publisher | "
            + "idle: heap KiB per publisher | active: RSS KiB per publisher | active: heap KiB per publisher |\n"
            + "|---|---|---|---|---|---|---|";

    /**
     * Scenario 5: resident memory (and camel-rtmp's heap after a full GC) per publisher, from N publishers that
     * published their metadata and sequence headers and then send nothing, and from the same N sending at real
     * time (measured halfway through {@code --seconds}).
     */
    private String memory() throws Exception {
        String server = option("server", "camel");
        int publishers = Integer.parseInt(option("memory", "1000"));
        int seconds = Integer.parseInt(option("seconds", "10"));
        Path work = Files.createTempDirectory("rtmp-bench");
        List<Frame> timeline = timeline(Paths.get(option("clip", "clip.flv")), seconds, 0);
        ServerProcess target = start(server, work, false);
        try {
            target.command("arrivals off");
            // one publisher first, so that the classes and pools every connection uses exist in the baseline
            Publishers first = Publishers.connect(target.port, 1, "first");
            first.stream(timeline.subList(0, 200), true, null);
            first.close();
            target.awaitReceived(1, 200);
            long rssBefore = target.rssKb();
            long heapBefore = target.heapBytes();
            Publishers idle = Publishers.connect(target.port, publishers, "idle");
            int headers = 0;
            while (timeline.get(headers).header()) {
                headers++;
            }
            idle.stream(timeline.subList(0, headers), true, null);
            target.awaitPublishes(publishers + 1, headers * (long) publishers + 200);
            long rssIdle = target.rssKb();
            long heapIdle = target.heapBytes();
            long[] active = new long[2];
            Thread probe = new Thread(() -> {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds) / 2);
                try {
                    active[0] = target.rssKb();
                    active[1] = target.heapBytes();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            probe.start();
            idle.stream(timeline.subList(headers, timeline.size()), false, null);
            probe.join();
            idle.close();
            return String.format("| %s | %d | %.1f | %.1f | %s | %.1f | %s |", server, publishers, rssBefore / 1024.0,
                    (rssIdle - rssBefore) / (double) publishers,
                    heapBefore < 0 ? "n/a" : String.format("%.1f", (heapIdle - heapBefore) / 1024.0 / publishers),
                    (active[0] - rssBefore) / (double) publishers,
                    heapBefore < 0 ? "n/a" : String.format("%.1f", (active[1] - heapBefore) / 1024.0 / publishers));
        } finally {
            target.stop();
        }
    }

    private ServerProcess start(String server, Path work, boolean record) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return server.equals("nginx") ? startNginx(port, work, record)
                : server.equals("recorder") ? startRecorder(port, work) : startCamel(port, work, record);
    }

    /** The clip's audio, video and data tags, looped until {@code seconds} (or {@code bytes}) are covered. */
    private static List<Frame> timeline(Path clip, int seconds, long bytes) throws IOException {
        List<FlvTag> tags = FlvReader.readAll(clip);
        long clipEnd = tags.get(tags.size() - 1).timestamp() + 40;
        List<Frame> frames = new ArrayList<>();
        long total = 0;
        for (long offset = 0; ; offset += clipEnd) {
            for (FlvTag tag : tags) {
                long ts = tag.timestamp() + offset;
                Frame frame = new Frame(tag.type(), ts, tag.data());
                if (offset > 0 && frame.header()) {
                    continue; // metadata and sequence headers once, at the start
                }
                if (bytes > 0 ? total >= bytes : ts > seconds * 1000L) {
                    return frames;
                }
                frames.add(frame);
                total += tag.data().length;
            }
        }
    }

    /** N publishing connections of this process, on two event loops of its own. */
    private static final class Publishers {
        final EventLoopGroup group = dev.camelrtmp.transport.Transport.NIO.newGroup(2, null);
        final List<RtmpPublisher> connections = new ArrayList<>();
        long lagMaxMillis;

        /** Connects and publishes {@code prefix0} to {@code prefix(N-1)}, up to 32 handshakes at a time. */
        static Publishers connect(int port, int n, String prefix) throws Exception {
            Publishers publishers = new Publishers();
            RtmpUrl base = RtmpUrl.parse("rtmp://127.0.0.1:" + port + "/live");
            for (int i = 0; i < n; i += 32) {
                List<java.util.concurrent.CompletableFuture<RtmpPublisher>> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + 32); j++) {
                    batch.add(RtmpPublisher.connect(publishers.group, NioSocketChannel.class,
                            base.withStreamName(prefix + j), 4096, null, 10_000));
                }
                for (var f : batch) {
                    publishers.connections.add(f.get(60, TimeUnit.SECONDS));
                }
            }
            return publishers;
        }

        /**
         * Sends the timeline on every connection, at real time (each message when the clip's clock reaches its
         * timestamp) or as fast as the connections take it. Records each message's send time when asked, and
         * how far behind its clock a publisher fell at most.
         *
         * @return the messages sent
         */
        long stream(List<Frame> timeline, boolean fast, long[][] sendNanos) throws Exception {
            int publishers = connections.size();
            long sent = 0;
            int[] next = new int[publishers];
            long start = System.nanoTime();
            long startMillis = timeline.isEmpty() ? 0 : timeline.get(0).timestamp();
            boolean done = false;
            while (!done) {
                done = true;
                for (int p = 0; p < publishers; p++) {
                    long elapsed = (System.nanoTime() - start) / 1_000_000 + startMillis;
                    while (next[p] < timeline.size() && (fast || timeline.get(next[p]).timestamp() <= elapsed)) {
                        Frame f = timeline.get(next[p]);
                        long now = System.nanoTime();
                        if (!fast) {
                            long lag = (now - start) / 1_000_000 + startMillis - f.timestamp();
                            lagMaxMillis = Math.max(lagMaxMillis, lag);
                        }
                        if (sendNanos != null) {
                            sendNanos[p][next[p]] = now;
                        }
                        next[p]++;
                        connections.get(p).send(f.type(), f.timestamp(), f.payload(), 60_000);
                        sent++;
                        if (fast && next[p] % 64 == 0) {
                            break; // let the other publishers have their turn
                        }
                    }
                    done &= next[p] >= timeline.size();
                }
                if (!fast && !done) {
                    LockSupport.parkNanos(5_000_000L);
                }
            }
            return sent;
        }

        void close() {
            for (RtmpPublisher c : connections) {
                c.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** A server under test, as an operating system process (with its children). */
    private abstract static class ServerProcess {
        private final Process process;
        final int port;

        ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        Process process() {
            return process;
        }

        double cpuSeconds() throws IOException {
            return LoadHarness.cpuSeconds(process.toHandle());
        }

        long rssKb() throws IOException {
            return LoadHarness.rssKb(process.toHandle(), "VmRSS:");
        }

        /** The most resident memory the process tree had at any moment (VmHWM). */
        long rssPeakKb() throws IOException {
            return LoadHarness.rssKb(process.toHandle(), "VmHWM:");
        }

        /**
         * Streams {@code prefix0..} whose recordings do not hold exactly {@code perStream} tags, read back from the
         * files; -1 where the server keeps no files to read.
         */
        int incompleteStreams(String prefix, int publishers, int perStream) throws Exception {
            return -1;
        }

        /** Messages and publishes the server saw before the measurement (a warm-up), to be subtracted. */
        long baseMessages;
        int basePublishes;

        void baseline(long messages, int publishes) {
            this.baseMessages = messages;
            this.basePublishes = publishes;
        }

        /** Messages the server received, waiting for every publish to end; -1 when the server cannot tell. */
        abstract long awaitReceived(int publishers, long sent) throws Exception;

        /**
         * Waits until the server has taken this many messages of the measured load, and tells when; a server that
         * cannot tell is given a moment and is taken to have kept up with the sending, which ended at
         * {@code sendEnd}.
         */
        long awaitMessages(long sent, long sendEnd) throws Exception {
            LockSupport.parkNanos(500_000_000L);
            return sendEnd;
        }

        /** Waits until the server has seen this many publishes and messages in all (where it can tell). */
        void awaitPublishes(int publishes, long messages) throws Exception {
        }

        /** The heap after a full GC, or -1. */
        long heapBytes() throws Exception {
            return -1;
        }

        /** Send-to-Exchange latency of the streams {@code prefix0..}, or null where the server cannot tell. */
        Latency latency(Path work, String prefix, long[][] sendNanos) throws Exception {
            return null;
        }

        void command(String command) throws Exception {
        }

        abstract void stop() throws Exception;
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    private static double cpuSeconds(ProcessHandle root) throws IOException {
        double total = 0;
        for (ProcessHandle p : tree(root)) {
            Path stat = Paths.get("/proc", String.valueOf(p.pid()), "stat");
            if (Files.exists(stat)) {
                String s = Files.readString(stat);
                String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            }
        }
        return total;
    }

    private static long rssKb(ProcessHandle root, String field) throws IOException {
        long total = 0;
        for (ProcessHandle p : tree(root)) {
            Path status = Paths.get("/proc", String.valueOf(p.pid()), "status");
            if (Files.exists(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith(field)) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
        }
        return total;
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(50_000_000L);
            }
        }
        throw new IllegalStateException("server did not open port " + port);
    }

    private ServerProcess startCamel(int port, Path work, boolean record) throws Exception {
        // --server-jar: camel-rtmp from another build (e.g. before a change), run by the same harness
        String jar = options.containsKey("server-jar") ? option("server-jar", "") : Paths.get(
                LoadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + option("server-heap", "2g"),
                // as in production: Netty's leak detector samples allocations (the tests run it at PARANOID)
                "-Dio.netty.leakDetection.level=" + option("leak-detection", "disabled")));
        if (options.containsKey("transport")) {
            // the listener's transport=auto|nio|epoll|io_uring
            command.add("-Dbench.transport=" + option("transport", "auto"));
        }
        if (options.containsKey("server-jvm-args")) {
            command.addAll(List.of(option("server-jvm-args", "").split(" ")));
        }
        command.addAll(List.of("-cp", jar, BenchServer.class.getName(), String.valueOf(port),
                record ? "record" : "live", work.resolve("camel-recordings").toString()));
        Process process = new ProcessBuilder(command).redirectError(work.resolve("camel-server.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        Writer in = new OutputStreamWriter(process.getOutputStream());
        String ready = out.readLine();
        while (ready != null && !ready.startsWith("READY")) {
            ready = out.readLine(); // e.g. what JVM options print at start
        }
        if (ready == null) {
            throw new IllegalStateException("camel-rtmp did not start: " + Files.readString(
                    work.resolve("camel-server.log")));
        }
        return new ServerProcess(process, port) {

            @Override
            void command(String line) throws Exception {
                in.write(line + "\n");
                in.flush();
                String answer = out.readLine();
                while (answer != null && !answer.equals("OK")) {
                    answer = out.readLine(); // what else the JVM prints (an attached profiler, say)
                }
                if (answer == null) {
                    throw new IllegalStateException("camel-rtmp exited before it answered " + line);
                }
            }

            Map<String, String> read(String what) throws Exception {
                Path file = work.resolve(what + ".properties");
                command(what + " " + file);
                Map<String, String> stats = new LinkedHashMap<>();
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    stats.put(line.substring(0, eq), line.substring(eq + 1));
                }
                return stats;
            }

            /** Reads the counts until {@code done} holds for them or {@code timeoutMillis} passed; the last read. */
            Map<String, Long> awaitCounts(java.util.function.Predicate<Map<String, Long>> done, long periodMillis,
                    long timeoutMillis) throws Exception {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                while (true) {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    read("counts").forEach((k, v) -> counts.put(k, Long.parseLong(v)));
                    if (done.test(counts) || System.nanoTime() > deadline) {
                        return counts;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(periodMillis));
                }
            }

            @Override
            long awaitReceived(int publishers, long sent) throws Exception {
                return awaitCounts(c -> c.get("ends") >= publishers + basePublishes, 50, 60_000).get("messages")
                        - baseMessages;
            }

            @Override
            long awaitMessages(long sent, long sendEnd) throws Exception {
                awaitCounts(c -> c.get("messages") - baseMessages >= sent, 1, 12_000);
                return System.nanoTime();
            }

            @Override
            void awaitPublishes(int publishes, long messages) throws Exception {
                awaitCounts(c -> c.get("publishes") >= publishes && c.get("messages") >= messages, 50, 60_000);
            }

            @Override
            long heapBytes() throws Exception {
                return Long.parseLong(read("stats").get("heapBytes"));
            }

            @Override
            Latency latency(Path work, String prefix, long[][] sendNanos) throws Exception {
                Path file = work.resolve("arrivals.bin");
                command("arrivals " + file);
                Map<String, long[]> arrivals = new java.util.HashMap<>();
                try (java.io.DataInputStream data = new java.io.DataInputStream(new java.io.BufferedInputStream(
                        Files.newInputStream(file)))) {
                    while (data.available() > 0) {
                        String key = data.readUTF();
                        long[] nanos = new long[data.readInt()];
                        for (int i = 0; i < nanos.length; i++) {
                            nanos[i] = data.readLong();
                        }
                        arrivals.put(key, nanos);
                    }
                }
                int total = 0;
                for (long[] s : sendNanos) {
                    total += s.length;
                }
                long[] latencies = new long[total];
                int n = 0;
                int incomplete = 0;
                for (int p = 0; p < sendNanos.length; p++) {
                    long[] arrived = arrivals.get(prefix + p);
                    if (arrived == null || arrived.length != sendNanos[p].length) {
                        incomplete++;
                    }
                    int count = arrived == null ? 0 : Math.min(arrived.length, sendNanos[p].length);
                    for (int i = 0; i < count; i++) {
                        latencies[n++] = arrived[i] - sendNanos[p][i];
                    }
                }
                if (n == 0) {
                    return null;
                }
                long[] sorted = Arrays.copyOf(latencies, n);
                Arrays.sort(sorted);
                return new Latency(sorted[n / 2] / 1e6, sorted[(int) Math.min(n - 1, (long) n * 99 / 100)] / 1e6,
                        sorted[n - 1] / 1e6, incomplete);
            }

            @Override
            void stop() throws Exception {
                in.write("quit\n");
                in.flush();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        };
    }

    private ServerProcess startNginx(int port, Path work, boolean record) throws Exception {
        Path rec = work.resolve("nginx-recordings");
        Files.createDirectories(rec);
        Files.createDirectories(work.resolve("logs"));
        String conf = ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                + "load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;\n"
                + "worker_processes 1;\ndaemon off;\nerror_log " + work.resolve("logs/error.log") + " warn;\n"
                + "pid " + work.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 8192; }\n"
                + "rtmp { server { listen 127.0.0.1:" + port + "; chunk_size 4096;\n"
                + "  application live { live on; " + (record ? "record all; record_path " + rec + ";" : "")
                + " } } }\n";
        Path confFile = work.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process process = new ProcessBuilder("nginx", "-p", work.toString(), "-c", confFile.toString(), "-e",
                work.resolve("logs/error.log").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("logs/out.log").toFile()).start();
        awaitPort(port);
        return new ServerProcess(process, port) {

            @Override
            long awaitReceived(int publishers, long sent) throws Exception {
                if (!record) {
                    return -1;
                }
                long received = 0;
                for (int i = 0; i < 100 && received < sent; i++) {
                    LockSupport.parkNanos(100_000_000L);
                    received = 0;
                    try (var files = Files.list(rec)) {
                        for (Path f : files.filter(f -> f.getFileName().toString().startsWith("load")).toList()) {
                            try {
                                received += FlvReader.readAll(f).size();
                            } catch (RuntimeException torn) {
                                // still being written
                            }
                        }
                    }
                }
                return received;
            }

            @Override
            int incompleteStreams(String prefix, int publishers, int perStream) throws Exception {
                return record ? LoadHarness.incompleteStreams(rec, prefix, publishers, perStream) : -1;
            }

            @Override
            void stop() throws Exception {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        };
    }

    /** Streams {@code prefix0..} of {@code folder} whose file does not hold exactly {@code perStream} whole tags. */
    static int incompleteStreams(Path folder, String prefix, int publishers, int perStream) throws IOException {
        int incomplete = 0;
        for (int i = 0; i < publishers; i++) {
            Path file = folder.resolve(prefix + i + ".flv");
            if (!Files.exists(file) || countTags(file) != perStream) {
                incomplete++;
            }
        }
        return incomplete;
    }

    /** The whole tags of an FLV file, read from their headers only (a torn last tag is not counted). */
    static long countTags(Path file) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(11);
            long position = 13;
            long tags = 0;
            while (position + 11 <= size) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) > 0) {
                    // reads the tag header
                }
                int dataSize = (header.get(1) & 0xFF) << 16 | (header.get(2) & 0xFF) << 8 | header.get(3) & 0xFF;
                position += 11 + dataSize + 4;
                if (position > size) {
                    break;
                }
                tags++;
            }
            return tags;
        }
    }

    /**
     * The recorder as shipped: the examples' fat jar launched as the README launches it ({@code java
     * -XX:+ExitOnOutOfMemoryError -jar camel-rtmp-examples.jar}) with {@code RTMP_PORT}, {@code RECORDINGS_DIR} in
     * the run's temporary folder and {@code HTTP_PORT} on a free port (HTTP stays on, as shipped). It counts nothing
     * for the harness: what it received is read back from its recordings once every publisher has ended, and its
     * CPU is measured like nginx's (until 0.5 s after the last message was sent).
     */
    private ServerProcess startRecorder(int port, Path work) throws Exception {
        Path jar = Paths.get(option("recorder-jar", ""));
        if (!options.containsKey("recorder-jar")) {
            Path harness = Paths.get(LoadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            jar = harness.toAbsolutePath().getParent().resolve(
                    "../../camel-rtmp-examples/target/camel-rtmp-examples.jar").normalize();
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no recorder jar at " + jar + " (build camel-rtmp-examples, or give "
                    + "--recorder-jar)");
        }
        Path rec = work.resolve("recorder-recordings");
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+ExitOnOutOfMemoryError"));
        if (options.containsKey("server-jvm-args")) {
            command.addAll(List.of(option("server-jvm-args", "").split(" ")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("recorder.log").toFile());
        builder.environment().put("RTMP_PORT", String.valueOf(port));
        builder.environment().put("RECORDINGS_DIR", rec.toString());
        builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (options.containsKey("java-tool-options")) {
            builder.environment().put("JAVA_TOOL_OPTIONS", option("java-tool-options", ""));
        }
        options.forEach((key, value) -> {
            if (key.startsWith("env.")) {
                builder.environment().put(key.substring(4), value);
            }
        });
        Process process = builder.start();
        try {
            awaitPort(port);
        } catch (IllegalStateException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the recorder did not start: " + Files.readString(
                    work.resolve("recorder.log")), e);
        }
        Path live = rec.resolve("live");
        return new ServerProcess(process, port) {

            long tags() throws IOException {
                long total = 0;
                if (Files.isDirectory(live)) {
                    try (var files = Files.list(live)) {
                        for (Path f : files.toList()) {
                            total += countTags(f);
                        }
                    }
                }
                return total;
            }

            @Override
            long awaitReceived(int publishers, long sent) throws Exception {
                // every stream's file is closed (flushed) at its PUBLISH_END
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long received = tags() - baseMessages;
                while (received < sent && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(100_000_000L);
                    received = tags() - baseMessages;
                }
                return received;
            }

            @Override
            int incompleteStreams(String prefix, int publishers, int perStream) throws Exception {
                return LoadHarness.incompleteStreams(live, prefix, publishers, perStream);
            }

            @Override
            void stop() throws Exception {
                process.destroy(); // SIGTERM: the recorder closes its recordings and exits
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        };
    }
}
