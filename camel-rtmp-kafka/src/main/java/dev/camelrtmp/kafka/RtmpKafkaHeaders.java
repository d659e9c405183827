package dev.camelrtmp.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.protocol.amf.Amf0;
import io.netty.buffer.Unpooled;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaHeaderFilterStrategy;
import org.apache.camel.component.kafka.serde.DefaultKafkaHeaderSerializer;
import org.apache.camel.component.kafka.serde.KafkaHeaderDeserializer;
import org.apache.camel.component.kafka.serde.KafkaHeaderSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP headers ({@code CamelRtmp*}) as Kafka record headers, typed: one bean that is camel-kafka's header filter
 * strategy, header serializer and header deserializer at once. Bind it once (for example as {@code rtmpKafkaHeaders})
 * and name it in the endpoint URIs: {@code headerFilterStrategy=#rtmpKafkaHeaders&headerSerializer=#rtmpKafkaHeaders}
 * on the producer, {@code headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders} on the
 * consumer.
 * <p>
 * camel-kafka's own strategy drops every header whose name starts with {@code Camel}; this one lets the
 * {@code CamelRtmp*} headers through both ways and filters the rest exactly as camel-kafka does. Each
 * {@code CamelRtmp*} value is written as one type byte and the value: {@code S} a UTF-8 String, {@code I} a 4-byte
 * Integer, {@code J} an 8-byte Long, {@code Z} a Boolean (one byte, 0 or 1), {@code D} an 8-byte Double, {@code B}
 * raw bytes (byte[]), {@code A} anything else AMF0 encodes (the onMetaData and connect objects, maps, lists), all
 * numbers big-endian. The consumer gets back the same Java types, so {@code flv:}, {@code hls:}, {@code mp4:} and
 * the {@code rtmp:} producers read the Exchange as if it came from the {@code rtmp:} consumer. Other headers are
 * serialized as camel-kafka's default serializer does and come back as byte[].
 */
public class RtmpKafkaHeaders extends KafkaHeaderFilterStrategy implements KafkaHeaderSerializer, KafkaHeaderDeserializer {

    /** The prefix of the headers this class carries typed. */
    public static final String PREFIX = "CamelRtmp";

    static final byte STRING = 'S';
    static final byte INTEGER = 'I';
    static final byte LONG = 'J';
    static final byte BOOLEAN = 'Z';
    static final byte DOUBLE = 'D';
    static final byte BYTES = 'B';
    static final byte AMF0 = 'A';

    private static final Logger LOG = LoggerFactory.getLogger(RtmpKafkaHeaders.class);

    private final DefaultKafkaHeaderSerializer others = new DefaultKafkaHeaderSerializer();
    /** Header names already reported as not carried: one log line each, not one per frame. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** Whether a header is one this class carries typed: its name starts with {@value #PREFIX}. */
    public static boolean isRtmpHeader(String name) {
        return name != null && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !isRtmpHeader(headerName) && super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !isRtmpHeader(headerName) && super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }

    /**
     * The bytes of a header value; null (the header is left out) for a null value or, said once per header name in
     * the log, a value of a type it cannot carry.
     */
    @Override
    public byte[] serialize(String key, Object value) {
        if (!isRtmpHeader(key)) {
            return others.serialize(key, value);
        }
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Integer i) {
            return ByteBuffer.allocate(5).put(INTEGER).putInt(i).array();
        } else if (value instanceof Long l) {
            return ByteBuffer.allocate(9).put(LONG).putLong(l).array();
        } else if (value instanceof Boolean b) {
            return new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
        } else if (value instanceof Double d) {
            return ByteBuffer.allocate(9).put(DOUBLE).putDouble(d).array();
        } else if (value instanceof byte[] bytes) {
            return tagged(BYTES, bytes);
        } else if (value instanceof Enum<?> e) {
            return tagged(STRING, e.name().getBytes(StandardCharsets.UTF_8));
        }
        try {
            return tagged(AMF0, Amf0.encodeAll(value));
        } catch (RuntimeException e) {
            if (reported.add(key)) {
                LOG.warn("Kafka: header {} is not carried: its value, a {}, is none of String, Integer, Long, "
                        + "Boolean, Double, byte[] or an AMF0 value ({})", key, value.getClass().getName(),
                        e.getMessage());
            }
            return null;
        }
    }

    /**
     * The value of a header: the typed value for a {@code CamelRtmp*} header, the bytes as they are for others and
     * for a {@code CamelRtmp*} value this class did not write (said once per header name in the log).
     */
    @Override
    public Object deserialize(String key, byte[] value) {
        if (!isRtmpHeader(key) || value == null || value.length == 0) {
            return value;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
            Object decoded = switch (value[0]) {
                case STRING -> new String(value, 1, value.length - 1, StandardCharsets.UTF_8);
                case INTEGER -> value.length == 5 ? in.getInt() : null;
                case LONG -> value.length == 9 ? in.getLong() : null;
                case BOOLEAN -> value.length == 2 ? value[1] != 0 : null;
                case DOUBLE -> value.length == 9 ? in.getDouble() : null;
                case BYTES -> java.util.Arrays.copyOfRange(value, 1, value.length);
                case AMF0 -> Amf0.decode(Unpooled.wrappedBuffer(value, 1, value.length - 1));
                default -> null;
            };
            if (decoded != null) {
                return decoded;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        if (reported.add(key)) {
            LOG.warn("Kafka: header {} ({} bytes) was not written by {}: passed on as byte[]", key, value.length,
                    RtmpKafkaHeaders.class.getSimpleName());
        }
        return value;
    }

    private static byte[] tagged(byte tag, byte[] data) {
        byte[] out = new byte[data.length + 1];
        out[0] = tag;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }
}
