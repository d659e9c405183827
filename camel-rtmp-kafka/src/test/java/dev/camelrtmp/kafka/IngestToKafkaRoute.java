package dev.camelrtmp.kafka;

import org.apache.camel.builder.RouteBuilder;

/**
 * The ingest machine of docs/kafka.md: every frame and lifecycle event of every stream published to it goes to topic
 * {@code rtmp-frames}, keyed by stream.
 */
public class IngestToKafkaRoute extends RouteBuilder {

    @Override
    public void configure() {
        bindToRegistry("rtmpKafkaHeaders", new RtmpKafkaHeaders());

        from("rtmp://0.0.0.0:{{rtmp.port}}/live?lifecycleEvents=true")
            .process(new RtmpToKafka())
            .to("kafka:rtmp-frames?brokers={{kafka.brokers}}"
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&headerFilterStrategy=#rtmpKafkaHeaders&headerSerializer=#rtmpKafkaHeaders");
    }
}
