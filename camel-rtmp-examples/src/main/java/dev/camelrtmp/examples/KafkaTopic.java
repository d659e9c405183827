package dev.camelrtmp.examples;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the frames topic when it is missing, with the Kafka AdminClient: the partitions asked for (the most
 * consumers of one group that share the streams), the cluster's default replication factor, and a retention time.
 * No size setting is needed: {@link dev.camelrtmp.kafka.RtmpToKafka} splits frames at 512 KiB, within Kafka's
 * 1 MiB defaults. An existing topic is left as it is.
 */
final class KafkaTopic {

    private KafkaTopic() {
    }

    /**
     * @return true when the topic was created, false when it existed
     * @throws IllegalStateException when the brokers cannot be reached or refuse, within 60 s
     */
    static boolean ensure(String bootstrap, String topic, int partitions, long retentionMs)
            throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            if (admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(topic)) {
                return false;
            }
            NewTopic frames = new NewTopic(topic, Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs)));
            try {
                admin.createTopics(List.of(frames)).all().get(60, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return false; // another process created it meanwhile
                }
                throw e;
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Kafka topic " + topic + " at " + bootstrap + " could not be checked or"
                    + " created: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        }
    }
}
