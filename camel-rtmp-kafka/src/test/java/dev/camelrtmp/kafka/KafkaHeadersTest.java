package dev.camelrtmp.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.protocol.amf.AmfEcmaArray;
import dev.camelrtmp.protocol.amf.AmfUndefined;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RTMP headers through camel-kafka's header filtering and (de)serialization, as its producer and consumer apply
 * them, without a broker: every type comes back as it went, other Camel and Kafka headers stay out, and split frames
 * are joined.
 */
class KafkaHeadersTest {

    private final CamelContext context = new DefaultCamelContext();
    private final RtmpKafkaHeaders headers = new RtmpKafkaHeaders();

    /** A record as camel-kafka's producer makes it: key, value and the headers that pass the filter. */
    record Record(Object key, Object value, Map<String, byte[]> headers) {
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    private Record record(Exchange exchange, Message message) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (!headers.applyFilterToCamelHeaders(name, value, exchange)) {
                byte[] bytes = headers.serialize(name, value);
                if (bytes != null) {
                    out.put(name, bytes);
                }
            }
        });
        return new Record(message.getHeader(KafkaConstants.KEY), message.getBody(), out);
    }

    /** The records camel-kafka's producer sends for an Exchange: one, or one per element of a list body. */
    private List<Record> send(Exchange exchange) {
        List<Record> records = new ArrayList<>();
        if (exchange.getIn().getBody() instanceof List<?> parts) {
            for (Object part : parts) {
                records.add(record(exchange, (Message) part));
            }
        } else {
            records.add(record(exchange, exchange.getIn()));
        }
        return records;
    }

    /** The Exchange camel-kafka's consumer makes of a record. */
    private Exchange receive(Record record) {
        Exchange exchange = new DefaultExchange(context);
        Message in = exchange.getIn();
        record.headers().forEach((name, bytes) -> {
            if (!headers.applyFilterToExternalHeaders(name, bytes, exchange)) {
                in.setHeader(name, headers.deserialize(name, bytes));
            }
        });
        in.setHeader(KafkaConstants.KEY, record.key());
        in.setBody(record.value());
        return exchange;
    }

    private Exchange frame(String type, byte[] body) {
        Exchange exchange = new DefaultExchange(context);
        Message in = exchange.getIn();
        in.setHeader(RtmpConstants.APPLICATION, "live");
        in.setHeader(RtmpConstants.STREAM_KEY, "cam");
        in.setHeader(RtmpConstants.STREAM_NAME, "cam?token=x");
        in.setHeader(RtmpConstants.CONNECTION_ID, "c7");
        in.setHeader(RtmpConstants.MESSAGE_STREAM_ID, 1);
        in.setHeader(RtmpConstants.MESSAGE_TYPE, type);
        in.setHeader(RtmpConstants.MESSAGE_TYPE_ID, 9);
        in.setHeader(RtmpConstants.TIMESTAMP, 4_294_967_296L + 33);
        in.setHeader(RtmpConstants.KEY_FRAME, true);
        in.setHeader(RtmpConstants.SEQUENCE_HEADER, false);
        in.setBody(body);
        return exchange;
    }

    private static Map<String, Object> rtmpHeaders(Message message) {
        Map<String, Object> rtmp = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (name.startsWith(RtmpKafkaHeaders.PREFIX)) {
                rtmp.put(name, value);
            }
        });
        return rtmp;
    }

    @Test
    void everyHeaderTypeRoundTrips() throws Exception {
        AmfEcmaArray metadata = new AmfEcmaArray();
        metadata.put("duration", 0.0);
        metadata.put("width", 1280.0);
        metadata.put("encoder", "Lavf59.27.100");
        metadata.put("stereo", true);
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("app", "live");
        connect.put("tcUrl", "rtmp://127.0.0.1:1935/live");
        connect.put("fpad", false);
        connect.put("capabilities", 239.0);
        connect.put("pageUrl", AmfUndefined.INSTANCE);
        connect.put("extra", null);
        connect.put("list", List.of(1.0, "two"));

        Exchange exchange = frame(RtmpConstants.TYPE_DATA, new byte[] {2, 0, 10});
        Message in = exchange.getIn();
        in.setHeader(RtmpConstants.METADATA, metadata);
        in.setHeader(RtmpConstants.CONNECT_PARAMETERS, connect);
        in.setHeader(RtmpConstants.QUERY_PARAMETERS, Map.of("token", "x"));
        in.setHeader(RtmpConstants.DATA_NAME, "onMetaData");
        in.setHeader("CamelRtmpSomeDouble", 2.5);
        in.setHeader("CamelRtmpSomeBytes", new byte[] {1, 2, 3});
        in.setHeader("CamelRtmpSomeEnum", java.time.DayOfWeek.MONDAY);
        in.setHeader("CamelFlvFileName", "/somewhere.flv");
        in.setHeader("kafka.OVERRIDE_TOPIC", "elsewhere");
        in.setHeader("plain", "text");
        Map<String, Object> sent = rtmpHeaders(in);

        new RtmpToKafka().process(exchange);
        List<Record> records = send(exchange);
        assertThat(records).hasSize(1);
        Record record = records.get(0);
        assertThat(record.key()).isEqualTo("live/cam");
        assertThat(record.headers()).doesNotContainKeys("CamelFlvFileName", "kafka.OVERRIDE_TOPIC", "kafka.KEY")
                .containsKey("plain");

        Exchange received = receive(record);
        new KafkaToRtmp().process(received);
        Message out = received.getIn();
        Map<String, Object> got = rtmpHeaders(out);
        sent.put("CamelRtmpSomeEnum", "MONDAY"); // enums travel by name
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        sent.forEach((name, value) -> {
            if (value instanceof byte[] bytes) {
                assertThat((byte[]) got.get(name)).as(name).isEqualTo(bytes);
            } else {
                assertThat(got.get(name)).as(name).isEqualTo(value);
                if (!(value instanceof Map)) { // maps come back as LinkedHashMap (AMF0 objects) or AmfEcmaArray
                    assertThat(got.get(name).getClass()).as(name + " type").isEqualTo(value.getClass());
                }
            }
        });
        assertThat(out.getHeader(RtmpConstants.METADATA)).isInstanceOf(AmfEcmaArray.class);
        assertThat(out.getHeader("plain")).isEqualTo("text".getBytes());
        assertThat(out.getBody(byte[].class)).containsExactly(2, 0, 10);
    }

    @Test
    void eventsTravelWithoutBody() throws Exception {
        Exchange exchange = frame(RtmpConstants.TYPE_EVENT, null);
        exchange.getIn().setHeader(RtmpConstants.EVENT, RtmpConstants.PUBLISH_END);
        exchange.getIn().setHeader(RtmpConstants.VIDEO_COUNT, 180L);
        new RtmpToKafka().process(exchange);
        Record record = send(exchange).get(0);
        assertThat((byte[]) record.value()).isEmpty();
        Exchange received = receive(record);
        new KafkaToRtmp().process(received);
        assertThat(received.getIn().getBody()).isNull();
        assertThat(received.getIn().getHeader(RtmpConstants.VIDEO_COUNT)).isEqualTo(180L);
        assertThat(received.getIn().getHeader(RtmpConstants.EVENT)).isEqualTo(RtmpConstants.PUBLISH_END);
    }

    @Test
    void largeFramesAreSplitAndJoined() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(payload);
        Exchange exchange = frame(RtmpConstants.TYPE_VIDEO, payload);
        new RtmpToKafka().process(exchange);
        List<Record> records = send(exchange);
        assertThat(records).hasSize(7);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("live/cam");
            assertThat(((byte[]) r.value()).length).isLessThanOrEqualTo(RtmpToKafka.DEFAULT_MAX_RECORD_PAYLOAD);
        });

        KafkaToRtmp join = new KafkaToRtmp();
        for (int i = 0; i < records.size(); i++) {
            Exchange received = receive(records.get(i));
            join.process(received);
            assertThat(received.isRouteStop()).as("record " + i + " stops").isEqualTo(i < records.size() - 1);
            if (i == records.size() - 1) {
                assertThat(received.getIn().getBody(byte[].class)).isEqualTo(payload);
                assertThat(received.getIn().getHeader(RtmpConstants.TIMESTAMP)).isEqualTo(4_294_967_296L + 33);
                assertThat(received.getIn().getHeaders()).doesNotContainKeys(RtmpKafkaConstants.FRAME_ID,
                        RtmpKafkaConstants.FRAME_PARTS, RtmpKafkaConstants.FRAME_LENGTH);
            }
        }
    }

    @Test
    void aFrameWithoutItsFirstPartsIsDroppedAndTheNextGoesOn() throws Exception {
        byte[] payload = new byte[1024 * 1024 + 1];
        Exchange big = frame(RtmpConstants.TYPE_VIDEO, payload);
        new RtmpToKafka().process(big);
        List<Record> parts = send(big);
        assertThat(parts).hasSize(3);
        Exchange small = frame(RtmpConstants.TYPE_VIDEO, new byte[] {0x27, 1});
        new RtmpToKafka().process(small);

        KafkaToRtmp join = new KafkaToRtmp();
        for (Record part : parts.subList(1, 3)) { // a consumer that began in the middle of the frame
            Exchange received = receive(part);
            join.process(received);
            assertThat(received.isRouteStop()).isTrue();
        }
        Exchange next = receive(send(small).get(0));
        join.process(next);
        assertThat(next.isRouteStop()).isFalse();
        assertThat(next.getIn().getBody(byte[].class)).containsExactly(0x27, 1);
    }

    @Test
    void partsOfTwoPublishesOfOneStreamInterleavedAreJoinedEach() throws Exception {
        byte[] first = new byte[1024 * 1024];
        byte[] second = new byte[1024 * 1024 + 5];
        new Random(1).nextBytes(first);
        new Random(2).nextBytes(second);
        Exchange a = frame(RtmpConstants.TYPE_VIDEO, first);
        Exchange b = frame(RtmpConstants.TYPE_VIDEO, second);
        b.getIn().setHeader(RtmpConstants.CONNECTION_ID, "c8"); // the same stream published on another ingest node
        RtmpToKafka ingest = new RtmpToKafka();
        ingest.process(a);
        ingest.process(b);
        List<Record> partsA = send(a);
        List<Record> partsB = send(b);
        List<Record> interleaved = List.of(partsA.get(0), partsB.get(0), partsA.get(1), partsB.get(1), partsB.get(2));
        KafkaToRtmp join = new KafkaToRtmp();
        List<byte[]> joined = new ArrayList<>();
        for (Record record : interleaved) {
            Exchange received = receive(record);
            join.process(received);
            if (!received.isRouteStop()) {
                joined.add(received.getIn().getBody(byte[].class));
            }
        }
        assertThat(joined).containsExactly(first, second);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConsumerJoiningMidStreamBeginsAtTheNextKeyFrameWithMetadataAndSequenceHeaders() throws Exception {
        AmfEcmaArray metadata = new AmfEcmaArray();
        metadata.put("width", 320.0);
        Exchange onMetaData = frame(RtmpConstants.TYPE_DATA, new byte[] {2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a'});
        onMetaData.getIn().setHeader(RtmpConstants.DATA_NAME, "onMetaData");
        onMetaData.getIn().setHeader(RtmpConstants.METADATA, metadata);
        Exchange videoConfig = frame(RtmpConstants.TYPE_VIDEO, new byte[] {0x17, 0, 0, 0, 0, 1, 0x42});
        videoConfig.getIn().setHeader(RtmpConstants.SEQUENCE_HEADER, true);
        videoConfig.getIn().setHeader(RtmpConstants.KEY_FRAME, false);
        Exchange audioConfig = frame(RtmpConstants.TYPE_AUDIO, new byte[] {(byte) 0xAF, 0, 0x12, 0x10});
        audioConfig.getIn().setHeader(RtmpConstants.SEQUENCE_HEADER, true);
        audioConfig.getIn().removeHeader(RtmpConstants.KEY_FRAME);
        Exchange inter = frame(RtmpConstants.TYPE_VIDEO, new byte[] {0x27, 1, 0, 0, 0, 9});
        inter.getIn().setHeader(RtmpConstants.KEY_FRAME, false);
        Exchange key = frame(RtmpConstants.TYPE_VIDEO, new byte[] {0x17, 1, 0, 0, 0, 7});
        RtmpToKafka ingest = new RtmpToKafka();
        List<Record> records = new ArrayList<>();
        for (Exchange e : List.of(onMetaData, videoConfig, audioConfig, inter, key)) {
            ingest.process(e);
            records.addAll(send(e));
        }
        assertThat(records.get(4).headers()).containsKey(RtmpKafkaConstants.DECODER_STATE);
        assertThat(records.get(3).headers()).doesNotContainKey(RtmpKafkaConstants.DECODER_STATE);

        KafkaToRtmp join = new KafkaToRtmp();
        List<Message> atInter = join.evaluate(receive(records.get(3)), List.class); // joins at the inter frame
        assertThat(atInter).isEmpty();
        List<Message> atKey = join.evaluate(receive(records.get(4)), List.class);
        assertThat(atKey).extracting(m -> m.getBody(byte[].class)).containsExactly(onMetaData.getIn().getBody(
                byte[].class), videoConfig.getIn().getBody(byte[].class), audioConfig.getIn().getBody(byte[].class),
                key.getIn().getBody(byte[].class));
        assertThat(atKey.get(0).getHeader(RtmpConstants.METADATA)).isEqualTo(metadata);
        assertThat(atKey.get(1).getHeader(RtmpConstants.SEQUENCE_HEADER)).isEqualTo(true);
        assertThat(atKey.get(3).getHeaders()).doesNotContainKey(RtmpKafkaConstants.DECODER_STATE);
        List<Message> next = join.evaluate(receive(records.get(3)), List.class); // from now on: one each
        assertThat(next).hasSize(1);

        KafkaToRtmp fromStart = new KafkaToRtmp();
        Exchange start = frame(RtmpConstants.TYPE_EVENT, null);
        start.getIn().setHeader(RtmpConstants.EVENT, RtmpConstants.PUBLISH_START);
        new RtmpToKafka().process(start);
        assertThat(fromStart.evaluate(receive(send(start).get(0)), List.class)).hasSize(1);
        List<Message> first = fromStart.evaluate(receive(records.get(3)), List.class);
        assertThat(first).as("a consumer that saw the publish start takes every record").hasSize(1);
    }

    @Test
    void recordsNotMadeByRtmpToKafkaAreRefusedClearly() {
        Exchange received = receive(new Record("live/cam", "text", Map.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KafkaToRtmp().process(received))
                .hasMessageContaining("headerDeserializer");
        Exchange stringValue = receive(new Record("live/cam", "text",
                Map.of(RtmpConstants.MESSAGE_TYPE, headers.serialize(RtmpConstants.MESSAGE_TYPE, "VIDEO"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KafkaToRtmp().process(stringValue))
                .hasMessageContaining("ByteArrayDeserializer");
    }
}
