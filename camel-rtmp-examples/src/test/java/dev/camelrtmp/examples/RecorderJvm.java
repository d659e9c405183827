package dev.camelrtmp.examples;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;

/**
 * Runs the recorder, or another main class of this module, in a JVM of its own, as users launch it: the module's
 * classes and runtime dependencies (system property {@code recorder.classpath}, set by the build), the main
 * log4j2.xml, the environment and JVM options given.
 */
final class RecorderJvm {

    private final List<String> command;
    private final Process process;

    private RecorderJvm(List<String> command, Map<String, String> env) throws IOException {
        this.command = command;
        this.process = ProcessRunner.start(command, env);
    }

    /** Starts {@code mainClass} with the recorder's classpath (plus the test classes when asked). */
    static RecorderJvm start(String mainClass, Map<String, String> env, boolean withTestClasses, String... jvmOptions)
            throws IOException {
        return start(mainClass, List.of(), env, withTestClasses, jvmOptions);
    }

    /** Starts {@code mainClass} with program arguments and the recorder's classpath (plus test classes when asked). */
    static RecorderJvm start(String mainClass, List<String> arguments, Map<String, String> env,
            boolean withTestClasses, String... jvmOptions) throws IOException {
        String classpath = System.getProperty("recorder.classpath");
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("system property recorder.classpath not set: run the tests with Maven");
        }
        if (withTestClasses) {
            classpath = testClasses() + java.io.File.pathSeparator + classpath;
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(arguments);
        if (env == null || !env.containsKey("HTTP_PORT")) {
            // the recorder serves HTTP on 8080 by default: a test that does not ask for it keeps that port free
            env = env == null ? new java.util.HashMap<>() : new java.util.HashMap<>(env);
            env.put("HTTP_PORT", "0");
        }
        return new RecorderJvm(command, env);
    }

    Process process() {
        return process;
    }

    /** Waits for the JVM to exit, at most {@code seconds}; fails (and kills it) past that. */
    ProcessResult await(long seconds) throws IOException, InterruptedException {
        return ProcessRunner.await(process, seconds, command);
    }

    /** Asks the JVM to stop (SIGTERM, as a service manager does) and waits for it, at most {@code seconds}. */
    ProcessResult stop(long seconds) throws IOException, InterruptedException {
        process.destroy();
        return await(seconds);
    }

    private static String testClasses() {
        try {
            return Paths.get(RecorderJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
