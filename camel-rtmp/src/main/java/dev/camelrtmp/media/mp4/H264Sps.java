package dev.camelrtmp.media.mp4;

/**
 * The parts of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) a container needs: profile, level and the
 * displayed picture size after cropping.
 *
 * @param profileIdc profile_idc
 * @param constraints the constraint_set flags byte
 * @param levelIdc   level_idc
 * @param width      the width in luma samples after frame cropping
 * @param height     the height in luma samples after frame cropping
 */
public record H264Sps(int profileIdc, int constraints, int levelIdc, int width, int height) {

    /**
     * Parses an SPS NAL unit (with its one-byte NAL header).
     *
     * @throws IllegalArgumentException when it is not an SPS or is truncated
     */
    public static H264Sps parse(byte[] nal, int offset, int length) {
        if (length < 4 || (nal[offset] & 0x1F) != 7) {
            throw new IllegalArgumentException("not an H.264 SPS");
        }
        BitReader r = BitReader.rbsp(nal, offset + 1, length - 1);
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlane = false;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chromaFormat = r.ue();
            if (chromaFormat == 3) {
                separateColourPlane = r.flag();
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
        if (r.flag()) { // frame_cropping_flag
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
            int cropX = chromaArrayType == 0 ? 1 : chromaArrayType == 3 ? 1 : 2;
            int cropY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            width -= cropX * (left + right);
            height -= cropY * (top + bottom);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("H.264 SPS with picture size " + width + "x" + height);
        }
        return new H264Sps(profile, constraints, level, width, height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }
}
