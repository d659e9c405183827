package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real RTMP peers (FFmpeg, GStreamer, nginx) the interop tests drive. Where one is missing the test is
 * skipped with a message, except under CI ({@code CI=true}), where it fails.
 */
public final class Peers {

    private Peers() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The path of a program on PATH (or the given absolute path), or null. */
    public static Path find(String program) {
        if (program.startsWith("/")) {
            Path p = Paths.get(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Paths.get(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The program's path; skips the test (fails it under CI) when it is missing. */
    public static Path require(String program, String installHint) {
        Path p = find(program);
        if (p == null) {
            String message = program + " not found (install: " + installHint + ")";
            if (ci()) {
                throw new AssertionError(message + " -- required when CI=true");
            }
            Assumptions.abort(message);
        }
        return p;
    }

    public static Path ffmpeg() {
        return require("ffmpeg", "apt-get install ffmpeg");
    }

    public static Path ffprobe() {
        return require("ffprobe", "apt-get install ffmpeg");
    }

    public static Path gstLaunch() {
        return require("gst-launch-1.0", "apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base "
                + "gstreamer1.0-plugins-good gstreamer1.0-plugins-bad");
    }

    /** Checks that a GStreamer element exists (gst-inspect-1.0). */
    public static void requireGstElement(String element) throws IOException, InterruptedException {
        Path inspect = require("gst-inspect-1.0", "apt-get install gstreamer1.0-tools");
        ProcessResult r = ProcessRunner.run(List.of(inspect.toString(), "--exists", element), null, 30);
        if (r.exitCode() != 0) {
            String message = "GStreamer element " + element + " not available";
            if (ci()) {
                throw new AssertionError(message + " -- required when CI=true");
            }
            Assumptions.abort(message);
        }
    }
}
