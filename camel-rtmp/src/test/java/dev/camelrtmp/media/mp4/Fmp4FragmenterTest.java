package dev.camelrtmp.media.mp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.camelrtmp.media.FlvTagType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parameter set parsers, codec strings and the box layout of init segments and fragments. */
class Fmp4FragmenterTest {

    /** x264 High profile 1920x1080: 1088 coded lines, cropped to 1080. */
    static final byte[] SPS_HIGH_1080 = bytes(0x67, 0x64, 0x00, 0x28, 0xac, 0xd9, 0x40, 0x78, 0x02, 0x27, 0xe5, 0xc0,
            0x44, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xf0, 0x3c, 0x60, 0xc6, 0x58);
    /** x264 Constrained Baseline 1280x720. */
    static final byte[] SPS_BASELINE_720 = bytes(0x67, 0x42, 0xc0, 0x1f, 0xd9, 0x00, 0x50, 0x05, 0xbb, 0x01, 0x10,
            0x00, 0x00, 0x03, 0x00, 0x10, 0x00, 0x00, 0x03, 0x03, 0xc0, 0xf1, 0x83, 0x24, 0x80);
    /** x265 Main 1920x1080 (conformance window over 1088 lines). */
    static final byte[] HEVC_SPS_1080 = bytes(0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00,
            0x03, 0x00, 0x00, 0x03, 0x00, 0x78, 0xa0, 0x03, 0xc0, 0x80, 0x10, 0xe5, 0x96, 0x56, 0x69, 0x24, 0xca, 0xf0,
            0x16, 0x80, 0x80, 0x00, 0x00, 0x03, 0x00, 0x80, 0x00, 0x00, 0x0f, 0x04);

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void h264SpsSizesAfterCropping() {
        H264Sps high = H264Sps.parse(SPS_HIGH_1080, 0, SPS_HIGH_1080.length);
        assertThat(high).isEqualTo(new H264Sps(100, 0, 40, 1920, 1080));
        H264Sps base = H264Sps.parse(SPS_BASELINE_720, 0, SPS_BASELINE_720.length);
        assertThat(base).isEqualTo(new H264Sps(66, 0xc0, 31, 1280, 720));
    }

    @Test
    void hevcSpsSizeAfterConformanceWindow() {
        assertThat(HevcSps.parse(HEVC_SPS_1080, 0, HEVC_SPS_1080.length)).isEqualTo(new HevcSps(1920, 1080));
    }

    static byte[] avcC(byte[] sps) {
        ByteBuffer b = ByteBuffer.allocate(11 + sps.length);
        b.put((byte) 1).put(sps[1]).put(sps[2]).put(sps[3]).put((byte) 0xFF).put((byte) 0xE1);
        b.putShort((short) sps.length).put(sps).put((byte) 1).putShort((short) 0);
        return b.array();
    }

    @Test
    void codecStrings() {
        byte[] avcC = avcC(SPS_HIGH_1080);
        TrackConfig avc = CodecConfigs.avc(avcC, 0, avcC.length);
        assertThat(avc.codecString()).isEqualTo("avc1.640028");
        assertThat(avc.width()).isEqualTo(1920);

        byte[] hvcC = new byte[23 + 5 + HEVC_SPS_1080.length];
        hvcC[0] = 1;
        hvcC[1] = 0x01; // space 0, Main tier, profile 1
        hvcC[2] = 0x60; // compatibility flags 1 and 2
        hvcC[6] = (byte) 0xB0; // progressive, interlaced, non-packed, frame-only
        hvcC[12] = 93;
        hvcC[22] = 1; // one array
        hvcC[23] = (byte) (0x80 | 33);
        hvcC[25] = 1;
        hvcC[27] = (byte) HEVC_SPS_1080.length;
        System.arraycopy(HEVC_SPS_1080, 0, hvcC, 28, HEVC_SPS_1080.length);
        TrackConfig hevc = CodecConfigs.hevc(hvcC, 0, hvcC.length);
        assertThat(hevc.codecString()).isEqualTo("hvc1.1.6.L93.B0");
        assertThat(hevc.width()).isEqualTo(1920);
        assertThat(hevc.height()).isEqualTo(1080);

        byte[] av1C = bytes(0x81, 0x04, 0x00, 0x00);
        assertThat(CodecConfigs.av1(av1C, 0, 4).codecString()).isEqualTo("av01.0.04M.08");
        byte[] av1C10 = bytes(0x81, 0x28, 0xC0, 0x00);
        assertThat(CodecConfigs.av1(av1C10, 0, 4).codecString()).isEqualTo("av01.1.08H.10");

        byte[] vpcCWithVersion = bytes(1, 0, 0, 0, 0, 10, 0x80, 2, 2, 2, 0, 0);
        TrackConfig vp9 = CodecConfigs.vp9(vpcCWithVersion, 0, vpcCWithVersion.length);
        assertThat(vp9.codecString()).isEqualTo("vp09.00.10.08");
        byte[] vpcC = bytes(2, 31, 0xA0, 2, 2, 2, 0, 0);
        TrackConfig vp9Bare = CodecConfigs.vp9(vpcC, 0, vpcC.length);
        assertThat(vp9Bare.codecString()).isEqualTo("vp09.02.31.10");
        assertThat(vp9Bare.configBox()).startsWith(1, 0, 0, 0, 2, 31);

        byte[] asc = bytes(0x12, 0x10); // AAC LC, 44100 Hz, stereo
        TrackConfig aac = CodecConfigs.aac(asc, 0, 2);
        assertThat(aac.codecString()).isEqualTo("mp4a.40.2");
        assertThat(aac.sampleRate()).isEqualTo(44100);
        assertThat(aac.timescale()).isEqualTo(44100);
        assertThat(aac.channels()).isEqualTo(2);

        byte[] opusHead = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, opusHead, 0, 8);
        opusHead[8] = 1;
        opusHead[9] = 2;
        opusHead[10] = 0x38; // pre-skip 312, little-endian
        opusHead[11] = 0x01;
        opusHead[12] = (byte) 0x80; // 48000, little-endian
        opusHead[13] = (byte) 0xBB;
        TrackConfig opus = CodecConfigs.opus(opusHead, 0, 19);
        assertThat(opus.codecString()).isEqualTo("opus");
        assertThat(opus.configBox()).containsExactly(0, 2, 0x01, 0x38, 0, 0, (byte) 0xBB, (byte) 0x80, 0, 0, 0);
    }

    /** A legacy AVC video tag: frame type and codec 7, packet type, composition time, payload. */
    static byte[] avcTag(boolean key, int packetType, int cts, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.put((byte) ((key ? 0x10 : 0x20) | 7)).put((byte) packetType);
        b.put((byte) (cts >> 16)).put((byte) (cts >> 8)).put((byte) cts).put(payload);
        return b.array();
    }

    static byte[] aacTag(int packetType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(2 + payload.length);
        b.put((byte) 0xAF).put((byte) packetType).put(payload);
        return b.array();
    }

    @Test
    void fragmentBoxLayout() {
        Fmp4Fragmenter f = new Fmp4Fragmenter();
        assertThat(f.ready()).isFalse();
        assertThat(f.add(FlvTagType.VIDEO, 0, avcTag(true, 0, 0, avcC(SPS_BASELINE_720)))).isFalse();
        assertThat(f.add(FlvTagType.AUDIO, 0, aacTag(0, bytes(0x12, 0x10)))).isFalse();
        assertThat(f.ready()).isTrue();
        assertThat(f.initVersion()).isEqualTo(2); // video alone, then with audio
        assertThat(f.codecs()).isEqualTo("avc1.42c01f,mp4a.40.2");
        assertThat(f.width()).isEqualTo(1280);
        Boxes init = new Boxes(f.initSegment());
        assertThat(init.find("ftyp")).isZero();
        assertThat(init.u32(init.find("moov", "mvex", "trex") + 12)).isEqualTo(1);
        assertThat(init.type(init.find("moov", "trak", "mdia", "minf", "stbl", "stsd") + 16)).isEqualTo("avc1");

        assertThat(f.add(FlvTagType.VIDEO, 1000, avcTag(true, 1, 66, bytes(0, 0, 0, 1, 0x65)))).isTrue();
        assertThat(f.add(FlvTagType.AUDIO, 1000, aacTag(1, bytes(1, 2, 3)))).isTrue();
        assertThat(f.add(FlvTagType.VIDEO, 1033, avcTag(false, 1, 0, bytes(0, 0, 0, 2, 0x41, 7)))).isTrue();
        assertThat(f.add(FlvTagType.AUDIO, 1023, aacTag(1, bytes(4, 5)))).isTrue();
        assertThat(f.add(FlvTagType.VIDEO, 1066, avcTag(false, 1, 33, bytes(9)))).isTrue();

        Fmp4Fragmenter.Fragment fragment = f.cut(7);
        assertThat(fragment.samples()).isEqualTo(3); // two video, one audio; the last of each waits
        assertThat(fragment.startMillis()).isEqualTo(1000);
        assertThat(fragment.durationMillis()).isEqualTo(66);
        assertThat(fragment.independent()).isTrue();
        Boxes b = new Boxes(fragment.bytes());
        assertThat(b.u32(b.find("moof", "mfhd") + 12)).isEqualTo(7);
        int tfhd = b.find("moof", "traf", "tfhd");
        assertThat(b.u32(tfhd + 8)).isEqualTo(FragmentWriter.TFHD_DEFAULT_BASE_IS_MOOF);
        assertThat(b.u32(tfhd + 12)).isEqualTo(1);
        int tfdt = b.find("moof", "traf", "tfdt");
        assertThat(b.u8(tfdt + 8)).isEqualTo(1);
        assertThat(b.u64(tfdt + 12)).isEqualTo(90_000);
        int trun = b.find("moof", "traf", "trun");
        assertThat(b.u32(trun + 8)).isEqualTo(0x000F01); // version 0; offset, duration, size, flags, CTO
        assertThat(b.u32(trun + 12)).isEqualTo(2);
        int dataOffset = b.u32(trun + 16);
        int mdat = b.find("mdat");
        assertThat(dataOffset).isEqualTo(mdat + 8);
        assertThat(b.u32(trun + 20)).isEqualTo(33 * 90); // duration
        assertThat(b.u32(trun + 24)).isEqualTo(5); // size
        assertThat(b.u32(trun + 28)).isEqualTo(FragmentWriter.SYNC_SAMPLE);
        assertThat(b.u32(trun + 32)).isEqualTo(66 * 90);
        assertThat(b.u32(trun + 44)).isEqualTo(FragmentWriter.NON_SYNC_SAMPLE);
        assertThat(fragment.bytes()[mdat + 8 + 4]).isEqualTo((byte) 0x65);
        // the audio traf follows, its data after the video's
        int audioTrun = b.find(b.find("moof") + 8, fragment.bytes().length, 2, "traf", "trun");
        assertThat(b.u32(audioTrun + 8)).isEqualTo(0x000701);
        assertThat(b.u32(audioTrun + 16)).isEqualTo(mdat + 8 + 5 + 6);
        assertThat(b.u32(audioTrun + 20)).as("AAC frames end to end").isEqualTo(1024);

        assertThat(f.cut(8)).isNull();
        assertThat(f.add(FlvTagType.VIDEO, 1100, avcTag(true, 1, -33, bytes(8, 8)))).isTrue();
        assertThat(f.add(FlvTagType.VIDEO, 1133, avcTag(false, 1, 0, bytes(8)))).isTrue();
        Fmp4Fragmenter.Fragment before = f.cutBefore(8, 1100);
        assertThat(before.samples()).isEqualTo(1); // the video frame at 1066; the audio at 1023 waits for a successor
        assertThat(before.independent()).isFalse();
        Fmp4Fragmenter.Fragment last = f.flush(9);
        assertThat(last.samples()).isEqualTo(3);
        assertThat(last.independent()).isTrue();
        Boxes l = new Boxes(last.bytes());
        int negativeTrun = l.find("moof", "traf", "trun");
        assertThat(l.u8(negativeTrun + 8)).as("version 1 for a negative offset").isEqualTo(1);
        assertThat(l.u32(negativeTrun + 32)).isEqualTo(-33 * 90);
        assertThat(l.u32(negativeTrun + 36)).as("the last sample keeps the previous duration").isEqualTo(33 * 90);
        assertThat(f.flush(10)).isNull();
    }

    @Test
    void badInputIsSkippedNotThrown() {
        Fmp4Fragmenter f = new Fmp4Fragmenter();
        assertThat(f.add(FlvTagType.VIDEO, 0, bytes(0x17, 0))).isFalse(); // truncated AVC header
        byte[] truncatedSps = bytes(1, 0x64, 0, 0x28, 0xFF, 0xE1, 0, 40);
        assertThat(f.add(FlvTagType.VIDEO, 0, avcTag(true, 0, 0, truncatedSps))).isFalse();
        assertThat(f.add(FlvTagType.VIDEO, 0, bytes(0x12, 1, 2, 3))).isFalse(); // Sorenson H.263
        assertThat(f.add(FlvTagType.AUDIO, 0, bytes(0x2F, 1, 2, 3))).isFalse(); // MP3
        assertThat(f.add(FlvTagType.AUDIO, 0, aacTag(0, bytes(0x17)))).isFalse(); // truncated ASC
        assertThat(f.add(FlvTagType.SCRIPT_DATA, 0, bytes(2, 0, 1, 'x'))).isFalse();
        assertThat(f.ready()).isFalse();
        assertThat(f.initSegment()).isNull();
        assertThat(f.cut(1)).isNull();
        assertThat(f.flush(1)).isNull();
    }

    /** Finds boxes by path in written bytes. */
    static final class Boxes {
        private final ByteBuffer b;

        Boxes(byte[] bytes) {
            b = ByteBuffer.wrap(bytes);
        }

        int u8(int at) {
            return b.get(at) & 0xFF;
        }

        int u32(int at) {
            return b.getInt(at);
        }

        long u64(int at) {
            return b.getLong(at);
        }

        String type(int at) {
            byte[] t = new byte[4];
            b.get(at + 4, t);
            return new String(t, StandardCharsets.ISO_8859_1);
        }

        int find(String... path) {
            return find(0, b.capacity(), 1, path);
        }

        /** The offset of the {@code nth} box of type path[0] in [from, to), then its first path[1] child, etc. */
        int find(int from, int to, int nth, String... path) {
            int pos = from;
            int seen = 0;
            while (pos + 8 <= to) {
                int size = u32(pos);
                if (type(pos).equals(path[0]) && ++seen == nth) {
                    if (path.length == 1) {
                        return pos;
                    }
                    int headerSize = path[0].equals("stsd") ? 16 : 8;
                    String[] rest = java.util.Arrays.copyOfRange(path, 1, path.length);
                    return find(pos + headerSize, pos + size, 1, rest);
                }
                pos += size;
            }
            throw new AssertionError("no box " + String.join("/", path));
        }
    }
}
