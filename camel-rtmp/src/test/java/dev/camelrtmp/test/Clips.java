package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Test clips made with Debian's FFmpeg once per build and kept under {@code target/clips}.
 */
public final class Clips {

    private static final Path DIR = Paths.get(System.getProperty("clips.dir", "target/clips"));

    private Clips() {
    }

    /**
     * An H.264 (with B-frames) + AAC FLV clip of {@code seconds}, at 320x240 and 30 fps, key frame every second.
     */
    public static Path h264Aac(int seconds) throws IOException, InterruptedException {
        return h264Aac(seconds, 320, 240);
    }

    /**
     * An H.264 (with B-frames) + AAC FLV clip of {@code seconds} at the given size, 30 fps, key frame every second
     * (1280x720: about 7 Mbit/s).
     */
    public static synchronized Path h264Aac(int seconds, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path clip = DIR.resolve(width == 320 && height == 240 ? "h264-aac-" + seconds + "s.flv"
                : "h264-aac-" + width + "x" + height + "-" + seconds + "s.flv");
        if (Files.exists(clip)) {
            return clip;
        }
        Path tmp = DIR.resolve(clip.getFileName() + ".tmp.flv");
        List<String> cmd = new ArrayList<>(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-y", "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds), "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
                "-f", "flv", tmp.toString()));
        ProcessRunner.run(cmd, null, 300).requireSuccess("ffmpeg making " + clip);
        Files.move(tmp, clip);
        return clip;
    }

    /**
     * An H.264 (with B-frames) + AAC FLV clip of {@code seconds} at 320x240 and 30 fps with a key frame exactly every
     * {@code gopSeconds} (no scene-cut key frames): for players joining mid-GOP.
     */
    public static Path h264AacLongGop(int seconds, int gopSeconds) throws IOException, InterruptedException {
        String gop = String.valueOf(30 * gopSeconds);
        return make("h264-aac-" + seconds + "s-gop" + gopSeconds + "s.flv", concat(VIDEO_SOURCE,
                List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds),
                        "-c:v", "libx264", "-preset", "ultrafast", "-g", gop, "-keyint_min", gop, "-sc_threshold",
                        "0", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k")));
    }

    /** Runs Debian's FFmpeg to make a clip once; {@code args} go between the inputs and the output file. */
    private static synchronized Path make(String name, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path clip = DIR.resolve(name);
        if (Files.exists(clip)) {
            return clip;
        }
        String ext = name.substring(name.lastIndexOf('.'));
        Path tmp = DIR.resolve(name + ".tmp" + ext);
        List<String> cmd = new ArrayList<>(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-y"));
        cmd.addAll(args);
        cmd.add(tmp.toString());
        ProcessRunner.run(cmd, null, 300).requireSuccess("ffmpeg making " + clip);
        Files.move(tmp, clip);
        return clip;
    }

    private static final List<String> VIDEO_SOURCE = List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30");
    private static final List<String> AUDIO_SOURCE = List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000");

    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** HEVC (libx265, B-frames) + AAC, 4 s, MP4. */
    public static Path hevcAac() throws IOException, InterruptedException {
        return make("hevc-aac-4s.mp4", concat(VIDEO_SOURCE, AUDIO_SOURCE, List.of("-t", "4", "-c:v", "libx265",
                "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=30:bframes=2", "-tag:v", "hvc1",
                "-c:a", "aac", "-b:a", "96k")));
    }

    /** AV1 (libaom) + AAC, 4 s, MP4. */
    public static Path av1Aac() throws IOException, InterruptedException {
        return make("av1-aac-4s.mp4", concat(VIDEO_SOURCE, AUDIO_SOURCE, List.of("-t", "4", "-c:v", "libaom-av1",
                "-cpu-used", "8", "-g", "30", "-b:v", "300k", "-c:a", "aac", "-b:a", "96k")));
    }

    /** VP9 (libvpx) + AAC, 4 s, Matroska. */
    public static Path vp9Aac() throws IOException, InterruptedException {
        return make("vp9-aac-4s.mkv", concat(VIDEO_SOURCE, AUDIO_SOURCE, List.of("-t", "4", "-c:v", "libvpx-vp9",
                "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-b:v", "300k", "-c:a", "aac", "-b:a",
                "96k")));
    }

    /** VP9 + Opus, 4 s, WebM. */
    public static Path vp9Opus() throws IOException, InterruptedException {
        return make("vp9-opus-4s.webm", concat(VIDEO_SOURCE, AUDIO_SOURCE, List.of("-t", "4", "-c:v", "libvpx-vp9",
                "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-b:v", "300k", "-c:a", "libopus")));
    }

    /** Two video tracks (HEVC, AV1) and two audio tracks (Opus, AAC) in one Matroska file, 4 s. */
    public static Path multitrack() throws IOException, InterruptedException {
        Path hevc = hevcAac();
        Path av1 = av1Aac();
        return make("multitrack-4s.mkv", List.of("-i", hevc.toString(), "-i", av1.toString(), "-f", "lavfi", "-i",
                "sine=frequency=660:sample_rate=48000", "-t", "4", "-map", "0:v", "-map", "1:v", "-map", "2:a",
                "-map", "0:a", "-c:v", "copy", "-c:a:0", "libopus", "-c:a:1", "copy"));
    }
}
