package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFmpeg 7.1 plays HEVC (Enhanced RTMP) without announcing it: its connect carries no fourCcList as a player (and
 * -rtmp_enhanced_codecs is refused for input). By default such a player is sent the stream and gets every packet;
 * with playUnannouncedCodecs=false it gets one onStatus NetStream.Play.Failed naming the codec, which FFmpeg prints.
 */
class EnhancedPlayCodecTest extends PublishTestSupport {

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] { createRouteBuilder(), new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/strict?playUnannouncedCodecs=false").to("mock:strict");
            }
        } };
    }

    @Test
    void aPlayerThatAnnouncedNoCodecsGetsHevcByDefaultAndAClearRefusalWhenStrict() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path clip = Clips.hevcAac();
        Path out = work.resolve("played.flv");
        String strictUrl = "rtmp://127.0.0.1:" + port + "/strict/hevc";
        Process player;
        Process refused;
        try (LogCapture log = LogCapture.start()) {
            player = ProcessRunner.start(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", rtmpUrl("hevc"), "-c", "copy", "-f", "flv", "-y", out.toString()), ff.env());
            refused = ProcessRunner.start(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-i", strictUrl, "-f", "null", "-"), ff.env());
            Wait.until("both players wait", Duration.ofSeconds(30),
                    () -> log.lines("INFO", "Play started: live/hevc").size() == 1
                            && log.lines("INFO", "Play started: strict/hevc").size() == 1);
        }
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", strictUrl), ff.env(), 120).requireSuccess("publish strict");
        ProcessResult strict = ProcessRunner.await(refused, 60, List.of("ffmpeg 7.1 strict player"));
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.stderr()).contains("The stream's HEVC video (hvc1) cannot be played");

        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("hevc")), ff.env(), 120).requireSuccess("publish");
        ProcessRunner.await(player, 60, List.of("ffmpeg 7.1 player")).requireSuccess("ffmpeg 7.1 play");
        awaitEnd();
        assertThat(sizesAndHashes(MediaTools.framemd5(ff.ffmpeg(), out, ff.env())))
                .containsExactlyElementsOf(sizesAndHashes(MediaTools.framemd5(ff.ffmpeg(), clip, ff.env())));
    }

    /** Stream, size and hash of each framemd5 line: timestamps aside. */
    private static List<String> sizesAndHashes(List<String> framemd5) {
        return framemd5.stream().map(line -> {
            String[] f = line.split(",");
            return f[0] + " " + f[4] + " " + f[5];
        }).toList();
    }
}
