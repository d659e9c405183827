package dev.camelrtmp.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.test.BrowserPage;
import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
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


    @Test
    void chromiumPlaysFragmentedMp4ThroughMediaSource() throws Exception {
        Path chromium = Peers.require("chromium", "apt-get install chromium");
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path h264 = Clips.h264Aac(6);
        Path vp9 = toFlv(ff, Clips.vp9Opus(), "vp9-opus.flv");
        Path av1 = toFlv(ff, Clips.av1Aac(), "av1-aac.flv");
        try (BrowserPage page = BrowserPage.start()) {
            for (Path flv : List.of(h264, vp9, av1)) {
                Path mp4 = work.resolve(flv.getFileName() + ".mp4");
                String codecs = Fmp4MuxTest.fragment(flv, mp4).fragmenter().codecs();
                page.serve("/index.html", "text/html; charset=utf-8", PAGE.replace("CODECS", codecs))
                        .serve("/stream.mp4", "video/mp4", mp4);
                page.clear();
                double seconds = Math.floor(Double.parseDouble(ProcessRunner.run(List.of(Peers.ffprobe().toString(),
                        "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", flv.toString()), null, 60)
                        .requireSuccess("ffprobe").stdout().trim()));
                play(page, chromium, flv.getFileName() + " (" + codecs + ")", seconds);
            }
        }
    }

    private void play(BrowserPage page, Path chromium, String what, double seconds) throws Exception {
        Process browser = page.open(chromium, work.resolve("chromium-profile"), "/index.html");
        Map<String, String> reports = page.reports();
        try {
            Wait.until(what + ": the page plays two seconds (reports: " + reports + ")", Duration.ofSeconds(60),
                    () -> reports.containsKey("error") || page.number("currentTime") >= 2.0);
            assertThat(reports).as(what).doesNotContainKey("error").containsEntry("supported", "true");
            assertThat(Double.parseDouble(reports.get("buffered"))).as(what + ": buffered end")
                    .isGreaterThanOrEqualTo(seconds - 1);
            double first = page.number("currentTime");
            Wait.until(what + ": currentTime advances past " + first + " (reports: " + reports + ")",
                    Duration.ofSeconds(30), () -> reports.containsKey("error")
                            || page.number("currentTime") >= first + 1.0);
            assertThat(reports).as(what).doesNotContainKey("error");
            LOG.info("Chromium played {}: buffered {} to {} s in {} range(s), currentTime {}", what,
                    reports.get("start"), reports.get("buffered"), reports.get("ranges"), reports.get("currentTime"));
        } finally {
            BrowserPage.close(browser);
        }
    }

    private Path toFlv(BundledFfmpeg ff, Path clip, String name) throws IOException, InterruptedException {
        Path flv = work.resolve(name);
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", flv.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux to FLV");
        return flv;
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
