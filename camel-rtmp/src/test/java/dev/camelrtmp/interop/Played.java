package dev.camelrtmp.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the play tests share on what a real player wrote: per-stream packet hashes, tails, timestamp warnings. */
final class Played {

    private Played() {
    }

    /** The size and hash of each packet of a framemd5 listing, per stream index. */
    static List<List<String>> hashesByStream(List<String> framemd5) {
        List<List<String>> streams = new ArrayList<>();
        for (String line : framemd5) {
            String[] f = line.split(",");
            int stream = Integer.parseInt(f[0]);
            while (streams.size() <= stream) {
                streams.add(new ArrayList<>());
            }
            streams.get(stream).add(f[4] + " " + f[5]);
        }
        return Collections.unmodifiableList(streams);
    }

    /**
     * Asserts every stream the player wrote is an exact tail (or, with {@code whole}, all) of one stream of the
     * source, each source stream matched once, and every source stream played. Stream order may differ: a player
     * numbers streams in the order it meets them.
     *
     * @return the number of packets played per source stream index
     */
    static List<Integer> assertTails(List<List<String>> played, List<List<String>> source, boolean whole) {
        assertThat(played).as("streams played").hasSameSizeAs(source);
        List<Integer> counts = new ArrayList<>(Collections.nCopies(source.size(), -1));
        for (int p = 0; p < played.size(); p++) {
            List<String> tail = played.get(p);
            assertThat(tail).as("played stream %d", p).isNotEmpty();
            int match = -1;
            for (int s = 0; s < source.size() && match < 0; s++) {
                List<String> all = source.get(s);
                if (counts.get(s) < 0 && all.size() >= tail.size() && (!whole || all.size() == tail.size())
                        && all.subList(all.size() - tail.size(), all.size()).equals(tail)) {
                    match = s;
                }
            }
            assertThat(match).as("played stream %d (%d packets, first %s, last %s) is %s of a source stream (%s)", p,
                    tail.size(), tail.get(0), tail.get(tail.size() - 1), whole ? "all" : "an exact tail",
                    source.stream().map(all -> all.size() + " packets, first " + all.get(0) + ", last "
                            + all.get(all.size() - 1)).toList()).isNotNegative();
            counts.set(match, tail.size());
        }
        return counts;
    }

    /** Asserts a player's log has no timestamp complaint (FFmpeg's muxer and demuxer warnings). */
    static void assertNoTimestampWarnings(String stderr) {
        List<String> complaints = stderr.lines().filter(line -> {
            String l = line.toLowerCase(Locale.ROOT);
            return l.contains("non-monotonous dts") || l.contains("non monotonically increasing dts")
                    || l.contains("invalid dts") || l.contains("dts < pcr") || l.contains("out of order");
        }).toList();
        assertThat(complaints).as("timestamp warnings of the player").isEmpty();
    }
}
