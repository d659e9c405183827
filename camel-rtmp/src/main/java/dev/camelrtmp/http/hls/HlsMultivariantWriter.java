package dev.camelrtmp.http.hls;

import java.util.List;

/**
 * Writes a multivariant playlist (RFC 8216bis 4.4.6): one {@code EXT-X-STREAM-INF} per variant stream, each a media
 * playlist of its own. Every variant's segments start with a key frame, so the playlist says
 * {@code EXT-X-INDEPENDENT-SEGMENTS}.
 */
public final class HlsMultivariantWriter {

    /**
     * One variant stream.
     *
     * @param uri    its media playlist, relative to the multivariant playlist
     * @param stream the stream whose codecs, picture size and bit rates it lists
     */
    public record Variant(String uri, HlsStream stream) {
    }

    private HlsMultivariantWriter() {
    }

    /**
     * The playlist of {@code variants}, in their order. BANDWIDTH is the peak segment bit rate measured so far
     * (at least 1), AVERAGE-BANDWIDTH the average; CODECS and RESOLUTION are left out while a variant has no init
     * segment (or no video size).
     */
    public static String write(List<Variant> variants) {
        StringBuilder out = new StringBuilder(64 + variants.size() * 160);
        out.append("#EXTM3U\n");
        out.append("#EXT-X-VERSION:").append(HlsPlaylistWriter.VERSION).append('\n');
        out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Variant variant : variants) {
            HlsStream stream = variant.stream();
            HlsStream.BitRates rates = stream.bitRates();
            out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, rates.peak()));
            if (rates.average() > 0) {
                out.append(",AVERAGE-BANDWIDTH=").append(rates.average());
            }
            String codecs = stream.codecs();
            if (codecs != null && !codecs.isEmpty()) {
                out.append(",CODECS=\"").append(codecs).append('"');
            }
            int width = stream.width();
            int height = stream.height();
            if (width > 0 && height > 0) {
                out.append(",RESOLUTION=").append(width).append('x').append(height);
            }
            out.append('\n').append(variant.uri()).append('\n');
        }
        return out.toString();
    }
}
