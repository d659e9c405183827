package dev.camelrtmp.kafka;

/**
 * The headers {@link RtmpToKafka} adds to the records of a frame it splits; {@link KafkaToRtmp} removes them again.
 */
public final class RtmpKafkaConstants {

    /** An id of the split frame, the same on each of its records: {@code <producer id>-<counter>}. */
    public static final String FRAME_ID = "CamelRtmpKafkaFrameId";
    /** How many records the split frame takes (Integer). */
    public static final String FRAME_PARTS = "CamelRtmpKafkaFrameParts";
    /** The length of the whole payload of the split frame in bytes (Integer). */
    public static final String FRAME_LENGTH = "CamelRtmpKafkaFrameLength";

    private RtmpKafkaConstants() {
    }
}
