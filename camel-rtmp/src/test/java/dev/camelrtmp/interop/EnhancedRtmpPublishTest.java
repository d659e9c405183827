package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFmpeg 7.1 and 8.0.1 publish Enhanced RTMP: HEVC, AV1 and VP9 (with and without announcing them with
 * -rtmp_enhanced_codecs), Opus, and a multitrack stream of two video and two audio tracks. The route gets every
 * frame of every track with the right codec and track headers, bit for bit, and the recording equals, packet for
 * packet, what the same FFmpeg muxes to an FLV file from the same input.
 */
class EnhancedRtmpPublishTest extends PublishTestSupport {

    static Stream<Arguments> videoCodecs() {
        List<Arguments> cases = new ArrayList<>();
        for (String version : List.of("7.1", "8.0")) {
            for (String clip : List.of("hevc", "av1", "vp9")) {
                cases.add(Arguments.of(version, clip, false));
                cases.add(Arguments.of(version, clip, true));
            }
        }
        return cases.stream();
    }

    private static BundledFfmpeg ffmpeg(String version) throws Exception {
        return (version.equals("7.1") ? BundledFfmpeg.v71() : BundledFfmpeg.v80()).verified();
    }

    @ParameterizedTest(name = "FFmpeg {0} publishes {1}, rtmp_enhanced_codecs={2}")
    @MethodSource("videoCodecs")
    void enhancedVideoIsReceivedAndRecordedBitExact(String version, String codec, boolean announce)
            throws Exception {
        Path clip = switch (codec) {
            case "hevc" -> Clips.hevcAac();
            case "av1" -> Clips.av1Aac();
            default -> Clips.vp9Aac();
        };
        String fourCc = switch (codec) {
            case "hevc" -> "hvc1";
            case "av1" -> "av01";
            default -> "vp09";
        };
        List<String> options = announce ? List.of("-rtmp_enhanced_codecs", fourCc) : List.of();
        publishAndVerify(ffmpeg(version), clip, options, Map.of(0, expected(codec), 1, "AAC/0"));
        assertThat(media()).filteredOn(r -> r.type().equals("VIDEO")).allMatch(Received::enhanced);
    }

    @Test
    void ffmpeg8PublishesOpus() throws Exception {
        publishAndVerify(ffmpeg("8.0"), Clips.vp9Opus(), List.of(), Map.of(0, "VP9/0", 1, "OPUS/0"));
        assertThat(media()).filteredOn(r -> r.type().equals("AUDIO")).allMatch(r -> r.fourCc().equals("Opus"));
    }

    @Test
    void ffmpeg8PublishesMultitrack() throws Exception {
        // stream 0 travels as the default track, the second of each kind as multitrack track 1
        publishAndVerify(ffmpeg("8.0"), Clips.multitrack(), List.of("-map", "0"),
                Map.of(0, "HEVC/0", 1, "AV1/1", 2, "OPUS/0", 3, "AAC/1"));
    }

    private static String expected(String codec) {
        return switch (codec) {
            case "hevc" -> "HEVC/0";
            case "av1" -> "AV1/0";
            default -> "VP9/0";
        };
    }

    /**
     * @param streams for each stream index of the clip, the CamelRtmpCodec / CamelRtmpTrackId its frames carry
     */
    private void publishAndVerify(BundledFfmpeg ff, Path clip, List<String> options, Map<Integer, String> streams)
            throws Exception {
        Path reference = work.resolve("reference.flv");
        List<String> remux = new ArrayList<>(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-y", "-i", clip.toString()));
        remux.addAll(options.contains("-map") ? List.of("-map", "0") : List.of());
        remux.addAll(List.of("-c", "copy", "-f", "flv", reference.toString()));
        ProcessRunner.run(remux, ff.env(), 120).requireSuccess(ff + " remux");

        List<String> publish = new ArrayList<>(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-i", clip.toString()));
        publish.addAll(options);
        publish.addAll(List.of("-c", "copy", "-f", "flv", rtmpUrl("enhanced")));
        ProcessRunner.run(publish, ff.env(), 120).requireSuccess(ff + " publish");
        awaitEnd();

        assertMediaEqualsTagsOf(reference);

        Map<Integer, Long> packets = MediaTools.packetCountsByStream(ff.ffprobe(), clip, ff.env());
        Map<String, Long> expected = new TreeMap<>();
        streams.forEach((index, codecAndTrack) -> expected.put(codecAndTrack, packets.get(index)));
        Map<String, Long> actual = new TreeMap<>();
        for (Received r : media()) {
            if (isCodedFrame(r)) {
                actual.merge(r.codec() + "/" + r.trackId(), 1L, Long::sum);
            }
        }
        assertThat(actual).as("coded frames per codec/track").isEqualTo(expected);

        assertThat(MediaTools.framemd5(ff.ffmpeg(), recording(), ff.env()))
                .containsExactlyElementsOf(MediaTools.framemd5(ff.ffmpeg(), reference, ff.env()));
    }
}
