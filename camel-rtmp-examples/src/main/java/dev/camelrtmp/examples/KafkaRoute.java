package dev.camelrtmp.examples;

import java.util.Locale;

import dev.camelrtmp.client.RtmpPublishException;
import dev.camelrtmp.component.FlvConstants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.kafka.KafkaToRtmp;
import dev.camelrtmp.kafka.RtmpKafkaHeaders;
import dev.camelrtmp.kafka.RtmpToKafka;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The recorder's roles around a Kafka topic (docs/kafka.md): an {@link Role#INGEST ingest} node sends every frame and
 * lifecycle event of every stream published to it to the topic instead of recording it (players and HTTP are served
 * as by the recorder); a {@link Role#RECORD record} node records the topic's streams into FLV files as the recorder
 * records published streams (same names, same log lines); an {@link Role#EDGE edge} serves the topic's streams to
 * players at {@code rtmp://host:port/<app>/<key>}.
 */
public class KafkaRoute extends RouteBuilder {

    /** What the process does with the topic. */
    public enum Role {
        /** RTMP in, records to the topic. */
        INGEST,
        /** Records of the topic to FLV files. */
        RECORD,
        /** Records of the topic served to RTMP players. */
        EDGE;

        /** The role's name as {@code ROLE} gives it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The edge's serving options: a stream without records for 5 s ends for its players (an ingest node died), so
     * that the publish that takes its key over (its encoder reconnected to another node) is served.
     */
    static final String SERVE_OPTIONS = "&serveIdleTimeout=5000";

    private final Role role;
    private final String bootstrap;
    private final String topic;
    private final String group;
    private final int port;
    private final String recordingsDir;
    private int httpPort;
    private Integer idleTakeOverSeconds;

    /**
     * @param role          what this process does
     * @param bootstrap     the brokers, {@code host:port[,host:port...]}
     * @param topic         the topic of the frames
     * @param group         the consumer group (record and edge)
     * @param port          the RTMP port (ingest and edge)
     * @param recordingsDir the folder of the recordings (record)
     */
    public KafkaRoute(Role role, String bootstrap, String topic, String group, int port, String recordingsDir) {
        this.role = role;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
        this.port = port;
        this.recordingsDir = recordingsDir;
    }

    /** The ingest node's HTTP port (HTTP-FLV, LL-HLS, player page); 0 (the default) serves no HTTP. */
    public KafkaRoute httpPort(int httpPort) {
        this.httpPort = httpPort;
        return this;
    }

    /** The ingest node's idle take-over time in seconds (see {@link RecorderRoute}); null for the default. */
    public KafkaRoute idleTakeOverSeconds(Integer seconds) {
        this.idleTakeOverSeconds = seconds;
        return this;
    }

    @Override
    public void configure() {
        bindToRegistry("rtmpKafkaHeaders", new RtmpKafkaHeaders());
        String kafka = "kafka:" + topic + "?brokers=" + bootstrap;
        String consumer = kafka + "&groupId=" + group
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders";
        switch (role) {
        case INGEST -> {
            String takeOver = idleTakeOverSeconds == null ? ""
                    : "&idlePublisherTakeOver=" + idleTakeOverSeconds * 1000L;
            String http = httpPort == 0 ? "" : "&httpPort=" + httpPort;
            RouteDefinition route = from("rtmp://0.0.0.0:" + port + "?lifecycleEvents=true" + takeOver + http)
                    .routeId("ingest")
                    .process(new RtmpToKafka())
                    .to(kafka + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                            + "&headerFilterStrategy=#rtmpKafkaHeaders&headerSerializer=#rtmpKafkaHeaders");
            RecorderRoute.logEvents(route, ", sending to Kafka topic " + topic,
                    " sent to Kafka topic " + topic);
        }
        case RECORD -> {
            // offsets committed at key frames: a partition's next owner begins at a key frame this one has recorded
            KeyFrameCommits commits = new KeyFrameCommits();
            bindToRegistry("keyFrameCommits", commits);
            ProcessorDefinition<?> split = from(consumer + "&autoOffsetReset=earliest&autoCommitEnable=false"
                    + "&allowManualCommit=true&kafkaManualCommitFactory=#keyFrameCommits"
                    // cooperative: a rebalance moves only the partitions that change owner; the others go on
                    + "&partitionAssignor=org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
                    .routeId(RecorderRoute.ROUTE_ID)
                    .process(commits.noteRecord())
                    .split(new KafkaToRtmp())
                        .to("flv:" + recordingsDir);
            RecorderRoute.logEvents(split, ", recording into ${header." + FlvConstants.FILE_NAME + "}",
                    " recorded in ${header." + FlvConstants.FILE_NAME + "}");
            split.end()
                    .process(commits.afterRecord());
        }
        case EDGE -> {
            // one serving endpoint per application: rtmp://host:port/<app>/<key>, on one listener. The static one
            // (application live, the usual) opens the listener when the context starts, so that players get an
            // answer before any stream comes; the others start at their application's first record
            // a path another publish still holds (a stream of a node that died is served until it idles out):
            // RtmpServeProducer says so in one line and drops the frames until the path is free
            onException(RtmpPublishException.class).handled(true);
            from(consumer + "&autoOffsetReset=latest")
                    .routeId("edge")
                    .split(new KafkaToRtmp())
                        .choice()
                            .when(header(RtmpConstants.APPLICATION).isEqualTo("live"))
                                .to("rtmp://0.0.0.0:" + port + "/live?serve=true" + SERVE_OPTIONS)
                            .otherwise()
                                .toD("rtmp://0.0.0.0:" + port + "/${header." + RtmpConstants.APPLICATION
                                        + "}?serve=true" + SERVE_OPTIONS)
                        .end()
                    .end();
        }
        default -> throw new IllegalStateException(role.toString());
        }
    }
}
