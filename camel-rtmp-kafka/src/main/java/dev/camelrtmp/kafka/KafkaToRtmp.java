package dev.camelrtmp.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an Exchange of camel-kafka's consumer, from a record that {@link RtmpToKafka} sent, what the {@code rtmp:}
 * consumer made: the payload as byte[] (no body for lifecycle events) with the typed RTMP headers that
 * {@link RtmpKafkaHeaders} restored. The records of a split frame are joined: the Exchanges of all but the last stop
 * here, the last goes on with the whole payload. A frame that cannot be joined (the consumer started in its middle,
 * or a part is missing) is dropped with one log line; nothing is dropped silently.
 * <pre>
 * from("kafka:rtmp-frames?brokers=...&amp;valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
 *         + "&amp;headerFilterStrategy=#rtmpKafkaHeaders&amp;headerDeserializer=#rtmpKafkaHeaders")
 *     .process(new KafkaToRtmp())
 *     .to("flv:/recordings");
 * </pre>
 * Records of one stream come in order from one partition, so one instance serves any number of streams and
 * consumers.
 */
public class KafkaToRtmp implements Processor {

    /** The largest frame joined: RTMP message lengths have 24 bits. */
    public static final int MAX_FRAME_LENGTH = 0xFFFFFF;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaToRtmp.class);

    /** The frame being joined, per publish: record key (stream), connection id and message stream id. */
    private final Map<String, Joining> joining = new ConcurrentHashMap<>();

    private static final class Joining {
        final String frameId;
        final int parts;
        final byte[] payload;
        int received;
        int length;

        Joining(String frameId, int parts, int length) {
            this.frameId = frameId;
            this.parts = parts;
            this.payload = new byte[length];
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Object body = in.getBody();
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (type == null) {
            throw new IllegalArgumentException("kafka to rtmp: the record has no header " + RtmpConstants.MESSAGE_TYPE
                    + ": not sent by RtmpToKafka, or the consumer lacks headerFilterStrategy=#<RtmpKafkaHeaders bean>"
                    + "&headerDeserializer=#<RtmpKafkaHeaders bean>");
        }
        if (body != null && !(body instanceof byte[])) {
            throw new IllegalArgumentException("kafka to rtmp: the record value is a " + body.getClass().getName()
                    + ", not byte[]: set the consumer's "
                    + "valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer");
        }
        String stream = in.getHeader(KafkaConstants.KEY, String.class);
        if (stream == null) {
            stream = in.getHeader(RtmpConstants.APPLICATION, String.class) + "/"
                    + in.getHeader(RtmpConstants.STREAM_KEY, String.class);
        }
        // the parts of a split frame are consecutive among the records of its publish (connection, message stream)
        String slot = stream + " " + in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + " "
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            in.setBody(null);
            Joining left = joining.isEmpty() ? null : joining.remove(slot);
            if (left != null) {
                dropped(stream, left, "the publish ended before its last part");
            }
            return;
        }
        Integer parts = in.getHeader(RtmpKafkaConstants.FRAME_PARTS, Integer.class);
        String frameId = in.getHeader(RtmpKafkaConstants.FRAME_ID, String.class);
        if (parts == null) {
            Joining left = joining.isEmpty() ? null : joining.remove(slot);
            if (left != null) {
                dropped(stream, left, "a whole frame came before its last part");
            }
            return;
        }
        join(exchange, in, stream, slot, parts, frameId, (byte[]) body);
    }

    private void join(Exchange exchange, Message in, String stream, String slot, int parts, String frameId,
            byte[] part) {
        Integer length = in.getHeader(RtmpKafkaConstants.FRAME_LENGTH, Integer.class);
        exchange.setRouteStop(true); // unless this part completes the frame
        Joining frame = joining.get(slot);
        if (frame != null && !frame.frameId.equals(frameId)) {
            joining.remove(slot);
            dropped(stream, frame, "the parts of another frame came before its last part");
            frame = null;
        }
        if (frame == null) {
            if (frameId == null || length == null || length < 0 || length > MAX_FRAME_LENGTH || parts < 2) {
                LOG.warn("Kafka: dropped a frame part of stream {}: bad split headers (frame {}, {} parts, {} bytes)",
                        stream, frameId, parts, length);
                return;
            }
            frame = new Joining(frameId, parts, length);
            joining.put(slot, frame);
        }
        byte[] data = part == null ? new byte[0] : part;
        if (frame.length + data.length > frame.payload.length) {
            joining.remove(slot);
            dropped(stream, frame, "its parts are longer than the frame");
            return;
        }
        System.arraycopy(data, 0, frame.payload, frame.length, data.length);
        frame.length += data.length;
        frame.received++;
        if (frame.received < frame.parts) {
            return;
        }
        joining.remove(slot);
        if (frame.length != frame.payload.length) {
            dropped(stream, frame, "its parts are shorter than the frame (the consumer began in its middle?)");
            return;
        }
        in.setBody(frame.payload);
        in.removeHeader(RtmpKafkaConstants.FRAME_ID);
        in.removeHeader(RtmpKafkaConstants.FRAME_PARTS);
        in.removeHeader(RtmpKafkaConstants.FRAME_LENGTH);
        exchange.setRouteStop(false);
    }

    private static void dropped(String stream, Joining frame, String why) {
        LOG.warn("Kafka: dropped frame {} of stream {} ({} of {} parts, {} of {} bytes): {}", frame.frameId, stream,
                frame.received, frame.parts, frame.length, frame.payload.length, why);
    }
}
