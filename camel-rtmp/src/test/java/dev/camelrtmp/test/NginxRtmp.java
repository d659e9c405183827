package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.AvailablePortFinder;

/**
 * nginx with libnginx-mod-rtmp (Debian's packages) on a free loopback port, with a generated configuration: an
 * application {@code live} that relays and records every stream into {@code rec-N/<key>.flv}, N counting the
 * starts, so a restart never overwrites an earlier recording.
 */
public final class NginxRtmp implements AutoCloseable {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Path dir;
    private final List<String> liveDirectives;
    private final int port = AvailablePortFinder.getNextAvailable();
    private Process process;
    private int starts;

    private NginxRtmp(Path dir, List<String> liveDirectives) {
        this.dir = dir;
        this.liveDirectives = liveDirectives;
    }

    /** Starts nginx; skips the test (fails it under CI) when nginx or its RTMP module is missing. */
    public static NginxRtmp start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /**
     * Starts nginx with more directives in application {@code live} (e.g. {@code pull ... static;}); skips the test
     * (fails it under CI) when nginx or its RTMP module is missing.
     */
    public static NginxRtmp start(Path dir, List<String> liveDirectives) throws IOException, InterruptedException {
        Peers.require("nginx", "apt-get install nginx libnginx-mod-rtmp");
        if (!Files.exists(MODULE)) {
            Peers.require(MODULE.toString(), "apt-get install libnginx-mod-rtmp");
        }
        NginxRtmp nginx = new NginxRtmp(dir, List.copyOf(liveDirectives));
        nginx.start();
        return nginx;
    }

    public int port() {
        return port;
    }

    public String url(String key) {
        return "rtmp://127.0.0.1:" + port + "/live/" + key;
    }

    /** The recording of a stream key made during the given start (1 for the first). */
    public Path recording(int start, String key) {
        return dir.resolve("rec-" + start).resolve(key + ".flv");
    }

    /** (Re)starts nginx on the same port. */
    public void start() throws IOException, InterruptedException {
        starts++;
        Path rec = dir.resolve("rec-" + starts);
        Files.createDirectories(rec);
        Files.createDirectories(dir.resolve("logs"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String conf = (root ? "user root;\n" : "")
                + "load_module " + MODULE + ";\n"
                + "worker_processes 1;\n"
                + "daemon off;\n"
                + "error_log " + dir.resolve("logs/error.log") + " info;\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 256; }\n"
                + "rtmp {\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    chunk_size 4096;\n"
                + "    application live {\n"
                + "      live on;\n"
                + "      record all;\n"
                + "      record_path " + rec + ";\n"
                + liveDirectives.stream().map(d -> "      " + d + "\n").collect(java.util.stream.Collectors.joining())
                + "    }\n"
                + "  }\n"
                + "}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        process = ProcessRunner.start(List.of(Peers.require("nginx", "apt-get install nginx").toString(), "-p",
                dir.toString(), "-c", confFile.toString(), "-e", dir.resolve("logs/error.log").toString()), null);
        Wait.until("nginx accepting on port " + port, Duration.ofSeconds(15),
                () -> Wait.accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("nginx did not start:\n" + Files.readString(dir.resolve("logs/error.log")));
        }
    }

    /** Stops nginx (fast shutdown: connections are closed at once). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            // the worker leaves with the master; wait until the port is free
            Wait.until("nginx port " + port + " closed", Duration.ofSeconds(10), () -> !Wait.accepts(port));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
