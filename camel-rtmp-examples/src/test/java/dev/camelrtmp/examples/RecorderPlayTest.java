package dev.camelrtmp.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder as shipped, in a JVM of its own, serves play at the URL a stream is published to (README: "watch it
 * with ffplay rtmp://127.0.0.1:1935/live/cam1"): FFmpeg joining while FFmpeg publishes starts on a key frame and
 * gets an exact tail of every stream, and so does FFmpeg reading {@code http://127.0.0.1:HTTP_PORT/live/cam1.flv}
 * (HTTP-FLV) and FFmpeg's hls demuxer reading {@code http://127.0.0.1:HTTP_PORT/live/cam1/index.m3u8} (LL-HLS; it ends
 * by itself at the playlist's {@code EXT-X-ENDLIST} when the publish ends), while the recording keeps every packet;
 * {@code http://127.0.0.1:HTTP_PORT/} is the player page (README: "Watch in a browser, VLC or ffplay").
 */
class RecorderPlayTest {

    @TempDir
    Path work;

    @Test
    void aStreamBeingRecordedCanBeWatchedAtItsUrl() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        int httpPort = AvailablePortFinder.getNextAvailable();
        Path recordings = work.resolve("recordings");
        Path clip = Clips.h264Aac(6);
        String url = "rtmp://127.0.0.1:" + port + "/live/cam1";
        RecorderJvm recorder = RecorderJvm.start(RecorderMain.class.getName(), Map.of("RTMP_PORT",
                String.valueOf(port), "HTTP_PORT", String.valueOf(httpPort), "RECORDINGS_DIR", recordings.toString()),
                false);
        Process publisher = null;
        try {
            Wait.until("the recorder listens", Duration.ofSeconds(30), () -> Wait.accepts(port));
            publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                    "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", url), null);
            Path file = recordings.resolve("live").resolve("cam1.flv");
            long quarter = Files.size(clip) / 4;
            Wait.until("a few seconds of the stream are recorded", Duration.ofSeconds(30),
                    () -> Files.exists(file) && file.toFile().length() > quarter);
            Path httpPlayed = work.resolve("http-played.flv");
            Process httpReader = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner",
                    "-loglevel", "warning", "-i", "http://127.0.0.1:" + httpPort + "/live/cam1.flv", "-c", "copy",
                    "-f", "flv", "-y", httpPlayed.toString()), null);
            Path hlsPlayed = work.resolve("hls-played.flv");
            String playlist = "http://127.0.0.1:" + httpPort + "/live/cam1/index.m3u8";
            Process hlsReader = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner",
                    "-loglevel", "warning", "-i", playlist, "-map", "0", "-c", "copy", "-f", "flv", "-y",
                    hlsPlayed.toString()), null);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/?stream=live/cam1")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the player page").isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).as("the player page").contains("hls")
                    .contains("<script src=\"https://cdn.jsdelivr.net/npm/hls.js@");
            Path played = work.resolve("played.flv");
            ProcessResult player = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner",
                    "-loglevel", "warning", "-i", url, "-c", "copy", "-f", "flv", "-y", played.toString()), null, 60)
                    .requireSuccess("ffmpeg play");
            ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
            ProcessRunner.await(httpReader, 60, List.of("ffmpeg read http-flv")).requireSuccess("ffmpeg read");
            ProcessResult hls = ProcessRunner.await(hlsReader, 60, List.of("ffmpeg read ll-hls"))
                    .requireSuccess("ffmpeg read ll-hls");

            List<List<String>> source = byStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
            List<List<String>> watched = byStream(MediaTools.framemd5(Peers.ffmpeg(), played, null));
            assertThat(watched).hasSameSizeAs(source);
            for (int s = 0; s < source.size(); s++) {
                List<String> all = source.get(s);
                List<String> tail = watched.get(s);
                assertThat(tail).as("stream %d joined mid-stream", s).isNotEmpty().hasSizeLessThan(all.size());
                assertThat(all.subList(all.size() - tail.size(), all.size())).as("stream %d is an exact tail", s)
                        .containsExactlyElementsOf(tail);
            }
            List<List<String>> overHttp = byStream(MediaTools.framemd5(Peers.ffmpeg(), httpPlayed, null));
            assertThat(overHttp).hasSameSizeAs(source);
            for (int s = 0; s < source.size(); s++) {
                List<String> all = source.get(s);
                List<String> tail = overHttp.get(s);
                assertThat(tail).as("HTTP-FLV stream %d joined mid-stream", s).isNotEmpty()
                        .hasSizeLessThan(all.size());
                assertThat(all.subList(all.size() - tail.size(), all.size()))
                        .as("HTTP-FLV stream %d is an exact tail", s).containsExactlyElementsOf(tail);
            }
            List<List<String>> overHls = byStream(MediaTools.framemd5(Peers.ffmpeg(), hlsPlayed, null));
            assertThat(overHls).as("streams read over LL-HLS").hasSameSizeAs(source);
            List<Integer> matched = new ArrayList<>();
            for (List<String> tail : overHls) {
                assertThat(tail).as("an LL-HLS stream").isNotEmpty();
                int match = -1;
                for (int s = 0; s < source.size() && match < 0; s++) {
                    List<String> all = source.get(s);
                    if (!matched.contains(s) && all.size() >= tail.size()
                            && all.subList(all.size() - tail.size(), all.size()).equals(tail)) {
                        match = s;
                    }
                }
                assertThat(match).as("LL-HLS stream of %d packets (first %s) is an exact tail of a source stream %s",
                        tail.size(), tail.get(0), source.stream().map(List::size).toList()).isNotNegative();
                matched.add(match);
            }
            assertThat(hls.stderr()).doesNotContainIgnoringCase("non-monotonous")
                    .doesNotContainIgnoringCase("invalid dts");
            ProcessResult flags = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                    "-select_streams", "v:0", "-show_entries", "packet=flags", "-read_intervals", "%+#1", "-of",
                    "csv=p=0", played.toString()), null, 60).requireSuccess("ffprobe");
            assertThat(flags.stdout().strip()).as("the first video packet watched").startsWith("K");
            assertThat(player.stderr()).doesNotContainIgnoringCase("non-monotonous")
                    .doesNotContainIgnoringCase("invalid dts");
            MediaTools.awaitFramemd5(Peers.ffmpeg(), file, null, MediaTools.framemd5(Peers.ffmpeg(), clip, null),
                    Duration.ofSeconds(30));
        } finally {
            if (publisher != null) {
                publisher.destroyForcibly();
            }
            recorder.stop(30);
        }
    }

    /** Size and hash of each packet, per stream index. */
    private static List<List<String>> byStream(List<String> framemd5) {
        List<List<String>> streams = new ArrayList<>();
        for (String line : framemd5) {
            String[] f = line.split(",");
            int stream = Integer.parseInt(f[0]);
            while (streams.size() <= stream) {
                streams.add(new ArrayList<>());
            }
            streams.get(stream).add(f[4] + " " + f[5]);
        }
        return streams;
    }
}
