package dev.camelrtmp.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of an Enhanced RTMP audio or video tag header after its first byte: any ModEx prefixes (with the
 * timestamp nanosecond offset), the multitrack header and the codec FourCC, and the tracks of a multitrack body.
 */
final class ExtendedHeader {

    static final int PACKET_TYPE_MODEX = 7;
    static final int MODEX_TIMESTAMP_OFFSET_NANO = 0;

    static final int MULTITRACK_ONE_TRACK = 0;
    static final int MULTITRACK_MANY_TRACKS = 1;
    static final int MULTITRACK_MANY_TRACKS_MANY_CODECS = 2;

    int packetType;
    int nanoOffset;
    boolean multitrack;
    int multitrackType = -1;
    /** Where the byte with the multitrack type and packet type sits in the tag body, or -1. */
    int multitrackTypeOffset = -1;
    String fourCc;
    List<Track> tracks = List.of();
    /** The video command of an enhanced command frame, or -1. */
    int command = -1;

    /**
     * @param firstPacketType    the packet type from the header's first byte
     * @param multitrackType the packet type that announces a multitrack body (video 6, audio 5)
     */
    static ExtendedHeader parse(TagReader r, int firstPacketType, int multitrackType) {
        return parse(r, firstPacketType, multitrackType, false);
    }

    /**
     * @param commandFrame whether the video frame type is Command: unless the packet type is Metadata, a UI8 video
     *                     command then follows instead of a FourCC, and no body
     */
    static ExtendedHeader parse(TagReader r, int firstPacketType, int multitrackType, boolean commandFrame) {
        ExtendedHeader h = new ExtendedHeader();
        h.packetType = firstPacketType;
        while (h.packetType == PACKET_TYPE_MODEX) {
            int size = r.u8("ModEx data size") + 1;
            if (size == 256) {
                size = r.u16("ModEx data size") + 1;
            }
            int dataStart = r.pos;
            r.skip(size, "ModEx data");
            int next = r.u8("ModEx type");
            int modExType = next >> 4;
            h.packetType = next & 0x0F;
            if (modExType == MODEX_TIMESTAMP_OFFSET_NANO && size >= 3) {
                int saved = r.pos;
                r.pos = dataStart;
                h.nanoOffset = r.u24("nanosecond offset");
                r.pos = saved;
            }
        }
        if (commandFrame && h.packetType != VideoTagHeader.METADATA) {
            h.command = r.u8("video command");
        } else if (h.packetType == multitrackType) {
            h.multitrack = true;
            h.multitrackTypeOffset = r.pos;
            int b = r.u8("multitrack type");
            h.multitrackType = b >> 4;
            h.packetType = b & 0x0F;
            if (h.multitrackType != MULTITRACK_MANY_TRACKS_MANY_CODECS) {
                h.fourCc = r.fourCc("FourCC");
            }
        } else {
            h.fourCc = r.fourCc("FourCC");
        }
        return h;
    }

    /**
     * Reads the track list of a multitrack body, which starts at the reader's position.
     *
     * @param video whether the tag is video: CodedFrames of avc1 and hvc1 tracks then start with a composition time
     */
    void readTracks(TagReader r, boolean video) {
        List<Track> list = new ArrayList<>();
        while (r.remaining() > 0) {
            String trackFourCc = multitrackType == MULTITRACK_MANY_TRACKS_MANY_CODECS ? r.fourCc("track FourCC")
                    : fourCc;
            int trackId = r.u8("track id");
            int length;
            if (multitrackType == MULTITRACK_ONE_TRACK) {
                length = r.remaining();
            } else {
                length = r.u24("track size");
            }
            int offset = r.pos;
            int cts = 0;
            if (video && packetType == VideoTagHeader.CODED_FRAMES
                    && ("avc1".equals(trackFourCc) || "hvc1".equals(trackFourCc)) && length >= 3) {
                cts = r.s24("track composition time");
                r.pos = offset;
            }
            r.skip(length, "track data");
            list.add(new Track(trackId, trackFourCc, offset, length, cts));
            if (multitrackType == MULTITRACK_ONE_TRACK) {
                break;
            }
        }
        if (list.isEmpty()) {
            throw new dev.camelrtmp.protocol.RtmpProtocolException("multitrack tag without tracks");
        }
        tracks = List.copyOf(list);
    }
}
