package dev.camelrtmp.media;

import java.util.Arrays;

import dev.camelrtmp.protocol.RtmpProtocolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tag headers built byte by byte from the FLV and Enhanced RTMP specifications' tables. */
class TagHeaderTest {

    private static byte[] b(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void legacyAvc() {
        VideoTagHeader seq = VideoTagHeader.parse(b(0x17, 0x00, 0, 0, 0, 0x01, 0x64));
        assertThat(seq.codec()).isEqualTo(VideoCodec.AVC);
        assertThat(seq.keyframe()).isTrue();
        assertThat(seq.sequenceHeader()).isTrue();
        assertThat(seq.headerLength()).isEqualTo(5);
        assertThat(seq.codedKeyframe()).as("a sequence header is no coded key frame").isFalse();
        assertThat(VideoTagHeader.parse(b(0x17, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x65)).codedKeyframe()).isTrue();
        assertThat(VideoTagHeader.parse(b(0x17, 0x02, 0, 0, 0)).codedKeyframe()).as("end of sequence").isFalse();
        VideoTagHeader inter = VideoTagHeader.parse(b(0x27, 0x01, 0xFF, 0xFF, 0xDF, 0, 0, 0, 1));
        assertThat(inter.keyframe()).isFalse();
        assertThat(inter.packetType()).isEqualTo(VideoTagHeader.AVC_NALU);
        assertThat(inter.compositionTime()).isEqualTo(-33);
        VideoTagHeader cts = VideoTagHeader.parse(b(0x27, 0x01, 0x00, 0x00, 0x43));
        assertThat(cts.compositionTime()).isEqualTo(67);
        VideoTagHeader eos = VideoTagHeader.parse(b(0x17, 0x02, 0, 0, 0));
        assertThat(eos.packetType()).isEqualTo(VideoTagHeader.AVC_END_OF_SEQUENCE);
        assertThat(eos.sequenceHeader()).isFalse();
    }

    @Test
    void legacyOtherCodecs() {
        assertThat(VideoTagHeader.parse(b(0x12, 1, 2)).codec()).isEqualTo(VideoCodec.SORENSON_H263);
        assertThat(VideoTagHeader.parse(b(0x14, 0, 1)).codec()).isEqualTo(VideoCodec.VP6);
        assertThat(VideoTagHeader.parse(b(0x1C, 0, 0, 0, 0)).codec()).isEqualTo(VideoCodec.HEVC);
        assertThat(VideoTagHeader.parse(b(0x1F, 1)).codec()).isNull();
        assertThat(VideoTagHeader.parse(b(0x57, 0x00)).frameType()).as("video info frame").isEqualTo(5);
    }

    @Test
    void enhancedVideo() {
        // IsExHeader | key frame << 4 | SequenceStart, "hvc1"
        VideoTagHeader seq = VideoTagHeader.parse(b(0x90, 'h', 'v', 'c', '1', 1, 2, 3));
        assertThat(seq.enhanced()).isTrue();
        assertThat(seq.codec()).isEqualTo(VideoCodec.HEVC);
        assertThat(seq.sequenceHeader()).isTrue();
        assertThat(seq.headerLength()).isEqualTo(5);
        // CodedFrames of hvc1 carry SI24 composition time
        VideoTagHeader coded = VideoTagHeader.parse(b(0xA1, 'h', 'v', 'c', '1', 0, 0, 0x21, 9));
        assertThat(coded.keyframe()).isFalse();
        assertThat(coded.compositionTime()).isEqualTo(33);
        assertThat(coded.headerLength()).isEqualTo(8);
        // CodedFramesX: no composition time
        VideoTagHeader x = VideoTagHeader.parse(b(0x93, 'h', 'v', 'c', '1', 7));
        assertThat(x.packetType()).isEqualTo(VideoTagHeader.CODED_FRAMES_X);
        assertThat(x.headerLength()).isEqualTo(5);
        // av01 CodedFrames carry no composition time
        VideoTagHeader av1 = VideoTagHeader.parse(b(0x91, 'a', 'v', '0', '1', 7));
        assertThat(av1.codec()).isEqualTo(VideoCodec.AV1);
        assertThat(av1.compositionTime()).isZero();
        assertThat(av1.headerLength()).isEqualTo(5);
        assertThat(VideoTagHeader.parse(b(0x92, 'v', 'p', '0', '9')).packetType())
                .isEqualTo(VideoTagHeader.SEQUENCE_END);
        assertThat(VideoTagHeader.parse(b(0x95, 'a', 'v', '0', '1')).sequenceHeader()).as("MPEG2TSSequenceStart")
                .isTrue();
        assertThat(VideoTagHeader.parse(b(0x94, 'a', 'v', '0', '1')).packetType()).isEqualTo(4);
    }

    @Test
    void enhancedVideoModExNanosecondOffset() {
        // ModEx: data size-1 = 2 (3 bytes: UI24 nanoseconds 0x0F4240 = 1,000,000), then type 0 << 4 | CodedFrames
        VideoTagHeader h = VideoTagHeader.parse(b(0x97, 0x02, 0x0F, 0x42, 0x40, 0x01, 'a', 'v', 'c', '1', 0, 0, 5));
        assertThat(h.timestampNanoOffset()).isEqualTo(1_000_000);
        assertThat(h.packetType()).isEqualTo(VideoTagHeader.CODED_FRAMES);
        assertThat(h.compositionTime()).isEqualTo(5);
        assertThat(h.keyframe()).isTrue();
    }

    @Test
    void enhancedVideoMultitrack() {
        // OneTrack, CodedFramesX of av01, track 3
        VideoTagHeader one = VideoTagHeader.parse(b(0x96, 0x03, 'a', 'v', '0', '1', 3, 9, 9, 9));
        assertThat(one.multitrack()).isTrue();
        assertThat(one.multitrackType()).isZero();
        assertThat(one.tracks()).containsExactly(new Track(3, "av01", 7, 3));
        // ManyTracks of hvc1: track 0 (2 bytes) and track 1 (1 byte)
        VideoTagHeader many = VideoTagHeader.parse(b(0x96, 0x13, 'h', 'v', 'c', '1', 0, 0, 0, 2, 7, 7, 1, 0, 0, 1, 8));
        assertThat(many.tracks()).containsExactly(new Track(0, "hvc1", 10, 2), new Track(1, "hvc1", 16, 1));
        // ManyTracksManyCodecs: each track names its codec
        VideoTagHeader mixed = VideoTagHeader.parse(b(0x96, 0x20, 'h', 'v', 'c', '1', 0, 0, 0, 1, 5,
                'a', 'v', '0', '1', 1, 0, 0, 1, 6));
        assertThat(mixed.tracks()).extracting(Track::fourCc).containsExactly("hvc1", "av01");
        assertThat(mixed.packetType()).isEqualTo(VideoTagHeader.SEQUENCE_START);
        assertThat(mixed.codec()).isEqualTo(VideoCodec.HEVC);
    }

    @Test
    void legacyAudio() {
        AudioTagHeader seq = AudioTagHeader.parse(b(0xAF, 0x00, 0x12, 0x10));
        assertThat(seq.codec()).isEqualTo(AudioCodec.AAC);
        assertThat(seq.sequenceHeader()).isTrue();
        assertThat(seq.soundRate()).isEqualTo(3);
        assertThat(seq.soundSize()).isEqualTo(1);
        assertThat(seq.soundType()).isEqualTo(1);
        assertThat(seq.headerLength()).isEqualTo(2);
        assertThat(AudioTagHeader.parse(b(0xAF, 0x01, 5)).sequenceHeader()).isFalse();
        AudioTagHeader mp3 = AudioTagHeader.parse(b(0x2E, 0xFF));
        assertThat(mp3.codec()).isEqualTo(AudioCodec.MP3);
        assertThat(mp3.packetType()).isEqualTo(-1);
        assertThat(mp3.sequenceHeader()).isFalse();
        assertThat(AudioTagHeader.parse(b(0x72)).codec()).isEqualTo(AudioCodec.G711_ALAW);
        assertThat(AudioTagHeader.parse(b(0xB6)).codec()).isEqualTo(AudioCodec.SPEEX);
    }

    @Test
    void enhancedAudio() {
        for (AudioCodec codec : new AudioCodec[] { AudioCodec.OPUS, AudioCodec.FLAC, AudioCodec.AC3,
                AudioCodec.EAC3, AudioCodec.AAC, AudioCodec.MP3 }) {
            byte[] fourCc = codec.fourCc().getBytes();
            AudioTagHeader seq = AudioTagHeader.parse(b(0x90, fourCc[0], fourCc[1], fourCc[2], fourCc[3], 1));
            assertThat(seq.enhanced()).isTrue();
            assertThat(seq.codec()).isEqualTo(codec);
            assertThat(seq.sequenceHeader()).isTrue();
            assertThat(seq.headerLength()).isEqualTo(5);
            AudioTagHeader coded = AudioTagHeader.parse(b(0x91, fourCc[0], fourCc[1], fourCc[2], fourCc[3], 1));
            assertThat(coded.packetType()).isEqualTo(AudioTagHeader.CODED_FRAMES);
            assertThat(coded.sequenceHeader()).isFalse();
        }
        AudioTagHeader multichannel = AudioTagHeader.parse(b(0x94, 'O', 'p', 'u', 's', 0, 2));
        assertThat(multichannel.packetType()).isEqualTo(AudioTagHeader.MULTICHANNEL_CONFIG);
        AudioTagHeader mt = AudioTagHeader.parse(b(0x95, 0x21, 'O', 'p', 'u', 's', 0, 0, 0, 1, 1,
                'm', 'p', '4', 'a', 1, 0, 0, 2, 2, 2));
        assertThat(mt.multitrack()).isTrue();
        assertThat(mt.tracks()).extracting(Track::trackId).containsExactly(0, 1);
        assertThat(mt.tracks()).extracting(Track::fourCc).containsExactly("Opus", "mp4a");
        AudioTagHeader modEx = AudioTagHeader.parse(b(0x97, 0x02, 0, 0, 100, 0x01, 'O', 'p', 'u', 's'));
        assertThat(modEx.timestampNanoOffset()).isEqualTo(100);
        assertThat(modEx.packetType()).isEqualTo(AudioTagHeader.CODED_FRAMES);
    }

    @Test
    void everyTruncationIsAProtocolError() {
        byte[][] valid = {
            b(0x17, 0x01, 0, 0, 1),
            b(0xA1, 'h', 'v', 'c', '1', 0, 0, 0x21),
            b(0x97, 0x02, 0x0F, 0x42, 0x40, 0x01, 'a', 'v', 'c', '1', 0, 0, 5),
            b(0x96, 0x13, 'h', 'v', 'c', '1', 0, 0, 0, 2, 7, 7) };
        for (byte[] tag : valid) {
            VideoTagHeader.parse(tag);
            for (int length = 0; length < tag.length; length++) {
                byte[] prefix = Arrays.copyOf(tag, length);
                assertThatThrownBy(() -> VideoTagHeader.parse(prefix)).as(Arrays.toString(prefix))
                        .isInstanceOf(RtmpProtocolException.class);
            }
        }
        byte[][] audio = { b(0xAF, 0x00), b(0x95, 0x21, 'O', 'p', 'u', 's', 0, 0, 0, 1, 1),
            b(0x97, 0x02, 0, 0, 100, 0x01, 'O', 'p', 'u', 's') };
        for (byte[] tag : audio) {
            AudioTagHeader.parse(tag);
            for (int length = 0; length < tag.length; length++) {
                byte[] prefix = Arrays.copyOf(tag, length);
                assertThatThrownBy(() -> AudioTagHeader.parse(prefix)).as(Arrays.toString(prefix))
                        .isInstanceOf(RtmpProtocolException.class);
            }
        }
    }
}
