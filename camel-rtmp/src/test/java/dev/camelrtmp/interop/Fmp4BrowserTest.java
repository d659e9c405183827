package dev.camelrtmp.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's Media Source Extensions take what {@code Fmp4Fragmenter} writes: headless Chromium (Debian's
 * {@code chromium}) appends init segment and fragments of H.264 + AAC, VP9 + Opus and AV1 + AAC streams to a
 * SourceBuffer of the type its codec string names, and plays them: no MSE error, the buffered range covers the
 * clip, and {@code currentTime} advances by seconds. Skips when chromium is missing, fails under CI=true.
 */
class Fmp4BrowserTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fmp4BrowserTest.class);

    @TempDir
    Path work;

    private final Map<String, String> reports = new ConcurrentHashMap<>();
    private volatile Path served;
    private volatile String codecs;

    @Test
    void chromiumPlaysFragmentedMp4ThroughMediaSource() throws Exception {
        Path chromium = Peers.require("chromium", "apt-get install chromium");
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path h264 = Clips.h264Aac(6);
        Path vp9 = toFlv(ff, Clips.vp9Opus(), "vp9-opus.flv");
        Path av1 = toFlv(ff, Clips.av1Aac(), "av1-aac.flv");
        int pagePort = AvailablePortFinder.getNextAvailable();
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 16);
        pages.createContext("/", this::serve);
        pages.start();
        try {
            for (Path flv : List.of(h264, vp9, av1)) {
                Path mp4 = work.resolve(flv.getFileName() + ".mp4");
                codecs = Fmp4MuxTest.fragment(flv, mp4).fragmenter().codecs();
                served = mp4;
                reports.clear();
                double seconds = Math.floor(Double.parseDouble(ProcessRunner.run(List.of(Peers.ffprobe().toString(),
                        "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", flv.toString()), null, 60)
                        .requireSuccess("ffprobe").stdout().trim()));
                play(chromium, pagePort, flv.getFileName() + " (" + codecs + ")", seconds);
            }
        } finally {
            pages.stop(0);
        }
    }

    private void play(Path chromium, int pagePort, String what, double seconds) throws Exception {
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        Process browser = ProcessRunner.start(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "http://127.0.0.1:" + pagePort + "/index.html"), null);
        try {
            Wait.until(what + ": the page plays two seconds (reports: " + reports + ")", Duration.ofSeconds(60),
                    () -> reports.containsKey("error") || currentTime() >= 2.0);
            assertThat(reports).as(what).doesNotContainKey("error").containsEntry("supported", "true");
            assertThat(Double.parseDouble(reports.get("buffered"))).as(what + ": buffered end")
                    .isGreaterThanOrEqualTo(seconds - 1);
            double first = currentTime();
            Wait.until(what + ": currentTime advances past " + first + " (reports: " + reports + ")",
                    Duration.ofSeconds(30), () -> reports.containsKey("error") || currentTime() >= first + 1.0);
            assertThat(reports).as(what).doesNotContainKey("error");
            LOG.info("Chromium played {}: buffered {} to {} s in {} range(s), currentTime {}", what,
                    reports.get("start"), reports.get("buffered"), reports.get("ranges"), reports.get("currentTime"));
        } finally {
            browser.descendants().forEach(ProcessHandle::destroy);
            browser.destroy();
            browser.waitFor();
        }
    }

    private double currentTime() {
        String t = reports.get("currentTime");
        return t == null ? -1 : Double.parseDouble(t);
    }

    private Path toFlv(BundledFfmpeg ff, Path clip, String name) throws IOException, InterruptedException {
        Path flv = work.resolve(name);
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", flv.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux to FLV");
        return flv;
    }

    /** Serves the page and the fMP4 file, and takes the page's reports ({@code /report?name=value}). */
    private void serve(HttpExchange exchange) throws IOException {
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
        } else if (path.equals("/stream.mp4")) {
            body = Files.readAllBytes(served);
            type = "video/mp4";
        } else {
            body = PAGE.replace("CODECS", codecs).getBytes(StandardCharsets.UTF_8);
            type = "text/html; charset=utf-8";
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>fMP4</title></head>
            <body>
            <video id="video" muted autoplay playsinline></video>
            <script>
            function report(name, value) {
              fetch('/report?' + encodeURIComponent(name) + '=' + encodeURIComponent(value));
            }
            const type = 'video/mp4; codecs="CODECS"';
            const supported = MediaSource.isTypeSupported(type);
            report('supported', String(supported));
            const video = document.getElementById('video');
            video.addEventListener('error', () => report('error', 'video ' + (video.error && video.error.message)));
            const source = new MediaSource();
            video.src = URL.createObjectURL(source);
            source.addEventListener('sourceopen', async () => {
              try {
                const buffer = source.addSourceBuffer(type);
                buffer.addEventListener('error', () => report('error', 'SourceBuffer error'));
                const bytes = await (await fetch('/stream.mp4')).arrayBuffer();
                buffer.addEventListener('updateend', () => {
                  const ranges = buffer.buffered;
                  report('buffered', ranges.length ? String(ranges.end(ranges.length - 1)) : '0');
                  report('ranges', String(ranges.length));
                  report('start', ranges.length ? String(ranges.start(0)) : '-1');
                  source.endOfStream();
                  if (ranges.length) {
                    video.currentTime = ranges.start(0); // B-frames: the first picture is shown a little after 0
                  }
                  video.play().catch(e => report('playError', String(e)));
                }, { once: true });
                buffer.appendBuffer(bytes);
              } catch (e) {
                report('error', String(e));
              }
            });
            setInterval(() => report('currentTime', video.currentTime), 250);
            </script>
            </body></html>
            """;
}
