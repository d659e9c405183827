package dev.camelrtmp.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an Exchange of camel-kafka's consumer, from a record that {@link RtmpToKafka} sent, what the {@code rtmp:}
 * consumer made: the payload as byte[] (no body for lifecycle events) with the typed RTMP headers that
 * {@link RtmpKafkaHeaders} restored. The records of a split frame are joined: the Exchanges of all but the last stop
 * here, the last goes on with the whole payload. A frame that cannot be joined (the consumer started in its middle,
 * or a part is missing) is dropped with one log line; nothing is dropped silently.
 * <p>
 * Use it as the expression of a split: then a consumer that joins a stream mid-way (a new consumer, or one that takes
 * a partition over) begins it at its next key frame, preceded by the stream's onMetaData and sequence headers, so
 * that what it records or serves decodes from the start:
 * <pre>
 * from("kafka:rtmp-frames?brokers=...&amp;valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
 *         + "&amp;headerFilterStrategy=#rtmpKafkaHeaders&amp;headerDeserializer=#rtmpKafkaHeaders")
 *     .split(new KafkaToRtmp())
 *         .to("flv:/recordings");
 * </pre>
 * As a Processor ({@code .process(new KafkaToRtmp())}) it cannot add Exchanges: a stream joined mid-way then begins
 * with whatever record comes next.
 * Records of one stream come in order from one partition, so one instance serves any number of streams and
 * consumers.
 */
public class KafkaToRtmp implements Processor, Expression {

    /** The largest frame joined: RTMP message lengths have 24 bits. */
    public static final int MAX_FRAME_LENGTH = 0xFFFFFF;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaToRtmp.class);

    /** The frame being joined, per publish: record key (stream), connection id and message stream id. */
    private final Map<String, Joining> joining = new ConcurrentHashMap<>();
    /** The publishes this consumer has seen (split mode), until their PUBLISH_END. */
    private final Map<String, Joined> streams = new ConcurrentHashMap<>();
    private final RtmpKafkaHeaders headers = new RtmpKafkaHeaders();

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

    /**
     * As a Processor: the Exchange becomes what the {@code rtmp:} consumer made, or stops here (a part of a split
     * frame). A consumer that joins a stream mid-way begins with whatever record comes next; use
     * {@link #evaluate(Exchange, Class)} (the route's {@code split}) to begin such a stream at its next key frame.
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        convert(exchange);
        exchange.getIn().removeHeader(RtmpKafkaConstants.DECODER_STATE);
    }

    /**
     * As the Expression of a split ({@code .split(new KafkaToRtmp())}): the messages the record gives, as the
     * {@code rtmp:} consumer made them: usually one; none for a part of a split frame; for a stream this consumer
     * joins mid-way, none until its next key frame, then the stream's onMetaData and sequence headers and the key
     * frame.
     */
    @Override
    public <T> T evaluate(Exchange exchange, Class<T> type) {
        try {
            return type.cast(messages(exchange));
        } catch (Exception e) {
            throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    private List<Message> messages(Exchange exchange) throws Exception {
        convert(exchange);
        if (exchange.isRouteStop()) {
            exchange.setRouteStop(false);
            return List.of();
        }
        Message in = exchange.getIn();
        String stream = stream(in);
        String publish = publish(in, stream);
        byte[] state = in.getHeader(RtmpKafkaConstants.DECODER_STATE, byte[].class);
        in.removeHeader(RtmpKafkaConstants.DECODER_STATE);
        Object event = in.getHeader(RtmpConstants.EVENT);
        Joined joined = streams.get(publish);
        if (joined == null) {
            joined = new Joined(RtmpConstants.PUBLISH_START.equals(event));
            if (!joined.begun) {
                LOG.info("Kafka: joined {} mid-stream: it begins at its next key frame", stream);
            }
            streams.put(publish, joined);
        }
        if (RtmpConstants.PUBLISH_END.equals(event)) {
            streams.remove(publish);
        }
        if (joined.begun || event != null) {
            return List.of(in.copy());
        }
        if (state == null) {
            joined.skipped++;
            return List.of();
        }
        List<DecoderState.Saved> saved;
        try {
            saved = DecoderState.decode(state, headers);
        } catch (java.io.IOException e) {
            joined.skipped++;
            LOG.warn("Kafka: a key frame of {} has a bad decoder state ({}): waiting for the next", stream,
                    e.getMessage());
            return List.of();
        }
        joined.begun = true;
        LOG.info("Kafka: {} begins at its key frame at {} ms, with {} messages of metadata and sequence headers; {} "
                + "messages before it skipped", stream, in.getHeader(RtmpConstants.TIMESTAMP), saved.size(),
                joined.skipped);
        List<Message> messages = new ArrayList<>(saved.size() + 1);
        for (DecoderState.Saved message : saved) {
            Message m = new DefaultMessage(exchange.getContext());
            m.getHeaders().putAll(message.headers());
            m.setBody(message.body());
            messages.add(m);
        }
        messages.add(in.copy());
        return messages;
    }

    private static String stream(Message in) {
        String stream = in.getHeader(KafkaConstants.KEY, String.class);
        return stream != null ? stream : in.getHeader(RtmpConstants.APPLICATION, String.class) + "/"
                + in.getHeader(RtmpConstants.STREAM_KEY, String.class);
    }

    private static String publish(Message in, String stream) {
        return stream + " " + in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + " "
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
    }

    /** Whether a publish has begun for this consumer (at its PUBLISH_START, or at a key frame after joining). */
    private static final class Joined {
        boolean begun;
        long skipped;

        Joined(boolean begun) {
            this.begun = begun;
        }
    }

    private void convert(Exchange exchange) throws Exception {
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
        String stream = stream(in);
        // the parts of a split frame are consecutive among the records of its publish (connection, message stream)
        String slot = publish(in, stream);
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
