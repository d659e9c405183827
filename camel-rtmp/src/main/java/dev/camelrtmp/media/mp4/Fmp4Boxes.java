package dev.camelrtmp.media.mp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for writing ISO base media file format boxes (ISO/IEC 14496-12): {@link #open}
 * writes a box header with a size to be filled in, {@link #close} fills it in.
 */
final class Fmp4Boxes {

    private byte[] buf;
    private int len;

    Fmp4Boxes(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** The number of bytes written so far: also the offset of the next byte. */
    int position() {
        return len;
    }

    /** Starts a box of {@code type}; returns its offset for {@link #close}. */
    int open(String type) {
        int at = len;
        u32(0);
        fourCc(type);
        return at;
    }

    /** Starts a full box (version and flags after the type). */
    int openFull(String type, int version, int flags) {
        int at = open(type);
        u8(version);
        u24(flags);
        return at;
    }

    /** Ends the box opened at {@code at}, writing its size. */
    void close(int at) {
        putU32(at, len - at);
    }

    Fmp4Boxes u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    Fmp4Boxes u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Fmp4Boxes u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Fmp4Boxes u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Fmp4Boxes u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xFFFFFFFFL);
    }

    Fmp4Boxes zeros(int n) {
        ensure(n);
        len += n; // the array is zero-filled and never reused below len
        return this;
    }

    Fmp4Boxes fourCc(String type) {
        byte[] b = type.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length != 4) {
            throw new IllegalArgumentException("box type must have 4 characters: " + type);
        }
        return bytes(b, 0, 4);
    }

    Fmp4Boxes bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    Fmp4Boxes bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** The unity transformation matrix of mvhd and tkhd. */
    Fmp4Boxes unityMatrix() {
        u32(0x00010000).u32(0).u32(0);
        u32(0).u32(0x00010000).u32(0);
        return u32(0).u32(0).u32(0x40000000);
    }

    /** Overwrites 4 bytes at {@code at}. */
    void putU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
