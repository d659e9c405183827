package dev.camelrtmp.kafka;

import org.apache.camel.builder.RouteBuilder;

/**
 * The recording machine of docs/kafka.md: records every stream of topic {@code rtmp-frames} into FLV files, as if
 * the streams had been published to it.
 */
public class KafkaToFlvRoute extends RouteBuilder {

    @Override
    public void configure() {
        bindToRegistry("rtmpKafkaHeaders", new RtmpKafkaHeaders());

        from("kafka:rtmp-frames?brokers={{kafka.brokers}}&groupId=recorder&autoOffsetReset=earliest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders")
            .split(new KafkaToRtmp())
                .to("flv:{{recordings}}");
    }
}
