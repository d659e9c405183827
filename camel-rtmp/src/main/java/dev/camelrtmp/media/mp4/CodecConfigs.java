package dev.camelrtmp.media.mp4;

import java.util.Arrays;

/**
 * Track configurations from the decoder configuration records FLV sequence headers carry: AVCDecoderConfigurationRecord
 * (ISO/IEC 14496-15), HEVCDecoderConfigurationRecord, AV1CodecConfigurationRecord (AV1-ISOBMFF), VP codec
 * configuration record (VP-codec-ISOBMFF), AAC AudioSpecificConfig (ISO/IEC 14496-3) and OpusHead (RFC 7845,
 * converted to dOps of Opus-in-ISOBMFF). Each throws {@link IllegalArgumentException} on a malformed record.
 */
public final class CodecConfigs {

    private static final int[] AAC_RATES = { 96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
            11025, 8000, 7350 };

    private CodecConfigs() {
    }

    private static void need(byte[] b, int off, int len, int n, String what) {
        if (len < n || off < 0 || off + len > b.length) {
            throw new IllegalArgumentException(what + " truncated: " + len + " bytes");
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    /** H.264 from avcC; size from the first SPS. */
    public static TrackConfig avc(byte[] b, int off, int len) {
        need(b, off, len, 7, "avcC");
        if (b[off] != 1) {
            throw new IllegalArgumentException("avcC version " + b[off]);
        }
        int sps = b[off + 5] & 0x1F;
        int width = 0;
        int height = 0;
        if (sps > 0) {
            int spsLen = u16(b, off + 6);
            need(b, off, len, 8 + spsLen, "avcC SPS");
            H264Sps p = H264Sps.parse(b, off + 8, spsLen);
            width = p.width();
            height = p.height();
        }
        String codec = String.format("avc1.%02x%02x%02x", b[off + 1] & 0xFF, b[off + 2] & 0xFF, b[off + 3] & 0xFF);
        return new TrackConfig(true, "avc1", "avcC", Arrays.copyOfRange(b, off, off + len), codec, width, height, 0,
                0, TrackConfig.VIDEO_TIMESCALE);
    }

    /** HEVC from hvcC; size from the first SPS. */
    public static TrackConfig hevc(byte[] b, int off, int len) {
        need(b, off, len, 23, "hvcC");
        if (b[off] != 1) {
            throw new IllegalArgumentException("hvcC version " + b[off]);
        }
        int first = b[off + 1] & 0xFF;
        int space = first >> 6;
        boolean highTier = (first & 0x20) != 0;
        int profile = first & 0x1F;
        long compat = ((long) (b[off + 2] & 0xFF) << 24) | ((b[off + 3] & 0xFF) << 16) | ((b[off + 4] & 0xFF) << 8)
                | (b[off + 5] & 0xFF);
        int level = b[off + 12] & 0xFF;
        StringBuilder codec = new StringBuilder("hvc1.");
        if (space > 0) {
            codec.append((char) ('A' + space - 1));
        }
        codec.append(profile).append('.').append(Long.toHexString(Long.reverse(compat) >>> 32).toUpperCase())
                .append('.').append(highTier ? 'H' : 'L').append(level);
        int lastConstraint = 5;
        while (lastConstraint >= 0 && b[off + 6 + lastConstraint] == 0) {
            lastConstraint--;
        }
        for (int i = 0; i <= lastConstraint; i++) {
            codec.append('.').append(String.format("%02X", b[off + 6 + i] & 0xFF));
        }
        int width = 0;
        int height = 0;
        int arrays = b[off + 22] & 0xFF;
        int p = off + 23;
        int end = off + len;
        for (int a = 0; a < arrays && width == 0; a++) {
            need(b, p, end - p, 3, "hvcC array");
            int type = b[p] & 0x3F;
            int count = u16(b, p + 1);
            p += 3;
            for (int n = 0; n < count; n++) {
                need(b, p, end - p, 2, "hvcC NAL unit");
                int nalLen = u16(b, p);
                need(b, p, end - p, 2 + nalLen, "hvcC NAL unit");
                if (type == 33 && width == 0) {
                    HevcSps sps = HevcSps.parse(b, p + 2, nalLen);
                    width = sps.width();
                    height = sps.height();
                }
                p += 2 + nalLen;
            }
        }
        return new TrackConfig(true, "hvc1", "hvcC", Arrays.copyOfRange(b, off, off + len), codec.toString(), width,
                height, 0, 0, TrackConfig.VIDEO_TIMESCALE);
    }

    /** AV1 from av1C; size from the sequence header OBU among its configOBUs, if any. */
    public static TrackConfig av1(byte[] b, int off, int len) {
        need(b, off, len, 4, "av1C");
        if ((b[off] & 0xFF) != 0x81) {
            throw new IllegalArgumentException("av1C marker/version " + (b[off] & 0xFF));
        }
        int profile = (b[off + 1] & 0xFF) >> 5;
        int level = b[off + 1] & 0x1F;
        int flags = b[off + 2] & 0xFF;
        boolean tier = (flags & 0x80) != 0;
        int depth = (flags & 0x40) == 0 ? 8 : (flags & 0x20) != 0 ? 12 : 10;
        String codec = String.format("av01.%d.%02d%c.%02d", profile, level, tier ? 'H' : 'M', depth);
        Av1SequenceHeader sh = len > 4 ? Av1SequenceHeader.find(b, off + 4, len - 4) : null;
        return new TrackConfig(true, "av01", "av1C", Arrays.copyOfRange(b, off, off + len), codec,
                sh == null ? 0 : sh.width(), sh == null ? 0 : sh.height(), 0, 0, TrackConfig.VIDEO_TIMESCALE);
    }

    /**
     * VP9 from a VP codec configuration record, with or without the vpcC full box's version and flags in front (FFmpeg
     * sends them).
     */
    public static TrackConfig vp9(byte[] b, int off, int len) {
        need(b, off, len, 8, "vpcC");
        int fields;
        if (len >= 12 && 12 + u16(b, off + 10) == len) {
            fields = off + 4;
        } else if (8 + u16(b, off + 6) == len) {
            fields = off;
        } else {
            throw new IllegalArgumentException("vpcC of " + len + " bytes does not match its init data size");
        }
        byte[] box = new byte[4 + off + len - fields];
        box[0] = 1; // version 1, flags 0
        System.arraycopy(b, fields, box, 4, off + len - fields);
        String codec = String.format("vp09.%02d.%02d.%02d", b[fields] & 0xFF, b[fields + 1] & 0xFF,
                (b[fields + 2] & 0xFF) >> 4);
        return new TrackConfig(true, "vp09", "vpcC", box, codec, 0, 0, 0, 0, TrackConfig.VIDEO_TIMESCALE);
    }

    /** AAC from an AudioSpecificConfig: mp4a with an esds (ES descriptor, object type 0x40). */
    public static TrackConfig aac(byte[] b, int off, int len) {
        need(b, off, len, 2, "AudioSpecificConfig");
        BitReader r = new BitReader(b, off, len);
        int objectType = r.u(5);
        if (objectType == 31) {
            objectType = 32 + r.u(6);
        }
        int rateIndex = r.u(4);
        int rate;
        if (rateIndex == 15) {
            rate = r.u(24);
        } else if (rateIndex < AAC_RATES.length) {
            rate = AAC_RATES[rateIndex];
        } else {
            throw new IllegalArgumentException("AAC sampling frequency index " + rateIndex);
        }
        int channelConfig = r.u(4);
        int channels = channelConfig == 7 ? 8 : channelConfig >= 1 && channelConfig <= 6 ? channelConfig : 2;
        if (rate <= 0) {
            throw new IllegalArgumentException("AAC sample rate " + rate);
        }
        if (len > 100) { // keeps every descriptor length in one byte
            throw new IllegalArgumentException("AudioSpecificConfig of " + len + " bytes");
        }
        Fmp4Boxes esds = new Fmp4Boxes(64);
        esds.u32(0); // version 0, flags 0
        int decoderSpecific = 2 + len;
        int decoderConfig = 13 + decoderSpecific;
        int sl = 3;
        esds.u8(0x03).u8(3 + 2 + decoderConfig + sl); // ES_DescrTag
        esds.u16(0).u8(0); // ES_ID, flags
        esds.u8(0x04).u8(decoderConfig); // DecoderConfigDescrTag
        esds.u8(0x40).u8(0x15).u24(0).u32(0).u32(0); // Audio ISO/IEC 14496-3, AudioStream, buffer and bitrates
        esds.u8(0x05).u8(len).bytes(b, off, len); // DecSpecificInfoTag
        esds.u8(0x06).u8(1).u8(0x02); // SLConfigDescrTag, predefined MP4
        return new TrackConfig(false, "mp4a", "esds", esds.toByteArray(), "mp4a.40." + objectType, 0, 0, channels,
                rate, rate);
    }

    /** Opus from an OpusHead (RFC 7845 5.1), or from a dOps payload as it is. */
    public static TrackConfig opus(byte[] b, int off, int len) {
        byte[] dops;
        if (len >= 19 && "OpusHead".equals(new String(b, off, 8, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            int channels = b[off + 9] & 0xFF;
            int family = b[off + 18] & 0xFF;
            int mapping = family == 0 ? 0 : 2 + channels;
            need(b, off, len, 19 + mapping, "OpusHead");
            dops = new byte[11 + mapping];
            dops[0] = 0; // Version
            dops[1] = (byte) channels;
            dops[2] = b[off + 11]; // PreSkip, little- to big-endian
            dops[3] = b[off + 10];
            dops[4] = b[off + 15]; // InputSampleRate
            dops[5] = b[off + 14];
            dops[6] = b[off + 13];
            dops[7] = b[off + 12];
            dops[8] = b[off + 17]; // OutputGain
            dops[9] = b[off + 16];
            dops[10] = (byte) family;
            System.arraycopy(b, off + 19, dops, 11, mapping);
        } else {
            need(b, off, len, 11, "dOps");
            if (b[off] != 0) {
                throw new IllegalArgumentException("neither OpusHead nor dOps version 0");
            }
            dops = Arrays.copyOfRange(b, off, off + len);
        }
        int channels = dops[1] & 0xFF;
        if (channels == 0) {
            throw new IllegalArgumentException("Opus with 0 channels");
        }
        return new TrackConfig(false, "Opus", "dOps", dops, "opus", 0, 0, channels, 48000, 48000);
    }
}
