package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * FFmpeg 7.1 and 8.0.1 as shipped in the Maven Central jars {@code org.bytedeco:ffmpeg:*:linux-x86_64}, which the
 * build unpacks under {@code target/ffmpeg-7.1} and {@code target/ffmpeg-8.0}. They run with LD_LIBRARY_PATH set to
 * their folder. Both speak Enhanced RTMP (HEVC, AV1, VP9); 8.0.1 also Opus and multitrack.
 *
 * @param version "7.1" or "8.0"
 * @param dir     the folder with ffmpeg, ffprobe and their libraries
 */
public record BundledFfmpeg(String version, Path dir) {

    public static BundledFfmpeg v71() {
        return locate("7.1", "ffmpeg71.dir");
    }

    public static BundledFfmpeg v80() {
        return locate("8.0", "ffmpeg80.dir");
    }

    private static BundledFfmpeg locate(String version, String property) {
        String configured = System.getProperty(property);
        Path dir = configured != null ? Paths.get(configured)
                : Paths.get("target", "ffmpeg-" + version, "org", "bytedeco", "ffmpeg", "linux-x86_64");
        Path ffmpeg = dir.resolve("ffmpeg");
        boolean usable = Files.isRegularFile(ffmpeg) && "amd64".equals(System.getProperty("os.arch"))
                && System.getProperty("os.name").toLowerCase().contains("linux");
        if (!usable) {
            String message = "FFmpeg " + version + " from org.bytedeco:ffmpeg:linux-x86_64 not found at " + dir
                    + " (unpacked by the build on linux-x86_64)";
            if (Peers.ci()) {
                throw new AssertionError(message + " -- required when CI=true");
            }
            Assumptions.abort(message);
        }
        dir.resolve("ffmpeg").toFile().setExecutable(true);
        dir.resolve("ffprobe").toFile().setExecutable(true);
        return new BundledFfmpeg(version, dir);
    }

    public Path ffmpeg() {
        return dir.resolve("ffmpeg");
    }

    public Path ffprobe() {
        return dir.resolve("ffprobe");
    }

    /** The environment the programs need. */
    public Map<String, String> env() {
        return Map.of("LD_LIBRARY_PATH", dir.toAbsolutePath().toString());
    }

    @Override
    public String toString() {
        return "FFmpeg " + version;
    }

    /** Checks the program runs (its libraries load). */
    public BundledFfmpeg verified() throws IOException, InterruptedException {
        ProcessRunner.run(java.util.List.of(ffmpeg().toString(), "-hide_banner", "-version"), env(), 30)
                .requireSuccess(this + " -version");
        return this;
    }
}
