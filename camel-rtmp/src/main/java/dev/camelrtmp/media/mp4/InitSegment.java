package dev.camelrtmp.media.mp4;

import java.util.List;

/**
 * Writes a fragmented MP4 init segment: ftyp and a moov with mvhd, one trak per track (empty sample tables) and mvex
 * with a trex per track (ISO/IEC 14496-12 8.8).
 */
final class InitSegment {

    private InitSegment() {
    }

    /** A track of the init segment: its track_ID and configuration. */
    record Entry(int trackId, TrackConfig config) {
    }

    static byte[] write(List<Entry> tracks) {
        Fmp4Boxes b = new Fmp4Boxes(1024);
        int ftyp = b.open("ftyp");
        b.fourCc("iso6").u32(0);
        b.fourCc("iso6").fourCc("cmfc").fourCc("isom").fourCc("mp41");
        for (Entry t : tracks) {
            if (t.config().sampleEntry().equals("av01")) {
                b.fourCc("av01");
            }
        }
        b.close(ftyp);

        int moov = b.open("moov");
        int mvhd = b.openFull("mvhd", 0, 0);
        b.u32(0).u32(0).u32(1000).u32(0); // creation, modification, timescale, duration
        b.u32(0x00010000).u16(0x0100).zeros(10).unityMatrix().zeros(24);
        int next = 1;
        for (Entry t : tracks) {
            next = Math.max(next, t.trackId() + 1);
        }
        b.u32(next);
        b.close(mvhd);
        for (Entry t : tracks) {
            trak(b, t.trackId(), t.config());
        }
        int mvex = b.open("mvex");
        for (Entry t : tracks) {
            int trex = b.openFull("trex", 0, 0);
            b.u32(t.trackId()).u32(1).u32(0).u32(0).u32(0);
            b.close(trex);
        }
        b.close(mvex);
        b.close(moov);
        return b.toByteArray();
    }

    private static void trak(Fmp4Boxes b, int trackId, TrackConfig c) {
        int trak = b.open("trak");
        int tkhd = b.openFull("tkhd", 0, 0x000003); // enabled, in movie
        b.u32(0).u32(0).u32(trackId).u32(0).u32(0); // creation, modification, track_ID, reserved, duration
        b.zeros(8).u16(0).u16(0).u16(c.video() ? 0 : 0x0100).u16(0); // layer, alternate group, volume
        b.unityMatrix().u32((long) c.width() << 16).u32((long) c.height() << 16);
        b.close(tkhd);

        int mdia = b.open("mdia");
        int mdhd = b.openFull("mdhd", 0, 0);
        b.u32(0).u32(0).u32(c.timescale()).u32(0).u16(0x55C4).u16(0); // language "und"
        b.close(mdhd);
        int hdlr = b.openFull("hdlr", 0, 0);
        b.u32(0).fourCc(c.video() ? "vide" : "soun").zeros(12);
        b.bytes((c.video() ? "VideoHandler" : "SoundHandler").getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .u8(0);
        b.close(hdlr);
        int minf = b.open("minf");
        if (c.video()) {
            int vmhd = b.openFull("vmhd", 0, 1);
            b.zeros(8);
            b.close(vmhd);
        } else {
            int smhd = b.openFull("smhd", 0, 0);
            b.zeros(4);
            b.close(smhd);
        }
        int dinf = b.open("dinf");
        int dref = b.openFull("dref", 0, 0);
        b.u32(1);
        b.close(b.openFull("url ", 0, 1)); // media in this file
        b.close(dref);
        b.close(dinf);
        int stbl = b.open("stbl");
        int stsd = b.openFull("stsd", 0, 0);
        b.u32(1);
        sampleEntry(b, c);
        b.close(stsd);
        int stts = b.openFull("stts", 0, 0);
        b.u32(0);
        b.close(stts);
        int stsc = b.openFull("stsc", 0, 0);
        b.u32(0);
        b.close(stsc);
        int stsz = b.openFull("stsz", 0, 0);
        b.u32(0).u32(0);
        b.close(stsz);
        int stco = b.openFull("stco", 0, 0);
        b.u32(0);
        b.close(stco);
        b.close(stbl);
        b.close(minf);
        b.close(mdia);
        b.close(trak);
    }

    private static void sampleEntry(Fmp4Boxes b, TrackConfig c) {
        int entry = b.open(c.sampleEntry());
        b.zeros(6).u16(1); // reserved, data_reference_index
        if (c.video()) {
            b.u16(0).u16(0).zeros(12); // pre_defined, reserved, pre_defined
            b.u16(c.width()).u16(c.height()).u32(0x00480000).u32(0x00480000).u32(0).u16(1);
            b.zeros(32); // compressorname
            b.u16(0x0018).u16(0xFFFF); // depth, pre_defined
        } else {
            b.zeros(8).u16(c.channels()).u16(16).u16(0).u16(0);
            b.u32(c.sampleRate() <= 0xFFFF ? (long) c.sampleRate() << 16 : 0);
        }
        int config = b.open(c.configBoxType());
        b.bytes(c.configBox());
        b.close(config);
        b.close(entry);
    }
}
