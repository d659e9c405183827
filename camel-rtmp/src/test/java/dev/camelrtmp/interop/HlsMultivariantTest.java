package dev.camelrtmp.interop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LlHlsProbe;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multitrack publish as multivariant LL-HLS, end to end: FFmpeg 8.0.1 publishes two video tracks (HEVC as track
 * 0, AV1 as track 1) and two audio tracks (Opus, AAC) with Enhanced RTMP; the path's {@code index.m3u8} lists one
 * variant per video track with its codecs (video and the lowest audio track), picture size and measured bit rate,
 * each variant's media playlist passes the LL-HLS probe, and the same FFmpeg reading each variant gets an exact tail
 * of that video track and of the Opus track, packet payload for packet payload.
 */
class HlsMultivariantTest extends PublishTestSupport {

    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:(.*)\n([^\n]+)\n");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z-]+)=(\"[^\"]*\"|[^,]*)");

    private final int httpPort = AvailablePortFinder.getNextAvailable();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort;
    }

    private String url(String file) {
        return "http://127.0.0.1:" + httpPort + "/live/mt/" + file;
    }

    @Test
    void everyVideoTrackIsAVariantThatFfmpeg80Reads() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path clip = Clips.multitrack();
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", reference.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux");
        List<String> codecs = MediaTools.streamCodecs(ff.ffprobe(), reference, ff.env());
        assertThat(codecs).containsExactly("hevc", "av1", "opus", "aac");
        List<String> sizes = videoSizes(ff, reference);
        int published = MediaTools.packetCountsByStream(ff.ffprobe(), reference, ff.env()).values().stream()
                .mapToInt(Long::intValue).sum();

        Process publisher = ProcessRunner.start(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-re", "-i", clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", rtmpUrl("mt")),
                ff.env());
        Wait.until("a third of the clip received", Duration.ofSeconds(30), () -> received.size() > published / 3);
        HttpResponse<String> multivariant;
        try (LogCapture log = LogCapture.start()) {
            multivariant = get(url("index.m3u8"));
            assertThat(log.lines("INFO", "HLS packaging started: live/mt as 2 variants (video tracks [0, 1])"))
                    .hasSize(1);
        }
        assertThat(multivariant.statusCode()).isEqualTo(200);
        assertThat(multivariant.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        Map<String, Map<String, String>> variants = variants(multivariant.body());
        assertThat(variants.keySet()).as(multivariant.body()).containsExactly("v0/index.m3u8", "v1/index.m3u8");
        assertThat(variants.get("v0/index.m3u8").get("CODECS")).startsWith("\"hvc1.").endsWith(",opus\"");
        assertThat(variants.get("v1/index.m3u8").get("CODECS")).startsWith("\"av01.").endsWith(",opus\"");
        assertThat(variants.get("v0/index.m3u8").get("RESOLUTION")).isEqualTo(sizes.get(0));
        assertThat(variants.get("v1/index.m3u8").get("RESOLUTION")).isEqualTo(sizes.get(1));
        for (Map<String, String> variant : variants.values()) {
            long peak = Long.parseLong(variant.get("BANDWIDTH"));
            assertThat(Long.parseLong(variant.get("AVERAGE-BANDWIDTH"))).isPositive().isLessThanOrEqualTo(peak);
        }

        List<Process> readers = new ArrayList<>();
        for (String variant : variants.keySet()) {
            readers.add(ProcessRunner.start(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", url(variant), "-map", "0", "-c", "copy", "-f", "flv", "-y",
                    work.resolve(variant.substring(0, 2) + ".flv").toString()), ff.env()));
        }
        for (String variant : variants.keySet()) {
            HttpResponse<String> media = get(url(variant));
            assertThat(media.statusCode()).isEqualTo(200);
            LlHlsProbe.check(media.body());
            assertThat(media.body()).contains("#EXT-X-PART:", "#EXT-X-PRELOAD-HINT:");
        }
        assertThat(get(url("seg-0.m4s")).statusCode()).as("the path itself has no segments").isEqualTo(404);
        // each stream once (ffprobe lists it under its program too)
        String probed = ProcessRunner.run(List.of(ff.ffprobe().toString(), "-v", "error", "-show_entries",
                "stream=index,codec_name", "-of", "csv=p=0", url("index.m3u8")), ff.env(), 60)
                .requireSuccess(ff + " probe of the multivariant playlist").stdout();
        assertThat(probed.lines().map(String::trim).filter(line -> !line.isEmpty()).distinct()
                .map(line -> line.substring(line.indexOf(',') + 1)).sorted().toList())
                .as("FFmpeg's hls demuxer opens both variants").containsExactly("av1", "hevc", "opus", "opus");

        ProcessRunner.await(publisher, 60, List.of(ff + " publish")).requireSuccess(ff + " publish");
        awaitEnd();
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), reference, ff.env()));
        for (int v = 0; v < readers.size(); v++) {
            ProcessRunner.await(readers.get(v), 60, List.of(ff + " hls read v" + v)).requireSuccess(ff + " read v" + v);
            Path out = work.resolve("v" + v + ".flv");
            List<List<String>> played = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), out, ff.env()));
            // variant v: video track v (stream v of the reference) and the lowest audio track, Opus (stream 2)
            Played.assertTails(played, List.of(source.get(v), source.get(2)), false);
            assertThat(MediaTools.streamCodecs(ff.ffprobe(), out, ff.env())).containsExactlyInAnyOrder(
                    codecs.get(v), "opus");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The variants of a multivariant playlist: URI to EXT-X-STREAM-INF attributes, in order. */
    private static Map<String, Map<String, String>> variants(String playlist) {
        assertThat(playlist).startsWith("#EXTM3U\n").contains("#EXT-X-INDEPENDENT-SEGMENTS\n");
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        Matcher m = STREAM_INF.matcher(playlist);
        while (m.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) {
                attributes.put(a.group(1), a.group(2));
            }
            variants.put(m.group(2), attributes);
        }
        return variants;
    }

    /** WIDTHxHEIGHT of each video stream, in stream order. */
    private static List<String> videoSizes(BundledFfmpeg ff, Path file) throws Exception {
        String out = ProcessRunner.run(List.of(ff.ffprobe().toString(), "-v", "error", "-select_streams", "v",
                "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", file.toString()), ff.env(), 60)
                .requireSuccess("ffprobe sizes").stdout();
        return out.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }
}
