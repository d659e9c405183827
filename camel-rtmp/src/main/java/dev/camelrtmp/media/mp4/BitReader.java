package dev.camelrtmp.media.mp4;

/**
 * Reads bits most significant first, with the Exp-Golomb codes of H.264/HEVC parameter sets and the leb128/uvlc of
 * AV1. Reading past the end throws {@link IllegalArgumentException}.
 */
final class BitReader {

    private final byte[] data;
    private final int end;
    private int bit;

    BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.bit = offset * 8;
        this.end = (offset + length) * 8;
    }

    /** A reader over a NAL unit's payload with its emulation prevention bytes (00 00 03) removed. */
    static BitReader rbsp(byte[] nal, int offset, int length) {
        byte[] out = new byte[length];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return new BitReader(out, 0, n);
    }

    /** Up to 32 bits as an unsigned value. */
    long bits(int n) {
        if (n < 0 || n > 32) {
            throw new IllegalArgumentException("cannot read " + n + " bits at once");
        }
        if (bit + n > end) {
            throw new IllegalArgumentException("truncated: " + n + " bits wanted, " + (end - bit) + " left");
        }
        long v = 0;
        for (int i = 0; i < n; i++, bit++) {
            v = (v << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
        }
        return v;
    }

    int u(int n) {
        return (int) bits(n);
    }

    boolean flag() {
        return bits(1) == 1;
    }

    void skip(int n) {
        if (bit + n > end) {
            throw new IllegalArgumentException("truncated: " + n + " bits to skip, " + (end - bit) + " left");
        }
        bit += n;
    }

    /** Unsigned Exp-Golomb ue(v). */
    int ue() {
        int zeros = 0;
        while (bits(1) == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code longer than 32 bits");
            }
        }
        return (int) ((1L << zeros) - 1 + bits(zeros));
    }

    /** Signed Exp-Golomb se(v). */
    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** AV1 uvlc(). */
    long uvlc() {
        int zeros = 0;
        while (bits(1) == 0) {
            if (++zeros >= 32) {
                throw new IllegalArgumentException("uvlc longer than 32 bits");
            }
        }
        return (1L << zeros) - 1 + bits(zeros);
    }
}
