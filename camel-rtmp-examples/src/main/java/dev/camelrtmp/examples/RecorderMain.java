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
 * With {@code KAFKA_BOOTSTRAP} (Kafka's brokers, {@code host:port[,...]}) it works with a Kafka topic
 * ({@code KAFKA_TOPIC}, default {@code rtmp-frames}, created when missing with {@code KAFKA_PARTITIONS}, default 12,
 * and {@code KAFKA_RETENTION_HOURS}, default 24) in the role {@code ROLE} names: {@code ingest} (the default) sends
 * every stream published to it to the topic instead of recording it; {@code record} records the topic's streams into
 * {@code RECORDINGS_DIR} as if they had been published to it; {@code edge} serves them to players on
 * {@code RTMP_PORT}. {@code KAFKA_GROUP} is the consumer group (see {@link KafkaRoute}).
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
        KafkaSettings kafka;
        try {
            Env env = new Env(System.getenv());
            port = env.port("RTMP_PORT", 1935);
            httpPort = env.integer("HTTP_PORT", 8080, 0, 65535, "a port number (0 turns HTTP off)");
            kafka = KafkaSettings.of(env, port);
            recordings = kafka != null && kafka.role() != KafkaRoute.Role.RECORD ? null
                    : env.writableDirectory("RECORDINGS_DIR", "./recordings");
            forwardTo = env.rtmpUrl("FORWARD_TO");
            if (forwardTo != null && kafka != null) {
                throw new Env.Invalid("FORWARD_TO works without KAFKA_BOOTSTRAP only: unset one of them");
            }
            idleTakeOver = env.value("IDLE_TAKEOVER_SECONDS") == null ? null
                    : env.integer("IDLE_TAKEOVER_SECONDS", 5, 0, 86_400, "a number of seconds (0 turns it off)");
        } catch (Env.Invalid e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main();
        String startLine;
        if (kafka == null) {
            main.configure().addRoutesBuilder(new RecorderRoute("0.0.0.0", port, recordings.toString(), forwardTo,
                    idleTakeOver).httpPort(httpPort));
            startLine = String.format("%s listening on rtmp://0.0.0.0:%d/<app>/<key>%s, recording into %s%s%s",
                    NAME, port, http(httpPort), recordings.toAbsolutePath(),
                    forwardTo == null ? "" : ", forwarding every stream to " + forwardTo + "/<key>",
                    idleTakeOver == null ? "" : ", idle take-over after " + idleTakeOver + " s");
        } else {
            try {
                KafkaTopic.ensure(kafka.bootstrap(), kafka.topic(), kafka.partitions(),
                        kafka.retentionHours() * 3_600_000L);
            } catch (IllegalStateException e) {
                System.err.println(NAME + " could not start: " + e.getMessage());
                System.exit(1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.exit(1);
                return;
            }
            main.configure().addRoutesBuilder(new KafkaRoute(kafka.role(), kafka.bootstrap(), kafka.topic(),
                    kafka.group(), port, recordings == null ? null : recordings.toString())
                    .httpPort(kafka.role() == KafkaRoute.Role.INGEST ? httpPort : 0)
                    .idleTakeOverSeconds(idleTakeOver));
            String topic = "Kafka topic " + kafka.topic() + " at " + kafka.bootstrap();
            startLine = switch (kafka.role()) {
            case INGEST -> String.format("%s (ingest) listening on rtmp://0.0.0.0:%d/<app>/<key>%s, sending every"
                    + " stream to %s%s", NAME, port, http(httpPort), topic,
                    idleTakeOver == null ? "" : ", idle take-over after " + idleTakeOver + " s");
            case RECORD -> String.format("%s (record) recording the streams of %s (group %s) into %s", NAME,
                    topic, kafka.group(), recordings.toAbsolutePath());
            case EDGE -> String.format("%s (edge) serving the streams of %s (group %s) on"
                    + " rtmp://0.0.0.0:%d/<app>/<key>", NAME, topic, kafka.group(), port);
            };
        }
        main.configure().withName(NAME);
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

    private static String http(int httpPort) {
        return httpPort == 0 ? "" : " and http://0.0.0.0:" + httpPort + "/<app>/<key>.flv (HTTP-FLV), /<app>/<key>/index.m3u8"
                + " (LL-HLS), /?stream=<app>/<key> (player page)";
    }

    /** The Kafka settings: present when {@code KAFKA_BOOTSTRAP} is set. */
    record KafkaSettings(KafkaRoute.Role role, String bootstrap, String topic, int partitions, int retentionHours,
            String group) {

        /** The settings of {@code env}; null without KAFKA_BOOTSTRAP (and ROLE). */
        static KafkaSettings of(Env env, int port) {
            String bootstrap = env.hostPorts("KAFKA_BOOTSTRAP");
            String roleName = env.oneOf("ROLE", null, "ingest", "record", "edge");
            if (bootstrap == null) {
                if (roleName != null) {
                    throw new Env.Invalid("KAFKA_BOOTSTRAP must be set (host:port of a Kafka broker) for ROLE="
                            + roleName);
                }
                return null;
            }
            KafkaRoute.Role role = KafkaRoute.Role.valueOf(
                    (roleName == null ? "ingest" : roleName).toUpperCase(java.util.Locale.ROOT));
            String topic = env.kafkaName("KAFKA_TOPIC", "rtmp-frames");
            int partitions = env.integer("KAFKA_PARTITIONS", 12, 1, 10_000, "a number of partitions");
            int retention = env.integer("KAFKA_RETENTION_HOURS", 24, 1, 87_600, "a number of hours");
            // edges: a group of each's own, so that every edge gets every stream
            String group = env.kafkaName("KAFKA_GROUP", role == KafkaRoute.Role.EDGE
                    ? "camel-rtmp-edge-" + java.util.HexFormat.of().toHexDigits(
                            java.util.concurrent.ThreadLocalRandom.current().nextInt())
                    : "camel-rtmp-" + role.value());
            return new KafkaSettings(role, bootstrap, topic, partitions, retention, group);
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
