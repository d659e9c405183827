package dev.camelrtmp.media;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * The header of an FLV video tag body, legacy or Enhanced RTMP (IsExHeader bit set): frame type, codec, packet
 * type, composition time, and for Enhanced RTMP the FourCC, ModEx nanosecond offset and multitrack tracks.
 */
public final class VideoTagHeader extends TagHeader {

    public static final int FRAME_KEY = 1;
    public static final int FRAME_INTER = 2;
    public static final int FRAME_DISPOSABLE_INTER = 3;
    public static final int FRAME_GENERATED_KEY = 4;
    public static final int FRAME_COMMAND = 5;

    /** Legacy AVC/HEVC packet types. */
    public static final int AVC_SEQUENCE_HEADER = 0;
    public static final int AVC_NALU = 1;
    public static final int AVC_END_OF_SEQUENCE = 2;

    /** Enhanced RTMP video packet types. */
    public static final int SEQUENCE_START = 0;
    public static final int CODED_FRAMES = 1;
    public static final int SEQUENCE_END = 2;
    public static final int CODED_FRAMES_X = 3;
    public static final int METADATA = 4;
    public static final int MPEG2TS_SEQUENCE_START = 5;
    public static final int MULTITRACK = 6;
    public static final int MODEX = 7;

    private final VideoCodec codec;
    private final int frameType;
    private final int compositionTime;
    private final int command;

    private VideoTagHeader(VideoCodec codec, String fourCc, int frameType, boolean enhanced, int packetType,
            int compositionTime, int headerLength, ExtendedHeader extended, int command) {
        super(fourCc, enhanced, packetType, headerLength, extended);
        this.codec = codec;
        this.frameType = frameType;
        this.compositionTime = compositionTime;
        this.command = command;
    }

    /**
     * Parses the header at the start of a video tag body.
     *
     * @throws RtmpProtocolException when the body is too short for the header it announces
     */
    public static VideoTagHeader parse(byte[] body) {
        TagReader r = new TagReader(body, "video tag");
        int first = r.u8("video tag header");
        if ((first & 0x80) != 0) {
            int frameType = (first >> 4) & 0x07;
            ExtendedHeader h = ExtendedHeader.parse(r, first & 0x0F, MULTITRACK, frameType == FRAME_COMMAND);
            if (h.command >= 0) {
                return new VideoTagHeader(null, null, frameType, true, h.packetType, 0, r.pos, h, h.command);
            }
            int cts = 0;
            if (h.multitrack) {
                int headerEnd = r.pos;
                h.readTracks(r, true);
                r.pos = headerEnd;
            } else if (h.packetType == CODED_FRAMES && ("avc1".equals(h.fourCc) || "hvc1".equals(h.fourCc))) {
                cts = r.s24("composition time");
            }
            String fourCc = h.fourCc != null ? h.fourCc : h.tracks.isEmpty() ? null : h.tracks.get(0).fourCc();
            return new VideoTagHeader(fourCc == null ? null : VideoCodec.byFourCc(fourCc), fourCc, frameType, true,
                    h.packetType, cts, r.pos, h, -1);
        }
        int frameType = first >> 4;
        int codecId = first & 0x0F;
        int command = -1;
        VideoCodec codec = VideoCodec.byLegacyId(codecId);
        int packetType = -1;
        int cts = 0;
        if (frameType == FRAME_COMMAND && r.remaining() == 1) {
            command = r.u8("video command");
        } else if (codec == VideoCodec.AVC || codec == VideoCodec.HEVC) {
            packetType = r.u8("AVC packet type");
            cts = r.s24("composition time");
        } else if (codec == VideoCodec.VP6 || codec == VideoCodec.VP6_ALPHA) {
            r.skip(Math.min(1, r.remaining()), "VP6 adjustment");
        }
        return new VideoTagHeader(codec, codec == null ? null : codec.fourCc(), frameType, false, packetType, cts,
                r.pos, null, command);
    }

    /** The codec, or null for an id or FourCC this library does not know. */
    public VideoCodec codec() {
        return codec;
    }


    /** 1 key frame, 2 inter frame, 3 disposable inter frame, 4 generated key frame, 5 video info/command. */
    public int frameType() {
        return frameType;
    }

    /** Whether this is a key frame (frame type 1). */
    public boolean keyframe() {
        return frameType == FRAME_KEY;
    }

    /**
     * Whether the tag carries coded video: not a sequence header, end of sequence, metadata or command, all of which
     * FLV may mark with a key frame's frame type.
     */
    public boolean codedFrame() {
        if (frameType == FRAME_COMMAND || command >= 0) {
            return false;
        }
        if (enhanced()) {
            return packetType() == CODED_FRAMES || packetType() == CODED_FRAMES_X;
        }
        return packetType() < 0 || packetType() == AVC_NALU;
    }

    /** Whether this is a coded key frame: {@link #keyframe()} and {@link #codedFrame()}. */
    public boolean codedKeyframe() {
        return keyframe() && codedFrame();
    }



    /** Whether the tag carries the decoder configuration: AVC/HEVC sequence header, SequenceStart. */
    @Override
    public boolean sequenceHeader() {
        return enhanced() ? packetType() == SEQUENCE_START || packetType() == MPEG2TS_SEQUENCE_START
                : packetType() == AVC_SEQUENCE_HEADER;
    }

    /** The composition time offset in ms, where the packet type carries one; 0 otherwise. */
    public int compositionTime() {
        return compositionTime;
    }







    /** The video command of a command frame (0 start seek, 1 end seek), or -1. */
    public int command() {
        return command;
    }
}
