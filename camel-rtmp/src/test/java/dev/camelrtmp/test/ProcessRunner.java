package dev.camelrtmp.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs for the tests with a bounded wait; output goes to temporary files so a chatty program never blocks
 * on a full pipe.
 */
public final class ProcessRunner {

    private ProcessRunner() {
    }

    /** Runs the command to its end, at most {@code timeoutSeconds}; the process is killed past that. */
    public static ProcessResult run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = start(command, env);
        return await(process, timeoutSeconds, command);
    }

    private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts the command, its output captured to temporary files. */
    public static Process start(List<String> command, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile("proc", ".out");
        Path err = Files.createTempFile("proc", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (env != null) {
            builder.environment().putAll(env);
        }
        Process process = builder.start();
        OUTPUTS.put(process, new Path[] { out, err });
        return process;
    }

    /** Waits for a started process, at most {@code timeoutSeconds}; kills it past that and fails. */
    public static ProcessResult await(Process process, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path[] files = OUTPUTS.remove(process);
        String stdout = files == null ? "" : Files.readString(files[0], StandardCharsets.ISO_8859_1);
        String stderr = files == null ? "" : Files.readString(files[1], StandardCharsets.ISO_8859_1);
        if (files != null) {
            Files.deleteIfExists(files[0]);
            Files.deleteIfExists(files[1]);
        }
        if (!done) {
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds
                    + " s\nstderr:\n" + stderr);
        }
        return new ProcessResult(process.exitValue(), stdout, stderr);
    }
}
