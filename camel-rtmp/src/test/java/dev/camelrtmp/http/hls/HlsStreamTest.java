package dev.camelrtmp.http.hls;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelrtmp.http.hls.HlsStream.Outcome;
import dev.camelrtmp.test.LlHlsProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The playlist of an HlsStream, its window, and its waits, without HTTP. */
class HlsStreamTest {

    private static final byte[] INIT = {1, 2, 3};
    private final AtomicLong clock = new AtomicLong(1_767_225_600_000L); // 2026-01-01T00:00:00Z

    private HlsStream stream(int segmentCount) {
        HlsStream stream = new HlsStream("live/cam", 200, segmentCount, 0, 1, clock::get);
        stream.init(INIT, "avc1.64001f", 640, 360);
        return stream;
    }

    /** Adds a segment of {@code parts} parts of 200 ms, the clock advancing with them. */
    private void segment(HlsStream stream, int parts) {
        for (int i = 0; i < parts; i++) {
            clock.addAndGet(200);
            stream.addPart(new byte[] {(byte) i}, 200, i == 0, i == 0);
        }
    }

    private static String text(HlsStream stream) {
        return new String(stream.playlist(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheWholePlaylistOfTwoSegmentsAndAnOpenOne() {
        HlsStream stream = stream(7);
        assertThat(stream.playlist()).isNull();
        segment(stream, 5);
        segment(stream, 5);
        segment(stream, 2);
        assertThat(text(stream)).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-TARGETDURATION:1
                #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600
                #EXT-X-PART-INF:PART-TARGET=0.200
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-MAP:URI="init-1.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z
                #EXT-X-PART:DURATION=0.200,URI="part-0.0.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.200,URI="part-0.1.m4s"
                #EXT-X-PART:DURATION=0.200,URI="part-0.2.m4s"
                #EXT-X-PART:DURATION=0.200,URI="part-0.3.m4s"
                #EXT-X-PART:DURATION=0.200,URI="part-0.4.m4s"
                #EXTINF:1.000,
                seg-0.m4s
                #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:01.000Z
                #EXT-X-PART:DURATION=0.200,URI="part-1.0.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.200,URI="part-1.1.m4s"
                #EXT-X-PART:DURATION=0.200,URI="part-1.2.m4s"
                #EXT-X-PART:DURATION=0.200,URI="part-1.3.m4s"
                #EXT-X-PART:DURATION=0.200,URI="part-1.4.m4s"
                #EXTINF:1.000,
                seg-1.m4s
                #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:02.000Z
                #EXT-X-PART:DURATION=0.200,URI="part-2.0.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.200,URI="part-2.1.m4s"
                #EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-2.2.m4s"
                """);
        LlHlsProbe.check(text(stream));
        assertThat(stream.segment(1)).hasSize(5);
        assertThat(stream.segment(2)).as("open").isNull();
        assertThat(stream.part(2, 1)).containsExactly(1);
        assertThat(stream.initSegment(1)).isEqualTo(INIT);
    }

    @Test
    void keepsTheLastSegmentsAndListsPartsOnlyNearTheLiveEdge() {
        HlsStream stream = stream(3);
        for (int s = 0; s < 20; s++) {
            segment(stream, 5);
        }
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text(stream));
        // 19 complete segments of 1 s, the window keeps 3 (3 s = 3 target durations), and the open one
        assertThat(playlist.mediaSequence()).isEqualTo(16);
        assertThat(playlist.segments()).extracting(LlHlsProbe.Segment::msn).containsExactly(16L, 17L, 18L, 19L);
        // parts: the open segment's, and those of segments ending less than 3 s before the live edge
        assertThat(playlist.segments()).extracting(s -> s.parts().size()).containsExactly(0, 5, 5, 5);
        assertThat(stream.segment(15)).isNull();
        assertThat(stream.part(15, 0)).isNull();
        assertThat(stream.segment(16)).hasSize(5);
    }

    @Test
    void keepsThreeTargetDurationsEvenWhenFewerSegmentsAreAsked() {
        HlsStream stream = stream(1);
        for (int s = 0; s < 10; s++) {
            segment(stream, 5);
        }
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text(stream));
        long listed = playlist.segments().stream().filter(s -> s.durationMillis() >= 0)
                .mapToLong(LlHlsProbe.Segment::durationMillis).sum();
        assertThat(listed).isGreaterThanOrEqualTo(3000);
        assertThat(playlist.segments()).hasSize(4);
    }

    @Test
    void targetDurationIsTheLongestSegmentRoundedUpAndNeverShrinks() {
        HlsStream stream = stream(7);
        segment(stream, 11); // 2.2 s
        segment(stream, 5);
        segment(stream, 1);
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text(stream));
        assertThat(playlist.targetDuration()).isEqualTo(3);
        stream.addPart(new byte[1], 250, true, true); // longer than the part target
        playlist = LlHlsProbe.check(text(stream));
        assertThat(playlist.partTargetMillis()).isEqualTo(250);
        assertThat(playlist.partHoldBackMillis()).isEqualTo(750);
    }

    @Test
    void aNewInitSegmentStartsASegmentAfterADiscontinuityWithItsMap() {
        HlsStream stream = stream(7);
        segment(stream, 5);
        stream.addPart(new byte[1], 200, true, true);
        stream.init(INIT.clone(), "avc1.64001f", 640, 360); // the same bytes: nothing changes
        stream.addPart(new byte[1], 200, false, false);
        stream.init(new byte[] {9}, "avc1.640028", 1280, 720);
        stream.addPart(new byte[1], 200, true, false); // not flagged, yet a new segment: another init
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text(stream));
        assertThat(playlist.segments()).extracting(LlHlsProbe.Segment::map)
                .containsExactly("init-1.mp4", null, "init-2.mp4");
        assertThat(playlist.segments()).extracting(LlHlsProbe.Segment::discontinuity)
                .containsExactly(false, false, true);
        assertThat(playlist.segments().get(1).parts()).hasSize(2);
        assertThat(stream.initSegment(2)).containsExactly(9);
        assertThat(stream.codecs()).isEqualTo("avc1.640028");
    }

    @Test
    void discontinuitiesLeavingTheWindowAreCounted() {
        HlsStream stream = stream(3);
        segment(stream, 5);
        stream.init(new byte[] {9}, null, 0, 0);
        for (int s = 0; s < 6; s++) {
            segment(stream, 5);
        }
        String text = text(stream);
        assertThat(text).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n").doesNotContain("#EXT-X-DISCONTINUITY\n")
                .contains("#EXT-X-MAP:URI=\"init-2.mp4\"").doesNotContain("init-1.mp4");
        assertThat(stream.initSegment(1)).as("no segment uses it").isNull();
    }

    @Test
    void endCompletesTheOpenSegmentWithEndlistAndAResumedPublishFollowsADiscontinuity() {
        HlsStream stream = stream(7);
        segment(stream, 5);
        segment(stream, 3);
        stream.end();
        String ended = text(stream);
        assertThat(ended).doesNotContain("PRELOAD-HINT").endsWith("seg-1.m4s\n#EXT-X-ENDLIST\n");
        LlHlsProbe.check(ended);
        clock.addAndGet(60_000);
        segment(stream, 5);
        LlHlsProbe.Playlist resumed = LlHlsProbe.check(text(stream));
        assertThat(text(stream)).as("live again").doesNotContain("ENDLIST");
        assertThat(resumed.segments()).extracting(LlHlsProbe.Segment::discontinuity)
                .containsExactly(false, false, true);
        assertThat(text(stream)).contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:01:01.600Z");
    }

    @Test
    void aBlockingReloadCompletesOnceTheAskedPartIsThere() {
        HlsStream stream = stream(7);
        segment(stream, 5);
        segment(stream, 2); // open: msn 1 with parts 0 and 1
        assertThat(stream.awaitPlaylist(1, 1)).isCompletedWithValue(Outcome.READY);
        assertThat(stream.awaitPlaylist(0, -1)).isCompletedWithValue(Outcome.READY);
        CompletableFuture<Outcome> part = stream.awaitPlaylist(1, 2);
        CompletableFuture<Outcome> whole = stream.awaitPlaylist(1, -1);
        CompletableFuture<Outcome> nextSegment = stream.awaitPlaylist(2, 0);
        assertThat(part).isNotDone();
        stream.addPart(new byte[1], 200, false, false);
        assertThat(part).isCompletedWithValue(Outcome.READY);
        assertThat(whole).isNotDone();
        stream.addPart(new byte[1], 200, true, true); // msn 1 completes, msn 2 begins
        assertThat(whole).isCompletedWithValue(Outcome.READY);
        assertThat(nextSegment).isCompletedWithValue(Outcome.READY);
        assertThat(stream.waiting()).isZero();
    }

    @Test
    void aReloadTooFarAheadIsRefusedAtOnce() {
        HlsStream stream = stream(7);
        segment(stream, 2); // open msn 0
        assertThat(stream.awaitPlaylist(3, 0)).isCompletedWithValue(Outcome.TOO_FAR);
        assertThat(stream.awaitPlaylist(2, 0)).isNotDone();
        assertThat(stream.awaitPlaylist(0, 40)).as("beyond 3 s of parts").isCompletedWithValue(Outcome.TOO_FAR);
        assertThat(stream.awaitPlaylist(0, 10)).isNotDone();
    }

    @Test
    void aHintedPartIsServedOnceAddedOrNotFoundWhenANewSegmentStartsInstead() {
        HlsStream stream = stream(7);
        segment(stream, 2);
        CompletableFuture<Outcome> hinted = stream.awaitPart(0, 2);
        assertThat(stream.awaitPart(0, 3)).isCompletedWithValue(Outcome.NOT_FOUND);
        assertThat(stream.awaitPart(0, 1)).isCompletedWithValue(Outcome.READY);
        stream.addPart(new byte[] {7}, 200, false, false);
        assertThat(hinted).isCompletedWithValue(Outcome.READY);
        CompletableFuture<Outcome> hintedAgain = stream.awaitPart(0, 3);
        CompletableFuture<Outcome> nextFirst = stream.awaitPart(1, 0);
        stream.addPart(new byte[] {8}, 200, true, true);
        assertThat(hintedAgain).isCompletedWithValue(Outcome.NOT_FOUND);
        assertThat(nextFirst).isCompletedWithValue(Outcome.READY);
        assertThat(stream.part(1, 0)).containsExactly(8);
    }

    @Test
    void cancelledAndClosedWaitsAreForgotten() {
        HlsStream stream = stream(7);
        segment(stream, 1);
        CompletableFuture<Outcome> cancelled = stream.awaitPlaylist(0, 3);
        CompletableFuture<Outcome> closed = stream.awaitPlaylist(1, 0);
        stream.cancel(cancelled);
        assertThat(stream.waiting()).isEqualTo(1);
        stream.close();
        assertThat(closed).isCompletedWithValue(Outcome.NOT_FOUND);
        assertThat(cancelled).isNotDone();
        assertThat(stream.playlist()).isNull();
    }

    @Test
    void aStreamWithoutSegmentStartsIsCutAfterTheLongestSegment() {
        HlsStream stream = stream(7);
        int parts = (int) (HlsStream.MAX_SEGMENT_MILLIS / 200);
        for (int i = 0; i < parts + 1; i++) {
            stream.addPart(new byte[1], 200, i == 0, i == 0);
        }
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text(stream));
        assertThat(playlist.segments()).extracting(LlHlsProbe.Segment::durationMillis)
                .containsExactly(HlsStream.MAX_SEGMENT_MILLIS, -1L);
        assertThat(playlist.targetDuration()).isEqualTo(30);
    }

    @Test
    void partsNeedAnInitSegment() {
        HlsStream stream = new HlsStream("live/cam", 200, 7);
        assertThatThrownBy(() -> stream.addPart(new byte[1], 200, true, true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRecreatedStreamGoesOnWithTheNumbersOfTheRemovedOne() {
        HlsStreams streams = new HlsStreams(7);
        HlsStream first = streams.create("live/cam", 200);
        first.init(INIT, null, 0, 0);
        first.addPart(new byte[1], 200, true, true);
        first.addPart(new byte[1], 200, true, true);
        streams.remove("live/cam");
        assertThat(streams.stream("live/cam")).isNull();
        HlsStream second = streams.create("live/cam", 200);
        second.init(INIT, null, 0, 0);
        second.addPart(new byte[1], 200, true, true);
        String text = new String(second.playlist(), StandardCharsets.UTF_8);
        assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:2\n").contains("init-2.mp4");
        assertThat(streams.stream("live/cam")).isSameAs(second);
    }
}
