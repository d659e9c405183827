package dev.camelrtmp.interop;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import dev.camelrtmp.server.RtmpServerOptions;
import dev.camelrtmp.test.BrowserPage;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser watches a live publish over LL-HLS with the listener's own player page: FFmpeg publishes the test
 * pattern over RTMP; headless Chromium (Debian's {@code chromium}) loads the page served at {@code /} of the HTTP
 * listener (with hls.js from npm, fetched into target/ with {@code npm pack}, as {@code hlsPlayerScript}), which
 * plays {@code ?stream=live/web} in low-latency mode. A reporting script, added to the page by the test's own server
 * (so the page runs from another origin, as when embedded), sends back the video element's {@code currentTime}, the
 * parts hls.js loaded and a frame drawn from the video: it must advance, parts must be used, and the frame must be
 * the 320x240 test pattern (saved as target/browser-hls.png). Skips when chromium or npm is missing, fails under
 * CI=true.
 */
class BrowserHlsTest extends PublishTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserHlsTest.class);
    /** The hls.js release of the page's default {@code hlsPlayerScript}: the one tested. */
    private static final String HLS_JS_VERSION = "1.7.4";

    private final int httpPort = AvailablePortFinder.getNextAvailable();
    private final int pagePort = AvailablePortFinder.getNextAvailable();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort + "&hlsPlayerScript=http://127.0.0.1:" + pagePort + "/hls.js";
    }

    @Test
    void chromiumWatchesTheStreamOnThePlayerPageWithHlsJsInLowLatencyMode() throws Exception {
        Path chromium = Peers.require("chromium", "apt-get install chromium");
        Path npm = Peers.require("npm", "apt-get install npm");
        Path library = BrowserPage.npmFile(npm, "hls.js", HLS_JS_VERSION, "dist/hls.js");
        Path minified = BrowserPage.npmFile(npm, "hls.js", HLS_JS_VERSION, "dist/hls.min.js");
        assertThat("sha384-" + Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-384")
                .digest(Files.readAllBytes(minified))))
                .as("the integrity the page gives the default CDN copy: the npm package's dist/hls.min.js")
                .isEqualTo(RtmpServerOptions.DEFAULT_HLS_PLAYER_SCRIPT_INTEGRITY);
        assertThat(RtmpServerOptions.DEFAULT_HLS_PLAYER_SCRIPT).contains("hls.js@" + HLS_JS_VERSION + "/");
        Path clip = Clips.h264Aac(30);
        byte[] frame;
        Process publisher = null;
        Process browser = null;
        try (BrowserPage page = BrowserPage.start(pagePort)) {
            String html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + httpPort + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(html).as("the player page at /").contains("<video", "index.m3u8");
            // the listener's page, from the test's origin (as when embedded), with the reporting script added
            page.serve("/", "text/html; charset=utf-8", html.replace("</body>", REPORTER + "</body>"))
                    .serve("/hls.js", "text/javascript", library);
            assertThat(html).contains(page.url("/hls.js"));
            publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("web")), null);
            Wait.until("the stream is published", Duration.ofSeconds(30), () -> received.size() > 30);
            browser = page.open(chromium, work.resolve("chromium-profile"), "/?stream=live/web&server=http://"
                    + "127.0.0.1:" + httpPort);
            Map<String, String> reports = page.reports();
            Wait.until("the page plays two seconds of the stream (reports: " + reports + ")", Duration.ofSeconds(60),
                    () -> reports.containsKey("fatal") || page.number("currentTime") >= 2.0);
            assertThat(reports).doesNotContainKey("fatal");
            double first = page.number("currentTime");
            Wait.until("currentTime advances past " + first + " (reports: " + reports + ")", Duration.ofSeconds(30),
                    () -> page.number("currentTime") >= first + 1.0);
            Wait.until("a frame of the video (reports: " + reports + ")", Duration.ofSeconds(30),
                    () -> page.posted("frame") != null);
            assertThat(Integer.parseInt(reports.getOrDefault("parts", "0"))).as("parts hls.js loaded").isPositive();
            LOG.info("hls.js played {} s, loaded {} parts, latency {} s", reports.get("currentTime"),
                    reports.get("parts"), reports.get("latency"));
            assertThat(reports).doesNotContainKey("fatal");
            String dataUrl = new String(page.posted("frame"), StandardCharsets.US_ASCII);
            frame = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        } finally {
            BrowserPage.close(browser);
            if (publisher != null) {
                publisher.destroy();
            }
        }
        Path png = Paths.get("target", "browser-hls.png");
        Files.write(png, frame);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
        assertThat(colours(image)).as("distinct colours of the frame (%s): the test pattern, not a blank", png)
                .isGreaterThan(100);
    }

    /** Distinct colours, each channel quantized to 32 levels. */
    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y) & 0xF8F8F8);
            }
        }
        return seen.size();
    }

    /** What the test adds to the listener's page: reports of the page's hls.js and video element. */
    private static final String REPORTER = """
            <script>
            (function () {
              function report(name, value) {
                fetch('/report?' + encodeURIComponent(name) + '=' + encodeURIComponent(value));
              }
              const video = document.getElementById('video');
              const hls = window.camelRtmpHls;
              let parts = 0;
              let sent = false;
              if (!hls) { report('fatal', 'the page made no hls.js player'); return; }
              hls.on(Hls.Events.FRAG_LOADED, (event, data) => { if (data.part) { parts++; } });
              hls.on(Hls.Events.ERROR, (event, data) => {
                if (data.fatal) { report('fatal', data.type + ' ' + data.details); }
              });
              setInterval(() => {
                report('currentTime', video.currentTime);
                report('parts', parts);
                report('latency', hls.latency);
                if (!sent && video.currentTime > 2 && video.videoWidth > 0) {
                  sent = true;
                  const canvas = document.createElement('canvas');
                  canvas.width = video.videoWidth;
                  canvas.height = video.videoHeight;
                  canvas.getContext('2d').drawImage(video, 0, 0);
                  fetch('/post/frame', { method: 'POST', body: canvas.toDataURL('image/png') });
                }
              }, 250);
            })();
            </script>
            """;
}
