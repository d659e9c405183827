package dev.camelrtmp.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An LL-HLS probe: parses a live media playlist with segments {@code seg-<msn>.m4s} and parts
 * {@code part-<msn>.<i>.m4s} and checks that its tags are there and agree with each other (RFC 8216bis): target
 * duration at least every EXTINF (rounded up), part target at least every part, PART-HOLD-BACK at least three part
 * targets, sequence numbers and part indexes continuous, parts adding up to their segment, an EXT-X-MAP and a
 * program date time before the first segment, the preload hint naming the open segment's next part.
 */
public final class LlHlsProbe {

    /** One segment as listed: its parts (may be none), and its EXTINF duration, or -1 while open. */
    public record Segment(long msn, List<Part> parts, long durationMillis, boolean discontinuity, String map) {
    }

    public record Part(String uri, long durationMillis, boolean independent) {
    }

    /** What the probe read. */
    public record Playlist(int version, long mediaSequence, int targetDuration, long partTargetMillis,
            long partHoldBackMillis, List<Segment> segments, String preloadHint) {

        /** The last segment with an EXTINF, or null. */
        public Segment lastComplete() {
            for (int i = segments.size() - 1; i >= 0; i--) {
                if (segments.get(i).durationMillis() >= 0) {
                    return segments.get(i);
                }
            }
            return null;
        }

        /** The newest segment (open or not). */
        public Segment last() {
            return segments.get(segments.size() - 1);
        }

        /** Whether the playlist lists part {@code index} of segment {@code msn}. */
        public boolean hasPart(long msn, int index) {
            return segments.stream().anyMatch(s -> s.msn() == msn && s.parts().size() > index);
        }
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z-]+)=(\"[^\"]*\"|[^,]*)");
    private static final Pattern PART_URI = Pattern.compile("part-(\\d+)\\.(\\d+)\\.m4s");

    private LlHlsProbe() {
    }

    /** Parses and checks a playlist; fails with an AssertionError naming what is wrong. */
    public static Playlist check(String text) {
        return check(text, true);
    }

    /**
     * Parses and checks a playlist that a plain file server serves (the {@code hls:} endpoint's): the same checks,
     * but it must not offer blocking reload nor hint a part, which such a server cannot answer.
     */
    public static Playlist checkStatic(String text) {
        return check(text, false);
    }

    private static Playlist check(String text, boolean blocking) {
        String[] lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("#EXTM3U");
        int version = -1;
        long mediaSequence = -1;
        int targetDuration = -1;
        long partTarget = -1;
        long partHoldBack = -1;
        String hint = null;
        boolean canBlock = false;
        List<Segment> segments = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        boolean discontinuity = false;
        boolean dated = false;
        String map = null;
        String currentMap = null;
        long extinf = -1;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#EXT-X-VERSION:")) {
                version = Integer.parseInt(value(line));
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                targetDuration = Integer.parseInt(value(line));
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Long.parseLong(value(line));
            } else if (line.startsWith("#EXT-X-SERVER-CONTROL:")) {
                canBlock = "YES".equals(attribute(line, "CAN-BLOCK-RELOAD"));
                partHoldBack = millis(attribute(line, "PART-HOLD-BACK"));
            } else if (line.startsWith("#EXT-X-PART-INF:")) {
                partTarget = millis(attribute(line, "PART-TARGET"));
            } else if (line.startsWith("#EXT-X-MAP:")) {
                currentMap = attribute(line, "URI");
                map = currentMap;
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                java.time.OffsetDateTime.parse(value(line));
                dated = true;
            } else if (line.startsWith("#EXT-X-PART:")) {
                parts.add(new Part(attribute(line, "URI"), millis(attribute(line, "DURATION")),
                        "YES".equals(attribute(line, "INDEPENDENT"))));
            } else if (line.startsWith("#EXTINF:")) {
                extinf = millis(value(line).substring(0, value(line).indexOf(',')));
            } else if (line.startsWith("#EXT-X-PRELOAD-HINT:")) {
                assertThat(attribute(line, "TYPE")).isEqualTo("PART");
                hint = attribute(line, "URI");
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                assertThat(extinf).as("EXTINF before " + line).isGreaterThanOrEqualTo(0);
                assertThat(dated).as("program date time before " + line).isTrue();
                assertThat(currentMap).as("EXT-X-MAP before " + line).isNotNull();
                Matcher segment = Pattern.compile("seg-(\\d+)\\.m4s").matcher(line);
                assertThat(segment.matches()).as(line).isTrue();
                segments.add(new Segment(Long.parseLong(segment.group(1)), List.copyOf(parts), extinf, discontinuity,
                        map));
                parts.clear();
                extinf = -1;
                discontinuity = false;
                dated = false;
                map = null;
            }
        }
        if (!parts.isEmpty()) {
            Matcher first = PART_URI.matcher(parts.get(0).uri());
            assertThat(first.matches()).as(parts.get(0).uri()).isTrue();
            segments.add(new Segment(Long.parseLong(first.group(1)), List.copyOf(parts), -1, discontinuity, map));
        }
        assertThat(version).as("EXT-X-VERSION").isGreaterThanOrEqualTo(6);
        assertThat(canBlock).as("CAN-BLOCK-RELOAD=YES").isEqualTo(blocking);
        assertThat(targetDuration).as("EXT-X-TARGETDURATION").isPositive();
        assertThat(partTarget).as("PART-TARGET").isPositive();
        assertThat(partHoldBack).as("PART-HOLD-BACK >= 3 x PART-TARGET").isGreaterThanOrEqualTo(3 * partTarget);
        assertThat(mediaSequence).as("EXT-X-MEDIA-SEQUENCE").isGreaterThanOrEqualTo(0);
        assertThat(segments).as("segments").isNotEmpty();
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            assertThat(segment.msn()).as("sequence numbers continuous").isEqualTo(mediaSequence + s);
            assertThat(segment.durationMillis()).as("EXTINF of " + segment.msn() + " within the target duration")
                    .isLessThanOrEqualTo(targetDuration * 1000L);
            long sum = 0;
            for (int p = 0; p < segment.parts().size(); p++) {
                Part part = segment.parts().get(p);
                assertThat(part.uri()).isEqualTo(String.format(Locale.ROOT, "part-%d.%d.m4s", segment.msn(), p));
                assertThat(part.durationMillis()).as(part.uri() + " within PART-TARGET")
                        .isLessThanOrEqualTo(partTarget);
                sum += part.durationMillis();
            }
            if (!segment.parts().isEmpty() && segment.durationMillis() >= 0) {
                assertThat(sum).as("parts of " + segment.msn() + " add up to its EXTINF")
                        .isEqualTo(segment.durationMillis());
            }
            if (segment.durationMillis() < 0) {
                assertThat(s).as("only the last segment is open").isEqualTo(segments.size() - 1);
            }
        }
        Segment last = segments.get(segments.size() - 1);
        if (!blocking) {
            assertThat(hint).as("no preload hint").isNull();
        } else if (last.durationMillis() < 0) {
            assertThat(hint).as("preload hint names the next part")
                    .isEqualTo(String.format(Locale.ROOT, "part-%d.%d.m4s", last.msn(), last.parts().size()));
        }
        return new Playlist(version, mediaSequence, targetDuration, partTarget, partHoldBack, segments, hint);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1);
    }

    private static String attribute(String line, String name) {
        Matcher matcher = ATTRIBUTE.matcher(value(line));
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                String value = matcher.group(2);
                return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static long millis(String seconds) {
        assertThat(seconds).as("a duration").isNotNull();
        return new java.math.BigDecimal(seconds).movePointRight(3).longValueExact();
    }
}
