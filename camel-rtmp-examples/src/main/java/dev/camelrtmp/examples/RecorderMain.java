package dev.camelrtmp.examples;

import java.nio.file.Path;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/**
 * Runs the recorder: {@code java -XX:+ExitOnOutOfMemoryError -jar camel-rtmp-examples.jar}. Environment:
 * {@code RTMP_PORT} (default 1935), {@code RECORDINGS_DIR} (default {@code ./recordings}, created at start),
 * {@code FORWARD_TO} (an {@code rtmp://host:port/app} URL to forward every stream to as well; unset to only
 * record), {@code IDLE_TAKEOVER_SECONDS} (seconds without media after which a restarted encoder takes its key over
 * from the stalled publisher; 0 never; default 5), {@code HTTP_PORT} (where every stream can also be watched as
 * HTTP-FLV, {@code http://host:HTTP_PORT/<app>/<key>.flv}, and as LL-HLS,
 * {@code http://host:HTTP_PORT/<app>/<key>/index.m3u8}, with a player page at
 * {@code http://host:HTTP_PORT/?stream=<app>/<key>}; 0 turns HTTP off; default 8080).
 * <p>
 * Exit codes: 2 for an unusable environment value, 1 when the recorder cannot start (its port is taken, say), 3
 * when it ran out of memory; each with one line on standard error.
 */
public final class RecorderMain {

    static final String NAME = "camel-rtmp-recorder";

    private RecorderMain() {
    }

    public static void main(String[] args) {
        haltOnOutOfMemory();
        int port;
        Path recordings;
        String forwardTo;
        Integer idleTakeOver;
        int httpPort;
        try {
            Env env = new Env(System.getenv());
            port = env.port("RTMP_PORT", 1935);
            httpPort = env.integer("HTTP_PORT", 8080, 0, 65535, "a port number (0 turns HTTP off)");
            recordings = env.writableDirectory("RECORDINGS_DIR", "./recordings");
            forwardTo = env.rtmpUrl("FORWARD_TO");
            idleTakeOver = env.value("IDLE_TAKEOVER_SECONDS") == null ? null
                    : env.integer("IDLE_TAKEOVER_SECONDS", 5, 0, 86_400, "a number of seconds (0 turns it off)");
        } catch (Env.Invalid e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main();
        main.configure().addRoutesBuilder(new RecorderRoute("0.0.0.0", port, recordings.toString(), forwardTo,
                idleTakeOver).httpPort(httpPort));
        main.configure().withName(NAME);
        String startLine = String.format("%s listening on rtmp://0.0.0.0:%d/<app>/<key>%s, recording into %s%s%s",
                NAME, port, httpPort == 0 ? "" : " and http://0.0.0.0:" + httpPort + "/<app>/<key>.flv (HTTP-FLV), /<app>/<key>/index.m3u8"
                        + " (LL-HLS), /?stream=<app>/<key> (player page)",
                recordings.toAbsolutePath(),
                forwardTo == null ? "" : ", forwarding every stream to " + forwardTo + "/<key>",
                idleTakeOver == null ? "" : ", idle take-over after " + idleTakeOver + " s");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                LoggerFactory.getLogger(RecorderRoute.ROUTE_ID).info(startLine);
            }
        });
        try {
            main.run(args);
        } catch (Exception e) {
            System.err.println(NAME + " could not start: " + reason(e));
            System.exit(1);
        } finally {
            LogManager.shutdown(); // after Camel's shutdown: its last lines are written
        }
    }

    /**
     * Ends the process on {@link OutOfMemoryError}, as {@code -XX:+ExitOnOutOfMemoryError} does, for launches without
     * that flag: a JVM out of memory may have lost any of its threads, and can neither be trusted to work nor to
     * stop. Exit code 3, as with the flag. The component passes such errors to this handler even where it catches
     * them to keep a thread going.
     */
    static void haltOnOutOfMemory() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                try {
                    System.err.println(NAME + ": out of memory in thread " + thread.getName() + ", exiting");
                } finally {
                    Runtime.getRuntime().halt(3);
                }
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        });
    }

    /** The most telling message of a failure: the first in its chain that is more than its cause's name. */
    static String reason(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        return message.replaceAll("[\\r\\n]+\\s*", " ");
    }
}
