package dev.camelrtmp.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker for tests: one KRaft node, broker and controller in one, inside the test JVM, on free
 * loopback ports, its logs in a folder of the caller's (a JUnit {@code @TempDir}). {@link #close()} shuts it down.
 * The release is the one of the kafka-clients camel-kafka brings (property {@code kafka.version} of the parent pom).
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrap;

    private KafkaBroker(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /** Formats a log folder under {@code dir}, starts the node and waits (bounded) until it answers. */
    public static KafkaBroker start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    /**
     * Like {@link #start(Path)}, with broker settings added or overridden (for example {@code message.max.bytes}).
     */
    public static KafkaBroker start(Path dir, Map<String, String> settings) throws Exception {
        int brokerPort = AvailablePortFinder.getNextAvailable();
        int controllerPort = AvailablePortFinder.getNextAvailable();
        Path logs = Files.createDirectories(dir.resolve("kraft"));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logs.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.putAll(settings);
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logs.toString()))
                .setMetadataLogDirectory(logs.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(server, "127.0.0.1:" + brokerPort);
        try (Admin admin = broker.admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** host:port for the clients' {@code bootstrap.servers} (camel-kafka's {@code brokers}). */
    public String bootstrap() {
        return bootstrap;
    }

    /** An admin client of this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Creates a topic with settings (for example {@code max.message.bytes}), waiting at most 60 s. */
    public void createTopic(String name, int partitions, Map<String, String> settings) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(settings))).all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits (bounded) until consumer group {@code group} is stable with every partition of {@code topic} assigned:
     * for consumers that start at the latest offset, before the test produces.
     */
    public void awaitAssigned(String group, String topic, java.time.Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            dev.camelrtmp.test.Wait.until("consumer group " + group + " stable with the " + partitions
                    + " partitions of " + topic, timeout, () -> {
                        try {
                            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                                    .all().get(10, TimeUnit.SECONDS).get(group);
                            long assigned = description.members().stream()
                                    .flatMap(m -> m.assignment().topicPartitions().stream())
                                    .filter(p -> p.topic().equals(topic)).count();
                            return description.state() == ConsumerGroupState.STABLE && assigned == partitions;
                        } catch (Exception notYet) {
                            return false;
                        }
                    });
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        server.awaitShutdown();
    }
}
