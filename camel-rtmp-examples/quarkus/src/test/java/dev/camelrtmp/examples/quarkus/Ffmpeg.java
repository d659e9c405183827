package dev.camelrtmp.examples.quarkus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's FFmpeg for the test: skipped with a message when it is missing, except under CI ({@code CI=true}), where
 * the test fails.
 */
final class Ffmpeg {

    private Ffmpeg() {
    }

    static Path require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = program + " not found (install: apt-get install ffmpeg)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " -- required when CI=true");
        }
        Assumptions.abort(message);
        return null;
    }

    /** A 3 s H.264 + AAC FLV clip made from FFmpeg's test sources. */
    static Path clip(Path dir) throws IOException, InterruptedException {
        Path clip = dir.resolve("clip.flv");
        Result r = run(List.of(require("ffmpeg").toString(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", clip.toString()));
        if (r.exitCode() != 0) {
            throw new AssertionError("ffmpeg could not make the clip: " + r.stderr());
        }
        return clip;
    }

    /** Publishes {@code clip} unchanged to {@code url}. */
    static Result publish(Path clip, String url) throws IOException, InterruptedException {
        return run(List.of(require("ffmpeg").toString(), "-hide_banner", "-loglevel", "error", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url));
    }

    /** Packets per codec type (audio, video) as ffprobe reads them. */
    static Map<String, Long> packetCounts(Path file) throws IOException, InterruptedException {
        Result r = run(List.of(require("ffprobe").toString(), "-v", "error", "-show_entries", "packet=codec_type",
                "-of", "csv=p=0", file.toString()));
        if (r.exitCode() != 0) {
            throw new AssertionError("ffprobe " + file + ": " + r.stderr());
        }
        Map<String, Long> counts = new TreeMap<>();
        r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .forEach(type -> counts.merge(type.replace(",", ""), 1L, Long::sum));
        return counts;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a program for at most two minutes. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ffmpeg-", ".out");
        Path err = Files.createTempFile("ffmpeg-", ".err");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                            "/dev/null"))).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " still running after 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
