package dev.camelrtmp.media.mp4;

/**
 * The maximum frame size of an AV1 sequence header OBU (AV1 bitstream specification 5.5).
 *
 * @param width  max_frame_width_minus_1 + 1
 * @param height max_frame_height_minus_1 + 1
 */
public record Av1SequenceHeader(int width, int height) {

    private static final int OBU_SEQUENCE_HEADER = 1;

    /**
     * Finds the sequence header OBU among low-overhead OBUs (each with obu_has_size_field set, as in av1C's
     * configOBUs) and parses its frame size.
     *
     * @return the header, or null when there is no sequence header OBU
     * @throws IllegalArgumentException when an OBU is truncated
     */
    public static Av1SequenceHeader find(byte[] obus, int offset, int length) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int header = obus[pos] & 0xFF;
            int type = (header >> 3) & 0x0F;
            boolean extension = (header & 0x04) != 0;
            boolean hasSize = (header & 0x02) != 0;
            int p = pos + 1 + (extension ? 1 : 0);
            long size;
            if (hasSize) {
                size = 0;
                for (int i = 0; ; i++) {
                    if (p >= end || i >= 8) {
                        throw new IllegalArgumentException("truncated OBU size");
                    }
                    int b = obus[p++] & 0xFF;
                    size |= (long) (b & 0x7F) << (7 * i);
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
            } else {
                size = end - p;
            }
            if (size > end - p) {
                throw new IllegalArgumentException("OBU of " + size + " bytes, " + (end - p) + " left");
            }
            if (type == OBU_SEQUENCE_HEADER) {
                return parse(new BitReader(obus, p, (int) size));
            }
            pos = p + (int) size;
        }
        return null;
    }

    private static Av1SequenceHeader parse(BitReader r) {
        r.skip(3); // seq_profile
        r.skip(1); // still_picture
        boolean reduced = r.flag();
        if (reduced) {
            r.skip(5); // seq_level_idx[0]
        } else {
            boolean decoderModelInfo = false;
            int bufferDelayLength = 0;
            if (r.flag()) { // timing_info_present_flag
                r.skip(64); // num_units_in_display_tick, time_scale
                if (r.flag()) { // equal_picture_interval
                    r.uvlc();
                }
                decoderModelInfo = r.flag();
                if (decoderModelInfo) {
                    bufferDelayLength = r.u(5) + 1;
                    r.skip(32 + 5 + 5);
                }
            }
            boolean initialDisplayDelay = r.flag();
            int operatingPoints = r.u(5) + 1;
            for (int i = 0; i < operatingPoints; i++) {
                r.skip(12); // operating_point_idc
                if (r.u(5) > 7) { // seq_level_idx
                    r.skip(1); // seq_tier
                }
                if (decoderModelInfo && r.flag()) {
                    r.skip(2 * bufferDelayLength + 1);
                }
                if (initialDisplayDelay && r.flag()) {
                    r.skip(4);
                }
            }
        }
        int widthBits = r.u(4) + 1;
        int heightBits = r.u(4) + 1;
        int width = (int) r.bits(widthBits) + 1;
        int height = (int) r.bits(heightBits) + 1;
        return new Av1SequenceHeader(width, height);
    }
}
