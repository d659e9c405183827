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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser plays HTTP-FLV: headless Chromium (Debian's {@code chromium}) loads a page from another origin
 * (a server of the test) that plays {@code http://127.0.0.1:P/live/web.flv} with mpegts.js (npm, fetched into
 * target/ at test time with {@code npm pack}) in a {@code <video>} element while FFmpeg publishes; the page reports
 * the element's {@code currentTime} back, and it must advance by seconds. Skips when chromium or npm is missing,
 * fails under CI=true.
 */
class BrowserHttpFlvTest extends PublishTestSupport {

    /** The mpegts.js release the page uses: pinned, so that a new release cannot change the test. */
    private static final String MPEGTS_VERSION = "1.8.2";

    private final int httpPort = AvailablePortFinder.getNextAvailable();
    private final Map<String, String> reports = new ConcurrentHashMap<>();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort;
    }

    @Test
    void chromiumPlaysTheStreamWithMpegtsJsAndItsCurrentTimeAdvances() throws Exception {
        Path chromium = Peers.require("chromium", "apt-get install chromium");
        Path npm = Peers.require("npm", "apt-get install npm");
        Path library = mpegtsJs(npm);
        Path clip = Clips.h264Aac(20);
        int pagePort = AvailablePortFinder.getNextAvailable();
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 16);
        pages.createContext("/", exchange -> serve(exchange, library));
        pages.start();
        Process publisher = null;
        Process browser = null;
        try (LogCapture log = LogCapture.start()) {
            publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("web")), null);
            Wait.until("the stream is published", Duration.ofSeconds(30), () -> received.size() > 30);
            Path profile = Files.createDirectories(work.resolve("chromium-profile"));
            browser = ProcessRunner.start(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
                    "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile,
                    "--remote-debugging-port=0",
                    "http://127.0.0.1:" + pagePort + "/index.html?src=" + "http://127.0.0.1:" + httpPort
                            + "/live/web.flv"), null);
            Wait.until("the page plays two seconds of the stream (reports: " + reports + ")", Duration.ofSeconds(60),
                    () -> reports.containsKey("error") || currentTime() >= 2.0);
            assertThat(reports).doesNotContainKey("error").containsEntry("mse", "true");
            double first = currentTime();
            Wait.until("currentTime advances past " + first + " (reports: " + reports + ")", Duration.ofSeconds(30),
                    () -> currentTime() >= first + 1.0);
            assertThat(log.lines("INFO", "HTTP-FLV play started: live/web")).isNotEmpty();
        } finally {
            if (browser != null) {
                browser.descendants().forEach(ProcessHandle::destroy);
                browser.destroy();
            }
            if (publisher != null) {
                publisher.destroy();
            }
            pages.stop(0);
        }
    }

    private double currentTime() {
        String t = reports.get("currentTime");
        return t == null ? -1 : Double.parseDouble(t);
    }

    /** Serves the page and mpegts.js, and takes the page's reports ({@code /report?name=value}). */
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
        } else if (path.equals("/mpegts.js")) {
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

    /** mpegts.js from the npm registry, fetched once into target/npm. */
    private static Path mpegtsJs(Path npm) throws Exception {
        Path dir = Files.createDirectories(Paths.get("target", "npm").toAbsolutePath());
        Path library = dir.resolve("mpegts.js-" + MPEGTS_VERSION + ".js");
        if (!Files.exists(library)) {
            ProcessRunner.run(List.of(npm.toString(), "pack", "--silent", "mpegts.js@" + MPEGTS_VERSION,
                    "--pack-destination", dir.toString()), null, 180).requireSuccess("npm pack mpegts.js");
            Path tarball = dir.resolve("mpegts.js-" + MPEGTS_VERSION + ".tgz");
            ProcessRunner.run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString(),
                    "package/dist/mpegts.js"), null, 60).requireSuccess("tar");
            Files.move(dir.resolve("package/dist/mpegts.js"), library);
        }
        return library;
    }

    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>HTTP-FLV</title></head>
            <body>
            <video id="video" muted autoplay playsinline></video>
            <script src="/mpegts.js"></script>
            <script>
            function report(name, value) {
              fetch('/report?' + encodeURIComponent(name) + '=' + encodeURIComponent(value));
            }
            const src = new URLSearchParams(location.search).get('src');
            const video = document.getElementById('video');
            report('mse', String(mpegts.getFeatureList().mseLivePlayback));
            const player = mpegts.createPlayer({ type: 'flv', isLive: true, url: src });
            player.on(mpegts.Events.ERROR, (type, detail, info) =>
              report('error', type + ' ' + detail + ' ' + JSON.stringify(info)));
            player.attachMediaElement(video);
            player.load();
            video.play().catch(e => report('playError', String(e)));
            setInterval(() => report('currentTime', video.currentTime), 250);
            </script>
            </body></html>
            """;
}
