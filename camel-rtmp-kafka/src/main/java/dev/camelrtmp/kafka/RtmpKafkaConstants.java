package dev.camelrtmp.kafka;

/**
 * The headers {@link RtmpToKafka} adds to records: those of a frame it splits, and the decoder state on key frames;
 * {@link KafkaToRtmp} removes them again.
 */
public final class RtmpKafkaConstants {

    /** An id of the split frame, the same on each of its records: {@code <producer id>-<counter>}. */
    public static final String FRAME_ID = "CamelRtmpKafkaFrameId";
    /** How many records the split frame takes (Integer). */
    public static final String FRAME_PARTS = "CamelRtmpKafkaFrameParts";
    /** The length of the whole payload of the split frame in bytes (Integer). */
    public static final String FRAME_LENGTH = "CamelRtmpKafkaFrameLength";

    /**
     * On each video key frame (audio-only streams: an audio frame a second): the stream's onMetaData and sequence
     * headers as the messages they came in (byte[]), for consumers that join the stream mid-way.
     */
    public static final String DECODER_STATE = "CamelRtmpKafkaDecoderState";

    private RtmpKafkaConstants() {
    }
}
