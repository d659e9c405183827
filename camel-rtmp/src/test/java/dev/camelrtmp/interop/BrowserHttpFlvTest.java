package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.test.BrowserPage;
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

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort;
    }

    @Test
    void chromiumPlaysTheStreamWithMpegtsJsAndItsCurrentTimeAdvances() throws Exception {
        Path chromium = Peers.require("chromium", "apt-get install chromium");
        Path npm = Peers.require("npm", "apt-get install npm");
        Path library = BrowserPage.npmFile(npm, "mpegts.js", MPEGTS_VERSION, "dist/mpegts.js");
        Path clip = Clips.h264Aac(20);
        Process publisher = null;
        Process browser = null;
        try (BrowserPage page = BrowserPage.start(); LogCapture log = LogCapture.start()) {
            page.serve("/index.html", "text/html; charset=utf-8", PAGE).serve("/mpegts.js", "text/javascript",
                    library);
            publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("web")), null);
            Wait.until("the stream is published", Duration.ofSeconds(30), () -> received.size() > 30);
            browser = page.open(chromium, work.resolve("chromium-profile"), "/index.html?src="
                    + "http://127.0.0.1:" + httpPort + "/live/web.flv");
            Map<String, String> reports = page.reports();
            Wait.until("the page plays two seconds of the stream (reports: " + reports + ")", Duration.ofSeconds(60),
                    () -> reports.containsKey("error") || page.number("currentTime") >= 2.0);
            assertThat(reports).doesNotContainKey("error").containsEntry("mse", "true");
            double first = page.number("currentTime");
            Wait.until("currentTime advances past " + first + " (reports: " + reports + ")", Duration.ofSeconds(30),
                    () -> page.number("currentTime") >= first + 1.0);
            assertThat(log.lines("INFO", "HTTP-FLV play started: live/web")).isNotEmpty();
        } finally {
            BrowserPage.close(browser);
            if (publisher != null) {
                publisher.destroy();
            }
        }
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
