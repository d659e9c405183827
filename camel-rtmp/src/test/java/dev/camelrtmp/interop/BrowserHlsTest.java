package dev.camelrtmp.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Fmp4Clip;
import dev.camelrtmp.test.HlsTestServer;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser plays the LL-HLS playlist: headless Chromium (Debian's {@code chromium}) loads a page from another
 * origin that plays it with hls.js (npm, fetched into target/ with {@code npm pack}) in low-latency mode, while the
 * test feeds the stream in real time with the fragments of an FFmpeg-made fMP4 clip. The page reports the video
 * element's {@code currentTime}, which must advance, and how many parts hls.js loaded (LL-HLS in use). Skips when
 * chromium or npm is missing, fails under CI=true.
 */
class BrowserHlsTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserHlsTest.class);
    /** The hls.js release the page uses: pinned, so that a new release cannot change the test. */
    private static final String HLS_JS_VERSION = "1.7.4";

    private final Map<String, String> reports = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private HlsTestServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chromiumPlaysThePlaylistWithHlsJsInLowLatencyModeAndItsCurrentTimeAdvances() throws Exception {
        Path chromium = Peers.require("chromium", "apt-get install chromium");
        Path npm = Peers.require("npm", "apt-get install npm");
        Path library = hlsJs(npm);
        Fmp4Clip clip = Fmp4Clip.of(Clips.h264Aac(20), dir);
        server = new HlsTestServer(7);
        HlsStream stream = server.create("web");
        stream.init(clip.init(), "avc1.64000d,mp4a.40.2", 320, 240);
        HlsFfmpegPlayTest.Feeder feeder = new HlsFfmpegPlayTest.Feeder(stream, clip.fragments());
        timer.scheduleAtFixedRate(feeder, 0, 200, TimeUnit.MILLISECONDS);
        Wait.until("two segments", Duration.ofSeconds(30), () -> feeder.fed() >= 11);

        int pagePort = AvailablePortFinder.getNextAvailable();
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 16);
        pages.createContext("/", exchange -> serve(exchange, library));
        pages.start();
        Process browser = null;
        try {
            Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
            browser = ProcessRunner.start(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
                    "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile,
                    "--remote-debugging-port=0",
                    "http://127.0.0.1:" + pagePort + "/index.html?src=" + server.playlistUrl("web")), null);
            Wait.until("the page plays two seconds of the stream (reports: " + reports + ")", Duration.ofSeconds(60),
                    () -> reports.containsKey("fatal") || currentTime() >= 2.0);
            assertThat(reports).doesNotContainKey("fatal");
            double first = currentTime();
            Wait.until("currentTime advances past " + first + " (reports: " + reports + ")", Duration.ofSeconds(30),
                    () -> currentTime() >= first + 1.0);
            assertThat(Integer.parseInt(reports.getOrDefault("parts", "0"))).as("parts hls.js loaded")
                    .isPositive();
            LOG.info("hls.js played {} s, loaded {} parts, latency {} s", reports.get("currentTime"),
                    reports.get("parts"), reports.get("latency"));
            assertThat(reports).doesNotContainKey("fatal");
        } finally {
            if (browser != null) {
                browser.descendants().forEach(ProcessHandle::destroy);
                browser.destroy();
            }
            pages.stop(0);
        }
    }

    private double currentTime() {
        String t = reports.get("currentTime");
        return t == null ? -1 : Double.parseDouble(t);
    }

    /** Serves the page and hls.js, and takes the page's reports ({@code /report?name=value}). */
    private void serve(HttpExchange exchange, Path library) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        String type;
        if (path.equals("/report")) {
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    reports.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            body = new byte[0];
            type = "text/plain";
        } else if (path.equals("/hls.js")) {
            body = Files.readAllBytes(library);
            type = "text/javascript";
        } else {
            body = PAGE.getBytes(StandardCharsets.UTF_8);
            type = "text/html; charset=utf-8";
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** hls.js from the npm registry, fetched once into target/npm. */
    private static Path hlsJs(Path npm) throws Exception {
        Path dir = Files.createDirectories(Paths.get("target", "npm").toAbsolutePath());
        Path library = dir.resolve("hls.js-" + HLS_JS_VERSION + ".js");
        if (!Files.exists(library)) {
            ProcessRunner.run(List.of(npm.toString(), "pack", "--silent", "hls.js@" + HLS_JS_VERSION,
                    "--pack-destination", dir.toString()), null, 180).requireSuccess("npm pack hls.js");
            Path tarball = dir.resolve("hls.js-" + HLS_JS_VERSION + ".tgz");
            Path unpacked = Files.createDirectories(dir.resolve("hls.js-" + HLS_JS_VERSION));
            ProcessRunner.run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString(),
                    "package/dist/hls.js"), null, 60).requireSuccess("tar");
            Files.move(unpacked.resolve("package/dist/hls.js"), library);
        }
        return library;
    }

    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>LL-HLS</title></head>
            <body>
            <video id="video" muted autoplay playsinline></video>
            <script src="/hls.js"></script>
            <script>
            function report(name, value) {
              fetch('/report?' + encodeURIComponent(name) + '=' + encodeURIComponent(value));
            }
            const src = new URLSearchParams(location.search).get('src');
            const video = document.getElementById('video');
            report('mse', String(Hls.isSupported()));
            const hls = new Hls({ lowLatencyMode: true });
            let parts = 0;
            hls.on(Hls.Events.FRAG_LOADED, (event, data) => { if (data.part) { parts++; } });
            hls.on(Hls.Events.ERROR, (event, data) => {
              if (data.fatal) { report('fatal', data.type + ' ' + data.details); }
            });
            hls.loadSource(src);
            hls.attachMedia(video);
            video.play().catch(e => report('playError', String(e)));
            setInterval(() => {
              report('currentTime', video.currentTime);
              report('parts', parts);
              report('latency', hls.latency);
            }, 250);
            </script>
            </body></html>
            """;
}
