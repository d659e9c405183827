package dev.camelrtmp.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.mp4.Fmp4Fragmenter;
import dev.camelrtmp.protocol.amf.Amf0;
import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FLV files written by FFmpeg, fragmented by {@link Fmp4Fragmenter} (a fragment every 200 ms of media, then a flush)
 * into init + fragments: ffprobe reads the result without a complaint, and FFmpeg reads the same packets as from the
 * FLV: per stream the same count, payload hashes and times.
 */
class Fmp4MuxTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fmp4MuxTest.class);

    @TempDir
    Path work;

    @Test
    void h264AacFromDebianFfmpeg() throws Exception {
        Path flv = Clips.h264Aac(4);
        Result r = fragment(flv, work.resolve("h264-aac.mp4"));
        String[] probed = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error", "-select_streams",
                "v:0", "-show_entries", "stream=profile,level", "-of", "csv=p=0", flv.toString()), null, 60)
                .requireSuccess("ffprobe").stdout().trim().split(",");
        int profileIdc = switch (probed[0]) {
            case "Baseline", "Constrained Baseline" -> 66;
            case "Main" -> 77;
            default -> 100;
        };
        assertThat(r.fragmenter.codecs()).matches(String.format("avc1\\.%02x[0-9a-f]{2}%02x,mp4a\\.40\\.2",
                profileIdc, Integer.parseInt(probed[1])));
        assertThat(r.fragmenter.width()).isEqualTo(320);
        assertThat(r.fragmenter.height()).isEqualTo(240);
        assertSamePackets(Peers.ffmpeg(), Peers.ffprobe(), Map.of(), flv, r.mp4);
        List<String> audioDurations = List.of(ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                "-select_streams", "a:0", "-show_entries", "packet=duration", "-of", "csv=p=0", r.mp4.toString()),
                null, 60).requireSuccess("ffprobe").stdout().trim().split("\n"));
        assertThat(audioDurations).as("AAC frames end to end").hasSizeGreaterThan(100).containsOnly("1024");
    }

    @Test
    void hevcAacFromFfmpeg71() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path flv = toFlv(ff, Clips.hevcAac(), "hevc-aac.flv");
        Result r = fragment(flv, work.resolve("hevc-aac.mp4"));
        assertThat(r.fragmenter.codecs()).startsWith("hvc1.1.6.L").endsWith(",mp4a.40.2");
        assertThat(r.fragmenter.width()).isEqualTo(320);
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, r.mp4);
    }

    @Test
    void av1AacFromFfmpeg71() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path flv = toFlv(ff, Clips.av1Aac(), "av1-aac.flv");
        Result r = fragment(flv, work.resolve("av1-aac.mp4"));
        assertThat(r.fragmenter.codecs()).startsWith("av01.0.").endsWith(".08,mp4a.40.2");
        assertThat(r.fragmenter.width()).isEqualTo(320);
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, r.mp4);
    }

    @Test
    void vp9AacFromFfmpeg71() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path flv = toFlv(ff, Clips.vp9Aac(), "vp9-aac.flv");
        Result r = fragment(flv, work.resolve("vp9-aac.mp4"));
        assertThat(r.fragmenter.codecs()).matches("vp09\\.00\\.[0-9]{2}\\.08,mp4a\\.40\\.2");
        assertThat(r.fragmenter.width()).isEqualTo(320);
        Result withoutMetadata = fragment(flv, work.resolve("vp9-aac-no-metadata.mp4"), false);
        assertThat(withoutMetadata.fragmenter.width()).as("from the first key frame").isEqualTo(320);
        assertThat(withoutMetadata.fragmenter.height()).isEqualTo(240);
        assertThat(Files.mismatch(withoutMetadata.mp4, r.mp4)).isEqualTo(-1L);
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, r.mp4);
    }

    @Test
    void vp9OpusFromFfmpeg80() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path flv = toFlv(ff, Clips.vp9Opus(), "vp9-opus.flv");
        Result r = fragment(flv, work.resolve("vp9-opus.mp4"));
        assertThat(r.fragmenter.codecs()).matches("vp09\\.00\\.[0-9]{2}\\.08,opus");
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, r.mp4);
    }

    /**
     * FFmpeg 8.0.1 writes a stream's first video and audio track (HEVC, Opus) as plain Enhanced RTMP tags and the
     * others (AV1, AAC) as multitrack tags with track id 1: the fMP4 holds the first of each kind.
     */
    @Test
    void multitrackKeepsTheFirstTrackOfEachKindFromFfmpeg80() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path flv = toFlv(ff, Clips.multitrack(), "multitrack.flv");
        Result r = fragment(flv, work.resolve("multitrack.mp4"));
        assertThat(r.fragmenter.codecs()).startsWith("hvc1.").endsWith(",opus");
        assertThat(MediaTools.streamCodecs(ff.ffprobe(), flv, ff.env())).containsExactly("hevc", "av1", "opus", "aac");
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, r.mp4);
    }

    /**
     * A fragmenter of a chosen video track (as each variant of a multivariant LL-HLS playlist has): of FFmpeg 8.0.1's
     * multitrack stream, track 1 (AV1, multitrack tags) with the lowest audio track (Opus), and track 0 (HEVC, the
     * tags that are not multitrack).
     */
    @Test
    void aChosenVideoTrackOfAMultitrackStreamFromFfmpeg80() throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v80().verified();
        Path flv = toFlv(ff, Clips.multitrack(), "multitrack.flv");
        Result av1 = fragment(flv, work.resolve("multitrack-1.mp4"), true, 1);
        assertThat(av1.fragmenter.codecs()).startsWith("av01.").endsWith(",opus");
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, 1, av1.mp4);
        Result hevc = fragment(flv, work.resolve("multitrack-0.mp4"), true, 0);
        assertThat(hevc.fragmenter.codecs()).startsWith("hvc1.").endsWith(",opus");
        assertSamePackets(ff.ffmpeg(), ff.ffprobe(), ff.env(), flv, 0, hevc.mp4);
        assertThatThrownBy(() -> new Fmp4Fragmenter(256)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Tags of a real stream cut short or with bytes flipped (seeded): every one is taken or skipped without an
     * exception, one WARN line at most, and what is written still reads in FFmpeg.
     */
    @Test
    void mangledTagsAreSkippedWithOneWarning() throws Exception {
        List<FlvTag> tags = FlvReader.readAll(Clips.h264Aac(4));
        java.util.Random random = new java.util.Random(16);
        try (LogCapture log = LogCapture.start()) {
            for (int round = 0; round < 20; round++) {
                Fmp4Fragmenter f = new Fmp4Fragmenter();
                int sequence = 1;
                for (FlvTag tag : tags) {
                    byte[] body = tag.data().clone();
                    if (random.nextInt(4) == 0 && body.length > 0) {
                        body = java.util.Arrays.copyOf(body, random.nextInt(Math.min(body.length, 64)));
                    } else if (random.nextInt(4) == 0 && body.length > 0) {
                        for (int i = 0; i < 3; i++) {
                            body[random.nextInt(Math.min(body.length, 64))] = (byte) random.nextInt(256);
                        }
                    }
                    f.add(tag.type(), tag.timestamp(), body);
                    if (random.nextInt(10) == 0) {
                        Fmp4Fragmenter.Fragment fragment = f.cut(sequence++);
                        assertThat(fragment == null || fragment.bytes().length > 8).isTrue();
                    }
                }
                f.flush(sequence);
                f.codecs();
            }
            assertThat(log.lines("WARN", "malformed")).hasSizeBetween(1, 20);
        }
    }

    record Result(Fmp4Fragmenter fragmenter, Path mp4, int fragments) {
    }

    private Path toFlv(BundledFfmpeg ff, Path clip, String name) throws IOException, InterruptedException {
        Path flv = work.resolve(name);
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", flv.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux to FLV");
        return flv;
    }

    /** Feeds every tag, cuts a fragment once 200 ms of media have come since the last cut, flushes at the end. */
    static Result fragment(Path flv, Path mp4) throws IOException {
        return fragment(flv, mp4, true);
    }

    static Result fragment(Path flv, Path mp4, boolean metadata) throws IOException {
        return fragment(flv, mp4, metadata, -1);
    }

    /** @param videoTrack the video track id the fragmenter takes, -1 for the lowest */
    static Result fragment(Path flv, Path mp4, boolean metadata, int videoTrack) throws IOException {
        Fmp4Fragmenter f = new Fmp4Fragmenter(videoTrack);
        List<byte[]> fragments = new ArrayList<>();
        int sequence = 1;
        long lastCut = -1;
        int samples = 0;
        List<FlvTag> tags = FlvReader.readAll(flv);
        long started = System.nanoTime();
        for (FlvTag tag : tags) {
            if (tag.type() == FlvTagType.SCRIPT_DATA) {
                if (metadata) {
                    f.metadata(onMetaData(tag.data()));
                }
                continue;
            }
            samples += f.add(tag.type(), tag.timestamp(), tag.data()) ? 1 : 0;
            if (lastCut < 0) {
                lastCut = tag.timestamp();
            }
            if (tag.timestamp() - lastCut >= 200 && f.ready()) {
                Fmp4Fragmenter.Fragment fragment = f.cut(sequence);
                if (fragment != null) {
                    sequence++;
                    fragments.add(fragment.bytes());
                    lastCut = tag.timestamp();
                }
            }
        }
        Fmp4Fragmenter.Fragment last = f.flush(sequence);
        if (last != null) {
            fragments.add(last.bytes());
        }
        long micros = (System.nanoTime() - started) / 1000;
        assertThat(f.ready()).isTrue();
        LOG.info("{}: {} tags, {} samples, {} fragments, {} codecs {} {}x{}, fragmented in {} us", flv.getFileName(),
                tags.size(), samples, fragments.size(), f.codecs(), f.initVersion() == 1 ? "(init v1)"
                        : "(init v" + f.initVersion() + ")", f.width(), f.height(), micros);
        try (OutputStream out = Files.newOutputStream(mp4)) {
            out.write(f.initSegment());
            for (byte[] fragment : fragments) {
                out.write(fragment);
            }
        }
        return new Result(f, mp4, fragments.size());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onMetaData(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            List<Object> values = Amf0.decodeAll(buf);
            if (values.size() >= 2 && "onMetaData".equals(values.get(0)) && values.get(1) instanceof Map<?, ?> m) {
                return new HashMap<>((Map<String, Object>) m);
            }
            return Map.of();
        } finally {
            buf.release();
        }
    }

    /**
     * ffprobe reads the file without an error or warning, and FFmpeg reads the same packets from both files: per
     * stream the same count, sizes and payload hashes, video with the same decode and presentation times in ms,
     * audio within 1 ms of them (AAC frames are laid end to end where the FLV rounded their times to ms).
     */
    static void assertSamePackets(Path ffmpeg, Path ffprobe, Map<String, String> env, Path flv, Path mp4)
            throws IOException, InterruptedException {
        assertSamePackets(ffmpeg, ffprobe, env, flv, 0, mp4);
    }

    /** Like the above, the FLV's video stream {@code flvVideo} (of its video streams) against the fMP4's video. */
    static void assertSamePackets(Path ffmpeg, Path ffprobe, Map<String, String> env, Path flv, int flvVideo, Path mp4)
            throws IOException, InterruptedException {
        ProcessResult probe = ProcessRunner.run(List.of(ffprobe.toString(), "-v", "warning", "-show_streams",
                "-show_packets", mp4.toString()), env, 120).requireSuccess("ffprobe " + mp4);
        assertThat(probe.stderr()).as("ffprobe complaints").isBlank();
        List<Packet> expected = packets(ffmpeg, env, flv, flvVideo);
        List<Packet> actual = packets(ffmpeg, env, mp4);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(actual).hasSameSizeAs(expected);
        for (int stream = 0; stream < 2; stream++) {
            int s = stream;
            List<Packet> want = expected.stream().filter(p -> p.stream() == s).toList();
            List<Packet> got = actual.stream().filter(p -> p.stream() == s).toList();
            assertThat(got.stream().map(Packet::payload).toList()).as("stream %d payloads", s)
                    .containsExactlyElementsOf(want.stream().map(Packet::payload).toList());
            long tolerance = stream == 0 ? 0 : 1;
            for (int i = 0; i < want.size(); i++) {
                Packet w = want.get(i);
                Packet g = got.get(i);
                assertThat(Math.abs(g.dts() - w.dts())).as("stream %d packet %d dts %d vs %d", s, i, g.dts(), w.dts())
                        .isLessThanOrEqualTo(tolerance);
                assertThat(Math.abs(g.pts() - w.pts())).as("stream %d packet %d pts %d vs %d", s, i, g.pts(), w.pts())
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    /** One packet as FFmpeg reads it: stream, times in ms, and size plus hash. */
    record Packet(int stream, long dts, long pts, String payload) {
    }

    /**
     * FFmpeg's packets (-copyts -c copy -f framemd5: the files' own times, not shifted by a start time that in the FLV
     * may come from a track the fMP4 leaves out), first video stream 0, first audio stream 1.
     */
    static List<Packet> packets(Path ffmpeg, Map<String, String> env, Path file)
            throws IOException, InterruptedException {
        return packets(ffmpeg, env, file, 0);
    }

    /** Like the above with the file's video stream {@code video} (of its video streams) as stream 0. */
    static List<Packet> packets(Path ffmpeg, Map<String, String> env, Path file, int video)
            throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-copyts",
                "-i", file.toString(), "-map", "0:v:" + video + "?", "-map", "0:a:0?", "-c", "copy", "-f", "framemd5", "-"), env,
                120)
                .requireSuccess("ffmpeg framemd5 " + file);
        Map<Integer, long[]> timebases = new HashMap<>();
        List<Packet> packets = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("#tb ")) {
                String[] p = line.substring(4).split(":");
                String[] frac = p[1].trim().split("/");
                timebases.put(Integer.parseInt(p[0].trim()),
                        new long[] { Long.parseLong(frac[0]), Long.parseLong(frac[1]) });
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split(",");
                int stream = Integer.parseInt(f[0].trim());
                long[] tb = timebases.get(stream);
                packets.add(new Packet(stream, millis(f[1], tb), millis(f[2], tb), f[4].trim() + " " + f[5].trim()));
            }
        }
        return packets;
    }

    private static long millis(String value, long[] tb) {
        long v = Long.parseLong(value.trim());
        return Math.round(v * 1000.0 * tb[0] / tb[1]);
    }
}
