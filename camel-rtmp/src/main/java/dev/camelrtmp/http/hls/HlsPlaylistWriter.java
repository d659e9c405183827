package dev.camelrtmp.http.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a live media playlist (RFC 8216bis, Low-Latency HLS) of one stream's window of segments. Version 6: the
 * lowest that {@code EXT-X-MAP} in a playlist that is not I-frames-only needs; no tag used here needs more (9 is for
 * {@code EXT-X-SKIP}, not offered). Plain HLS players read the same playlist and skip the parts' tags.
 */
final class HlsPlaylistWriter {

    static final int VERSION = 6;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private HlsPlaylistWriter() {
    }

    /**
     * @param segments              the window, oldest first; the last may be open (parts, no EXTINF yet)
     * @param targetDuration        EXT-X-TARGETDURATION in seconds
     * @param partTargetMillis      the part target duration
     * @param discontinuitySequence discontinuities that left the window
     * @param ended                 whether the publish ended: no preload hint, EXT-X-ENDLIST
     * @param blockingReload        whether the server answers blocking reloads and hinted parts: CAN-BLOCK-RELOAD
     *                              and the preload hint only then
     */
    static String write(List<HlsSegment> segments, int targetDuration, long partTargetMillis,
            long discontinuitySequence, boolean ended, boolean blockingReload) {
        StringBuilder out = new StringBuilder(256 + segments.size() * 400);
        out.append("#EXTM3U\n");
        out.append("#EXT-X-VERSION:").append(VERSION).append('\n');
        out.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        out.append(blockingReload ? "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK="
                : "#EXT-X-SERVER-CONTROL:PART-HOLD-BACK=")
                .append(seconds(3 * partTargetMillis)).append('\n');
        out.append("#EXT-X-PART-INF:PART-TARGET=").append(seconds(partTargetMillis)).append('\n');
        out.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? 0 : segments.get(0).msn).append('\n');
        if (discontinuitySequence > 0) {
            out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        boolean[] listParts = partsListed(segments, targetDuration);
        int mapped = -1;
        for (int s = 0; s < segments.size(); s++) {
            HlsSegment segment = segments.get(s);
            if (segment.discontinuity) {
                out.append("#EXT-X-DISCONTINUITY\n");
            }
            if (segment.initVersion != mapped) {
                mapped = segment.initVersion;
                out.append("#EXT-X-MAP:URI=\"").append(HlsStream.initName(mapped)).append("\"\n");
            }
            out.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(Instant.ofEpochMilli(
                    segment.programDateTime))).append('\n');
            if (listParts[s]) {
                for (int i = 0; i < segment.parts.size(); i++) {
                    HlsSegment.Part part = segment.parts.get(i);
                    out.append("#EXT-X-PART:DURATION=").append(seconds(part.durationMillis())).append(",URI=\"")
                            .append(HlsStream.partName(segment.msn, i)).append('"');
                    if (part.independent()) {
                        out.append(",INDEPENDENT=YES");
                    }
                    out.append('\n');
                }
            }
            if (segment.complete) {
                out.append("#EXTINF:").append(seconds(segment.durationMillis)).append(",\n")
                        .append(HlsStream.segmentName(segment.msn)).append('\n');
            }
        }
        if (ended) {
            out.append("#EXT-X-ENDLIST\n");
        } else if (blockingReload && !segments.isEmpty() && !segments.get(segments.size() - 1).complete) {
            HlsSegment open = segments.get(segments.size() - 1);
            out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(HlsStream.partName(open.msn,
                    open.parts.size())).append("\"\n");
        }
        return out.toString();
    }

    /**
     * Which segments list their parts: the open one, and complete ones that end less than three target durations
     * before the live edge (older parts may be removed, RFC 8216bis 4.4.4.9).
     */
    private static boolean[] partsListed(List<HlsSegment> segments, int targetDuration) {
        boolean[] listed = new boolean[segments.size()];
        long after = 0;
        long limit = 3_000L * targetDuration;
        for (int s = segments.size() - 1; s >= 0; s--) {
            HlsSegment segment = segments.get(s);
            listed[s] = !segment.complete || after < limit;
            after += segment.durationMillis;
        }
        return listed;
    }

    /** Milliseconds as decimal seconds with three decimals. */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }
}
