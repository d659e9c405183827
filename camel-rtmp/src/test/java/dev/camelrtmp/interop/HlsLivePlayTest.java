package dev.camelrtmp.interop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LlHlsProbe;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LL-HLS out of a live publish, end to end: FFmpeg publishes over RTMP, the listener packages the path as fMP4
 * segments and parts from the first playlist request on, and FFmpeg's hls demuxer (a plain HLS player: it ignores
 * parts) joining mid-stream gets an exact tail of every stream, packet payload for packet payload: H.264/AAC with
 * Debian's FFmpeg, HEVC and AV1 (Enhanced RTMP) with FFmpeg 7.1; when the publish ends the playlist ends
 * ({@code EXT-X-ENDLIST}) and so does the reader. The live playlist passes the LL-HLS probe.
 */
class HlsLivePlayTest extends PublishTestSupport {

    private final int httpPort = AvailablePortFinder.getNextAvailable();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected String consumerOptions() {
        return "&httpPort=" + httpPort;
    }

    private String playlist(String key) {
        return "http://127.0.0.1:" + httpPort + "/live/" + key + "/index.m3u8";
    }

    @Test
    void ffmpegJoiningMidStreamGetsTheExactTailOfAnH264AacPublish() throws Exception {
        Path clip = Clips.h264Aac(10);
        int published = MediaTools.publishedMessages(clip);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(playlist("cam"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("nobody publishes yet").isEqualTo(404);
        Process publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("cam")), null);
        Wait.until("a third of the clip received", Duration.ofSeconds(30), () -> received.size() > published / 3);
        Path out = work.resolve("hls.flv");
        Process reader;
        try (LogCapture log = LogCapture.start()) {
            reader = ProcessRunner.start(readCommand(Peers.ffmpeg(), playlist("cam"), out), null);
            Wait.until("the path is packaged", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "HLS packaging started: live/cam").isEmpty());
        }
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(playlist("cam"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        LlHlsProbe.Playlist probed = LlHlsProbe.check(live.body());
        assertThat(live.body()).contains("#EXT-X-PART:", "#EXT-X-PRELOAD-HINT:", "#EXT-X-PROGRAM-DATE-TIME:");
        assertThat(probed.last().msn()).isNotNegative();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(playlist("cam").replace("index.m3u8",
                "v0/index.m3u8"))).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("one video track: no variants").isEqualTo(404);

        ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
        awaitEnd();
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        ProcessRunner.await(reader, 60, List.of("ffmpeg hls read")).requireSuccess("ffmpeg hls read");
        List<List<String>> played = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out, null));
        Played.assertTails(played, source, false);
    }

    @ParameterizedTest
    @ValueSource(strings = { "hevc", "av1" })
    void ffmpeg71PlaysAnEnhancedRtmpPublishThroughHls(String codec) throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path clip = codec.equals("hevc") ? Clips.hevcAac() : Clips.av1Aac();
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", reference.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux");
        Process publisher = ProcessRunner.start(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-re", "-i", clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", rtmpUrl(codec)),
                ff.env());
        Wait.until("the publish started", Duration.ofSeconds(30), () -> received.size() > 10);
        Path out = work.resolve(codec + ".flv");
        Process reader = ProcessRunner.start(readCommand(ff.ffmpeg(), playlist(codec), out), ff.env());
        ProcessRunner.await(publisher, 60, List.of(ff + " publish")).requireSuccess(ff + " publish");
        awaitEnd();
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), reference, ff.env()));
        ProcessRunner.await(reader, 60, List.of(ff + " hls read")).requireSuccess(ff + " hls read");
        List<List<String>> played = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), out, ff.env()));
        Played.assertTails(played, source, false);
        assertThat(MediaTools.streamCodecs(ff.ffprobe(), out, ff.env())).contains(codec, "aac");
    }

    private static List<String> readCommand(Path ffmpeg, String url, Path out) {
        return List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i", url, "-map", "0", "-c",
                "copy", "-f", "flv", "-y", out.toString());
    }
}
