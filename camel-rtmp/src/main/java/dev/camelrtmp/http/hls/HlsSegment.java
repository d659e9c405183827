package dev.camelrtmp.http.hls;

import java.util.ArrayList;
import java.util.List;

/**
 * One media segment of an {@link HlsStream}: its partial segments (each a moof+mdat fragment) in order. Open while
 * parts are added to it, complete once the next segment starts or the publisher ends. Guarded by its stream's lock.
 */
final class HlsSegment {

    /** One partial segment: the fragment's bytes (never changed), its duration, whether it starts with a key frame. */
    record Part(byte[] data, long durationMillis, boolean independent) {
    }

    final long msn;
    final int initVersion;
    final boolean discontinuity;
    /** Wall clock (epoch milliseconds) of the segment's first sample. */
    final long programDateTime;
    final List<Part> parts = new ArrayList<>();
    long durationMillis;
    boolean complete;

    HlsSegment(long msn, int initVersion, boolean discontinuity, long programDateTime) {
        this.msn = msn;
        this.initVersion = initVersion;
        this.discontinuity = discontinuity;
        this.programDateTime = programDateTime;
    }

    long bytes;

    void add(Part part) {
        parts.add(part);
        durationMillis += part.durationMillis();
        bytes += part.data().length;
    }

    /** The segment's bytes: its parts' fragments in order. */
    List<byte[]> data() {
        List<byte[]> data = new ArrayList<>(parts.size());
        for (Part part : parts) {
            data.add(part.data());
        }
        return data;
    }
}
