package dev.camelrtmp.media.mp4;

import java.util.List;

/**
 * Writes one movie fragment: moof (mfhd, then per track a traf with tfhd default-base-is-moof, tfdt and a trun with
 * data offset and per-sample duration, size, flags and, for video, composition time offset), then the mdat with the
 * samples of each track in traf order (ISO/IEC 14496-12 8.8).
 */
final class FragmentWriter {

    static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    static final int TRUN_DATA_OFFSET = 0x000001;
    static final int TRUN_SAMPLE_DURATION = 0x000100;
    static final int TRUN_SAMPLE_SIZE = 0x000200;
    static final int TRUN_SAMPLE_FLAGS = 0x000400;
    static final int TRUN_SAMPLE_COMPOSITION_TIME_OFFSET = 0x000800;

    /** sample_depends_on 2 (depends on no other sample). */
    static final int SYNC_SAMPLE = 0x02000000;
    /** sample_depends_on 1, sample_is_non_sync_sample. */
    static final int NON_SYNC_SAMPLE = 0x01010000;

    private FragmentWriter() {
    }

    /** A track's run of samples. */
    record Run(int trackId, boolean video, List<Fmp4Track.Sample> samples) {
    }

    static byte[] write(int sequenceNumber, List<Run> runs) {
        long mdatSize = 8;
        for (Run run : runs) {
            for (Fmp4Track.Sample s : run.samples()) {
                mdatSize += s.data().length;
            }
        }
        if (mdatSize > Integer.MAX_VALUE - 65536) {
            throw new IllegalStateException("fragment of " + mdatSize + " bytes");
        }
        Fmp4Boxes b = new Fmp4Boxes((int) mdatSize + 256);
        int moof = b.open("moof");
        int mfhd = b.openFull("mfhd", 0, 0);
        b.u32(sequenceNumber & 0xFFFFFFFFL);
        b.close(mfhd);
        int[] dataOffsetAt = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            int traf = b.open("traf");
            int tfhd = b.openFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
            b.u32(run.trackId());
            b.close(tfhd);
            int tfdt = b.openFull("tfdt", 1, 0);
            b.u64(run.samples().get(0).decodeTime());
            b.close(tfdt);
            boolean negative = false;
            for (Fmp4Track.Sample s : run.samples()) {
                negative |= s.compositionOffset() < 0;
            }
            int flags = TRUN_DATA_OFFSET | TRUN_SAMPLE_DURATION | TRUN_SAMPLE_SIZE | TRUN_SAMPLE_FLAGS
                    | (run.video() ? TRUN_SAMPLE_COMPOSITION_TIME_OFFSET : 0);
            int trun = b.openFull("trun", negative ? 1 : 0, flags);
            b.u32(run.samples().size());
            dataOffsetAt[i] = b.position();
            b.u32(0);
            for (Fmp4Track.Sample s : run.samples()) {
                b.u32(s.duration()).u32(s.data().length).u32(s.sync() ? SYNC_SAMPLE : NON_SYNC_SAMPLE);
                if (run.video()) {
                    b.u32(s.compositionOffset() & 0xFFFFFFFFL);
                }
            }
            b.close(trun);
            b.close(traf);
        }
        b.close(moof);
        long offset = b.position() - moof + 8;
        for (int i = 0; i < runs.size(); i++) {
            b.putU32(dataOffsetAt[i], offset);
            for (Fmp4Track.Sample s : runs.get(i).samples()) {
                offset += s.data().length;
            }
        }
        b.u32(mdatSize).fourCc("mdat");
        for (Run run : runs) {
            for (Fmp4Track.Sample s : run.samples()) {
                b.bytes(s.data());
            }
        }
        return b.toByteArray();
    }
}
