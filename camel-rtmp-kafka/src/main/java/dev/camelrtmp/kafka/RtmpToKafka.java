package dev.camelrtmp.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Makes an Exchange of the {@code rtmp:} consumer (a frame or a lifecycle event) ready for camel-kafka's producer:
 * the record key {@code <application>/<stream key>} (header {@code kafka.KEY}), so that each stream goes to one
 * partition, in order; an empty body for events. A payload larger than {@link #getMaxRecordPayload()} (default
 * {@value #DEFAULT_MAX_RECORD_PAYLOAD} bytes, well within Kafka's default 1 MiB limits) is split: the body becomes
 * the list of its parts, which camel-kafka sends as consecutive records of the same key, each with the frame's
 * headers and {@link RtmpKafkaConstants}; {@link KafkaToRtmp} joins them again on the consuming side. Each video key
 * frame (in streams without video: an audio frame a second) carries the stream's onMetaData and sequence headers
 * ({@link RtmpKafkaConstants#DECODER_STATE}), so that a consumer that joins mid-stream can begin there; the state of
 * a publish is kept until its PUBLISH_END event (use {@code lifecycleEvents=true}).
 * <pre>
 * from("rtmp://0.0.0.0:1935/live?lifecycleEvents=true")
 *     .process(new RtmpToKafka())
 *     .to("kafka:rtmp-frames?brokers=...&amp;valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
 *         + "&amp;headerFilterStrategy=#rtmpKafkaHeaders&amp;headerSerializer=#rtmpKafkaHeaders");
 * </pre>
 */
public class RtmpToKafka implements Processor {

    /** The default largest payload sent as one record: 512 KiB. */
    public static final int DEFAULT_MAX_RECORD_PAYLOAD = 512 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private final int maxRecordPayload;
    private final String producerId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final AtomicLong frames = new AtomicLong();
    /** The decoder state of each publish (stream, connection, message stream), until its PUBLISH_END. */
    private final Map<String, DecoderState> states = new ConcurrentHashMap<>();
    private final RtmpKafkaHeaders headers = new RtmpKafkaHeaders();

    /** Splits payloads above {@value #DEFAULT_MAX_RECORD_PAYLOAD} bytes. */
    public RtmpToKafka() {
        this(DEFAULT_MAX_RECORD_PAYLOAD);
    }

    /**
     * @param maxRecordPayload the largest payload sent as one record, in bytes; keep it below the producer's
     *                         {@code maxRequestSize}, the topic's {@code max.message.bytes} and the broker's
     *                         {@code message.max.bytes}, with room for the headers (under 2 KB)
     */
    public RtmpToKafka(int maxRecordPayload) {
        if (maxRecordPayload < 1024) {
            throw new IllegalArgumentException("maxRecordPayload must be at least 1024 bytes, not "
                    + maxRecordPayload);
        }
        this.maxRecordPayload = maxRecordPayload;
    }

    /** The largest payload sent as one record, in bytes. */
    public int getMaxRecordPayload() {
        return maxRecordPayload;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String application = in.getHeader(RtmpConstants.APPLICATION, String.class);
        String streamKey = in.getHeader(RtmpConstants.STREAM_KEY, String.class);
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (application == null || streamKey == null || type == null) {
            throw new IllegalArgumentException("rtmp to kafka: the Exchange lacks the RTMP headers "
                    + RtmpConstants.APPLICATION + ", " + RtmpConstants.STREAM_KEY + " and "
                    + RtmpConstants.MESSAGE_TYPE + ": it does not come from the rtmp: consumer");
        }
        in.setHeader(KafkaConstants.KEY, application + "/" + streamKey);
        String publish = application + "/" + streamKey + " " + in.getHeader(RtmpConstants.CONNECTION_ID, "",
                String.class) + " " + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            in.setBody(EMPTY);
            Object event = in.getHeader(RtmpConstants.EVENT);
            if (RtmpConstants.PUBLISH_START.equals(event) || RtmpConstants.PUBLISH_END.equals(event)) {
                states.remove(publish);
            }
            return;
        }
        byte[] payload = in.getMandatoryBody(byte[].class);
        DecoderState state = states.computeIfAbsent(publish, p -> new DecoderState());
        if (!state.keep(in, type, payload)) {
            long timestamp = in.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class);
            boolean keyFrame = RtmpConstants.TYPE_VIDEO.equals(type)
                    && Boolean.TRUE.equals(in.getHeader(RtmpConstants.KEY_FRAME, Boolean.class));
            boolean audioOnly = RtmpConstants.TYPE_AUDIO.equals(type) && !state.hasVideo()
                    && (state.lastAudioSent == Long.MIN_VALUE || timestamp - state.lastAudioSent >= 1000);
            if (keyFrame || audioOnly) {
                byte[] encoded = state.encoded(headers);
                if (encoded != null) {
                    in.setHeader(RtmpKafkaConstants.DECODER_STATE, encoded);
                    if (audioOnly) {
                        state.lastAudioSent = timestamp;
                    }
                }
            }
        }
        if (payload.length <= maxRecordPayload) {
            return;
        }
        int parts = (payload.length + maxRecordPayload - 1) / maxRecordPayload;
        in.setHeader(RtmpKafkaConstants.FRAME_ID, producerId + "-" + frames.incrementAndGet());
        in.setHeader(RtmpKafkaConstants.FRAME_PARTS, parts);
        in.setHeader(RtmpKafkaConstants.FRAME_LENGTH, payload.length);
        List<Message> records = new ArrayList<>(parts);
        for (int offset = 0; offset < payload.length; offset += maxRecordPayload) {
            Message part = new DefaultMessage(exchange);
            part.getHeaders().putAll(in.getHeaders());
            part.setBody(Arrays.copyOfRange(payload, offset, Math.min(payload.length, offset + maxRecordPayload)));
            records.add(part);
        }
        in.setBody(records);
    }
}
