package dev.camelrtmp.media.mp4;

/**
 * The frame size in a VP9 key frame's uncompressed header (VP9 bitstream specification 6.2): VP9's configuration
 * record does not carry one.
 */
final class Vp9FrameSize {

    private static final int SYNC_CODE = 0x498342;
    private static final int CS_RGB = 7;

    private Vp9FrameSize() {
    }

    /**
     * The width and height of a key frame (the first frame of a superframe), or null when the frame is not a key frame.
     *
     * @throws IllegalArgumentException when the header is truncated or has no sync code
     */
    static int[] parse(byte[] frame, int offset, int length) {
        BitReader r = new BitReader(frame, offset, length);
        if (r.u(2) != 2) {
            throw new IllegalArgumentException("VP9 frame without frame marker");
        }
        int profile = r.u(1) | (r.u(1) << 1);
        if (profile == 3) {
            r.skip(1);
        }
        if (r.flag() || r.flag()) { // show_existing_frame, then frame_type 1: not a key frame
            return null;
        }
        r.skip(2); // show_frame, error_resilient_mode
        if (r.u(24) != SYNC_CODE) {
            throw new IllegalArgumentException("VP9 key frame without sync code");
        }
        if (profile >= 2) {
            r.skip(1); // ten_or_twelve_bit
        }
        if (r.u(3) != CS_RGB) {
            r.skip(1); // color_range
            if (profile == 1 || profile == 3) {
                r.skip(3); // subsampling_x, subsampling_y, reserved_zero
            }
        } else if (profile == 1 || profile == 3) {
            r.skip(1);
        }
        return new int[] { r.u(16) + 1, r.u(16) + 1 };
    }
}
