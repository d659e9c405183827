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
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The load harness: N concurrent publishers from this one process, built on camel-rtmp's own RTMP client,
 * replaying an FLV clip at real time or as fast as the socket allows, against camel-rtmp (started in a JVM of its
 * own) or nginx-rtmp (started with a generated configuration), so both are measured on identical load. Reports
 * messages sent and received (loss is checked, not assumed), the server process's CPU seconds and resident memory,
 * and for camel-rtmp the heap and the wire-to-Exchange latency.
 * <p>
 * {@code java -jar camel-rtmp-benchmarks.jar --server camel|nginx --publishers 200 --seconds 20 --clip clip.flv
 * [--fast] [--record] [--bytes N]}
 */
public final class LoadHarness {

    private final Map<String, String> options;

    private LoadHarness(Map<String, String> options) {
        this.options = options;
    }

    /** The table's header, matching the rows {@link #run()} prints. */
    static final String TABLE_HEADER = "| server | publishers | pace | wall | messages sent | received | lost | "
            + "server CPU s | RSS MiB | MB/s | CPU per GB | latency p50 / p99 ms | heap |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

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
        if (Boolean.parseBoolean(options.getOrDefault("suite", "false"))) {
            suite(options);
            return;
        }
        System.out.println(TABLE_HEADER);
        System.out.println(new LoadHarness(options).run());
    }

    /**
     * The comparison the benchmarks page shows, both servers on identical load: N real-time publishers (live, then
     * recording every stream), and one publisher as fast as possible.
     */
    private static void suite(Map<String, String> base) throws Exception {
        String publishers = base.getOrDefault("publishers", "200");
        base.putIfAbsent("warmup", "10");
        String seconds = base.getOrDefault("seconds", "20");
        String bytes = base.getOrDefault("bytes", "400000000");
        System.out.println(TABLE_HEADER);
        for (String[] scenario : new String[][] { { "--publishers", publishers, "--seconds", seconds },
            { "--publishers", publishers, "--seconds", seconds, "--record", "true" },
            { "--publishers", "1", "--fast", "true", "--bytes", bytes } }) {
            for (String server : new String[] { "nginx", "camel" }) {
                Map<String, String> options = new LinkedHashMap<>(base);
                options.remove("suite");
                options.put("server", server);
                for (int i = 0; i < scenario.length; i += 2) {
                    options.put(scenario[i].substring(2), scenario[i + 1]);
                }
                System.out.println(new LoadHarness(options).run()
                        + (options.containsKey("record") ? " record all" : ""));
            }
        }
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
    }

    private String run() throws Exception {
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

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServerProcess target = server.equals("nginx") ? startNginx(port, work, record) : startCamel(port, work, record);
        try {
            int warmup = Integer.parseInt(option("warmup", "0"));
            long warmupMessages = 0;
            if (warmup > 0) {
                // a running server is warm: a first load (not measured) lets the JIT compile the paths it takes
                List<Frame> warm = timeline(Paths.get(option("clip", "clip.flv")), warmup, 0);
                warmupMessages = publish(port, Math.min(publishers, 50), warm, false, "warmup");
                if (!server.equals("nginx")) {
                    target.awaitReceived(Math.min(publishers, 50), warmupMessages); // every warm-up stream ended
                }
            }
            target.baseline(warmupMessages, warmup > 0 ? Math.min(publishers, 50) : 0);
            double cpuBefore = target.cpuSeconds();
            long start = System.nanoTime();
            long sent = publish(port, publishers, timeline, fast, "load");
            double wall = (System.nanoTime() - start) / 1e9;
            long received = target.awaitReceived(publishers, sent);
            double cpu = target.cpuSeconds() - cpuBefore;
            long rssKb = target.rssKb();
            Map<String, String> stats = target.stats();
            double gigabytes = (double) timelineBytes * publishers / 1e9;
            return String.format("| %s | %d | %s | %d s | %d | %s | %s | %.2f | %.1f | %s | %s | %s | %s |",
                    server, publishers, fast ? "fast" : "real time", Math.round(wall), sent,
                    received < 0 ? "n/a" : String.valueOf(received),
                    received == sent ? "none" : received < 0 ? "n/a" : String.valueOf(sent - received),
                    cpu, rssKb / 1024.0, fast ? String.format("%.0f", gigabytes * 1000 / wall) : "",
                    fast ? String.format("%.2f", cpu / gigabytes) : "",
                    stats.getOrDefault("latencyP50Ms", "n/a") + " / " + stats.getOrDefault("latencyP99Ms", "n/a"),
                    stats.containsKey("heapBytes") ? Long.parseLong(stats.get("heapBytes")) / 1024 / 1024 + " MiB"
                            : "n/a");
        } finally {
            target.stop();
        }
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
                boolean header = offset > 0 && (tag.type() == 18 || tag.data().length > 1 && tag.data()[1] == 0);
                if (header) {
                    continue; // metadata and sequence headers once, at the start
                }
                if (bytes > 0 ? total >= bytes : ts > seconds * 1000L) {
                    return frames;
                }
                frames.add(new Frame(tag.type(), ts, tag.data()));
                total += tag.data().length;
            }
        }
    }

    private static long publish(int port, int publishers, List<Frame> timeline, boolean fast, String prefix)
            throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<RtmpPublisher> connections = new ArrayList<>();
        try {
            RtmpUrl base = RtmpUrl.parse("rtmp://127.0.0.1:" + port + "/live");
            for (int i = 0; i < publishers; i++) {
                connections.add(RtmpPublisher.connect(group, NioSocketChannel.class,
                        base.withStreamName(prefix + i), 4096, null, 10_000).get(30, TimeUnit.SECONDS));
            }
            long sent = 0;
            int[] next = new int[publishers];
            long start = System.nanoTime();
            boolean done = false;
            while (!done) {
                done = true;
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                for (int p = 0; p < publishers; p++) {
                    while (next[p] < timeline.size() && (fast || timeline.get(next[p]).timestamp() <= elapsed)) {
                        Frame f = timeline.get(next[p]++);
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
        } finally {
            for (RtmpPublisher c : connections) {
                c.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** A server under test, as an operating system process (with its children). */
    private abstract static class ServerProcess {
        private final Process process;

        ServerProcess(Process process) {
            this.process = process;
        }

        Process process() {
            return process;
        }

        double cpuSeconds() throws IOException {
            return LoadHarness.cpuSeconds(process.toHandle());
        }

        long rssKb() throws IOException {
            return LoadHarness.rssKb(process.toHandle());
        }

        /** Messages and publishes the server saw before the measurement (a warm-up), to be subtracted. */
        long baseMessages;
        int basePublishes;

        void baseline(long messages, int publishes) {
            this.baseMessages = messages;
            this.basePublishes = publishes;
        }

        /** Messages the server received, waiting for it to finish; -1 when the server cannot tell. */
        abstract long awaitReceived(int publishers, long sent) throws Exception;

        abstract Map<String, String> stats() throws Exception;

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

    private static long rssKb(ProcessHandle root) throws IOException {
        long total = 0;
        for (ProcessHandle p : tree(root)) {
            Path status = Paths.get("/proc", String.valueOf(p.pid()), "status");
            if (Files.exists(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
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
        String jar = Paths.get(LoadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + option("server-heap", "2g")));
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
        return new ServerProcess(process) {

            @Override
            long awaitReceived(int publishers, long sent) throws Exception {
                for (int i = 0; i < 600; i++) {
                    Map<String, String> stats = stats();
                    if (Long.parseLong(stats.get("ends")) >= publishers + basePublishes) {
                        return Long.parseLong(stats.get("messages")) - baseMessages;
                    }
                    LockSupport.parkNanos(100_000_000L);
                }
                return Long.parseLong(stats().get("messages")) - baseMessages;
            }

            @Override
            Map<String, String> stats() throws Exception {
                Path file = work.resolve("stats.properties");
                in.write("stats " + file + "\n");
                in.flush();
                out.readLine();
                Map<String, String> stats = new LinkedHashMap<>();
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    stats.put(line.substring(0, eq), line.substring(eq + 1));
                }
                return stats;
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
        return new ServerProcess(process) {

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
            Map<String, String> stats() {
                return Map.of();
            }

            @Override
            void stop() throws Exception {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        };
    }
}
