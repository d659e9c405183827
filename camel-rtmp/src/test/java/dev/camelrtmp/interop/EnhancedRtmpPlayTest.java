package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFmpeg 7.1 and 8.0.1 play what the same FFmpeg publishes with Enhanced RTMP: HEVC, AV1, VP9, VP9 + Opus and a
 * multitrack stream (HEVC + AV1 video, Opus + AAC audio). A player waiting before the publish gets every packet of
 * every track, bit for bit; a player joining mid-stream gets an exact tail of every track, starting on a key
 * frame, without timestamp warnings.
 */
class EnhancedRtmpPlayTest extends PublishTestSupport {

    static Stream<Arguments> wholeStreams() {
        List<Arguments> cases = new ArrayList<>();
        for (String version : List.of("7.1", "8.0")) {
            for (String clip : List.of("hevc", "av1", "vp9")) {
                cases.add(Arguments.of(version, clip));
            }
        }
        cases.add(Arguments.of("8.0", "vp9-opus"));
        cases.add(Arguments.of("8.0", "multitrack"));
        return cases.stream();
    }

    static Stream<Arguments> joins() {
        return Stream.of(Arguments.of("7.1", "hevc"), Arguments.of("8.0", "multitrack"));
    }

    @ParameterizedTest(name = "FFmpeg {0} waits for and plays {1}")
    @MethodSource("wholeStreams")
    void aWaitingPlayerGetsEveryPacketOfEveryTrack(String version, String clipName) throws Exception {
        BundledFfmpeg ff = ffmpeg(version);
        Path clip = clip(clipName);
        Path out = work.resolve("played.flv");
        Process player;
        try (LogCapture log = LogCapture.start()) {
            player = ProcessRunner.start(playCommand(ff, "waiting", out), ff.env());
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: live/waiting").isEmpty());
        }
        ProcessRunner.run(publishCommand(ff, clip, "waiting", false), ff.env(), 120).requireSuccess(ff + " publish");
        ProcessResult played = ProcessRunner.await(player, 60, List.of(ff + " play")).requireSuccess(ff + " play");
        awaitEnd();

        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), reference(ff, clip),
                ff.env()));
        List<Integer> counts = Played.assertTails(Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), out,
                ff.env())), source, true);
        Map<Integer, Long> clipPackets = MediaTools.packetCountsByStream(ff.ffprobe(), clip, ff.env());
        assertThat(counts.stream().map(Integer::longValue).sorted().toList()).as("packets per track")
                .isEqualTo(clipPackets.values().stream().sorted().toList());
        Played.assertNoTimestampWarnings(played.stderr());
    }

    @ParameterizedTest(name = "FFmpeg {0} joins {1} mid-stream")
    @MethodSource("joins")
    void aPlayerJoiningMidStreamGetsAnExactTailOfEveryTrack(String version, String clipName) throws Exception {
        BundledFfmpeg ff = ffmpeg(version);
        Path clip = clip(clipName);
        Path referenceFile = reference(ff, clip);
        int published = MediaTools.packetCountsByStream(ff.ffprobe(), referenceFile, ff.env()).values().stream()
                .mapToInt(Long::intValue).sum();
        Process publisher = ProcessRunner.start(publishCommand(ff, clip, "joined", true), ff.env());
        Wait.until("a third of the clip received", Duration.ofSeconds(30), () -> received.size() > published / 3);
        Path out = work.resolve("joined.flv");
        ProcessResult played = ProcessRunner.run(playCommand(ff, "joined", out), ff.env(), 60)
                .requireSuccess(ff + " play");
        ProcessRunner.await(publisher, 60, List.of(ff + " publish")).requireSuccess(ff + " publish");
        awaitEnd();

        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), referenceFile,
                ff.env()));
        List<Integer> counts = Played.assertTails(Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), out,
                ff.env())), source, false);
        for (int s = 0; s < source.size(); s++) {
            assertThat(counts.get(s)).as("track %d joined mid-stream", s).isLessThan(source.get(s).size());
        }
        ProcessResult flags = ProcessRunner.run(List.of(ff.ffprobe().toString(), "-v", "error", "-select_streams",
                "v", "-show_entries", "packet=stream_index,flags", "-of", "csv=p=0", out.toString()), ff.env(), 60)
                .requireSuccess("ffprobe");
        assertThat(flags.stdout().lines().findFirst().orElse("")).as("the first video packet played").contains("K");
        Played.assertNoTimestampWarnings(played.stderr());
    }

    private static BundledFfmpeg ffmpeg(String version) throws Exception {
        return (version.equals("7.1") ? BundledFfmpeg.v71() : BundledFfmpeg.v80()).verified();
    }

    private static Path clip(String name) throws Exception {
        return switch (name) {
            case "hevc" -> Clips.hevcAac();
            case "av1" -> Clips.av1Aac();
            case "vp9" -> Clips.vp9Aac();
            case "vp9-opus" -> Clips.vp9Opus();
            default -> Clips.multitrack();
        };
    }

    /** What the same FFmpeg muxes to FLV from the clip: the packets it publishes. */
    private Path reference(BundledFfmpeg ff, Path clip) throws Exception {
        Path reference = work.resolve("reference.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", reference.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux");
        return reference;
    }

    private List<String> publishCommand(BundledFfmpeg ff, Path clip, String key, boolean realTime) {
        List<String> cmd = new ArrayList<>(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error"));
        if (realTime) {
            cmd.add("-re");
        }
        cmd.addAll(List.of("-i", clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", rtmpUrl(key)));
        return cmd;
    }

    private List<String> playCommand(BundledFfmpeg ff, String key, Path out) {
        return List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i", rtmpUrl(key), "-map",
                "0", "-c", "copy", "-f", "flv", "-y", out.toString());
    }
}
