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
    public static synchronized Path h264Aac(int seconds) throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path clip = DIR.resolve("h264-aac-" + seconds + "s.flv");
        if (Files.exists(clip)) {
            return clip;
        }
        Path tmp = DIR.resolve(clip.getFileName() + ".tmp.flv");
        List<String> cmd = new ArrayList<>(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds), "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
                "-f", "flv", tmp.toString()));
        ProcessRunner.run(cmd, null, 300).requireSuccess("ffmpeg making " + clip);
        Files.move(tmp, clip);
        return clip;
    }
}
