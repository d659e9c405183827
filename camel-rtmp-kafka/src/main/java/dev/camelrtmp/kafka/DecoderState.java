package dev.camelrtmp.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.Message;

/**
 * What a decoder needs before a stream's key frame: its latest onMetaData and the sequence headers of its tracks, as
 * the messages they came in (their {@code CamelRtmp*} headers and payloads). {@link RtmpToKafka} keeps one per
 * publish and sends it with each key frame, in header {@link RtmpKafkaConstants#DECODER_STATE}; {@link KafkaToRtmp}
 * gives a consumer that joins the stream mid-way these messages before the key frame it begins with.
 */
final class DecoderState {

    /** A message as it came: its RTMP headers and payload. */
    record Saved(Map<String, Object> headers, byte[] body) {
    }

    private Saved metadata;
    private final Map<Integer, Saved> video = new LinkedHashMap<>();
    private final Map<Integer, Saved> audio = new LinkedHashMap<>();
    private byte[] encoded;
    /** The timestamp the state was last sent with on an audio frame (streams without video). */
    long lastAudioSent = Long.MIN_VALUE;

    boolean hasVideo() {
        return !video.isEmpty();
    }

    /** Keeps the message if it is onMetaData or a sequence header; whether it was. */
    boolean keep(Message in, String type, byte[] body) {
        Integer track = in.getHeader(RtmpConstants.TRACK_ID, 0, Integer.class);
        if (RtmpConstants.TYPE_DATA.equals(type)) {
            if (!"onMetaData".equals(in.getHeader(RtmpConstants.DATA_NAME))) {
                return false;
            }
            metadata = saved(in, body);
        } else if (Boolean.TRUE.equals(in.getHeader(RtmpConstants.SEQUENCE_HEADER, Boolean.class))) {
            (RtmpConstants.TYPE_VIDEO.equals(type) ? video : audio).put(track, saved(in, body));
        } else {
            return false;
        }
        encoded = null;
        return true;
    }

    private static Saved saved(Message in, byte[] body) {
        Map<String, Object> headers = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (value != null && name.startsWith(RtmpKafkaHeaders.PREFIX)) {
                headers.put(name, value);
            }
        });
        return new Saved(headers, body);
    }

    /** The state as a header value, or null when there is nothing to send. */
    byte[] encoded(RtmpKafkaHeaders serializer) {
        if (encoded == null) {
            List<Saved> all = new ArrayList<>();
            if (metadata != null) {
                all.add(metadata);
            }
            all.addAll(video.values());
            all.addAll(audio.values());
            if (all.isEmpty()) {
                return null;
            }
            encoded = encode(all, serializer);
        }
        return encoded;
    }

    static byte[] encode(List<Saved> messages, RtmpKafkaHeaders serializer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(messages.size());
            for (Saved message : messages) {
                List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
                message.headers().forEach((name, value) -> {
                    byte[] data = serializer.serialize(name, value);
                    if (data != null) {
                        headers.add(Map.entry(name, data));
                    }
                });
                out.writeInt(headers.size());
                for (Map.Entry<String, byte[]> header : headers) {
                    byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
                    out.writeShort(name.length);
                    out.write(name);
                    out.writeInt(header.getValue().length);
                    out.write(header.getValue());
                }
                out.writeInt(message.body().length);
                out.write(message.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The messages of an encoded state; throws IOException on a malformed one. */
    static List<Saved> decode(byte[] state, RtmpKafkaHeaders deserializer) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(state));
        int count = in.readInt();
        if (count < 0 || count > 64) {
            throw new IOException("decoder state of " + count + " messages");
        }
        List<Saved> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int headerCount = in.readInt();
            if (headerCount < 0 || headerCount > 256) {
                throw new IOException("decoder state message of " + headerCount + " headers");
            }
            Map<String, Object> headers = new LinkedHashMap<>();
            for (int h = 0; h < headerCount; h++) {
                String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                headers.put(name, deserializer.deserialize(name, readBytes(in)));
            }
            messages.add(new Saved(headers, readBytes(in)));
        }
        return messages;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("decoder state truncated");
        }
        return in.readNBytes(length);
    }
}
