package dev.camelrtmp.kafka;

import org.apache.camel.builder.RouteBuilder;

/**
 * An edge of docs/kafka.md: serves every stream of topic {@code rtmp-frames} to players at
 * {@code rtmp://host:PORT/live/<key>}. Each edge has a group of its own, so every edge gets every stream.
 */
public class KafkaToEdgeRoute extends RouteBuilder {

    @Override
    public void configure() {
        bindToRegistry("rtmpKafkaHeaders", new RtmpKafkaHeaders());

        from("kafka:rtmp-frames?brokers={{kafka.brokers}}&groupId={{edge.name}}&autoOffsetReset=latest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders")
            .split(new KafkaToRtmp())
                .to("rtmp://0.0.0.0:{{edge.port}}/live?serve=true");
    }
}
