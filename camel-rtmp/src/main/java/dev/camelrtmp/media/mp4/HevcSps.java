package dev.camelrtmp.media.mp4;

/**
 * The picture size of an HEVC sequence parameter set (ITU-T H.265 7.3.2.2), after the conformance window.
 *
 * @param width  the width in luma samples
 * @param height the height in luma samples
 */
public record HevcSps(int width, int height) {

    /**
     * Parses an SPS NAL unit (with its two-byte NAL header).
     *
     * @throws IllegalArgumentException when it is not an SPS or is truncated
     */
    public static HevcSps parse(byte[] nal, int offset, int length) {
        if (length < 3 || ((nal[offset] >> 1) & 0x3F) != 33) {
            throw new IllegalArgumentException("not an HEVC SPS");
        }
        BitReader r = BitReader.rbsp(nal, offset + 2, length - 2);
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.u(3);
        r.skip(1); // sps_temporal_id_nesting_flag
        r.skip(88 + 8); // general profile_tier_level and general_level_idc
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skip(2 * (8 - maxSubLayersMinus1));
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            r.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
        r.ue(); // sps_seq_parameter_set_id
        int chromaFormat = r.ue();
        boolean separateColourPlane = chromaFormat == 3 && r.flag();
        int width = r.ue();
        int height = r.ue();
        if (r.flag()) { // conformance_window_flag
            int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
            int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeight = chromaArrayType == 1 ? 2 : 1;
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("HEVC SPS with picture size " + width + "x" + height);
        }
        return new HevcSps(width, height);
    }
}
