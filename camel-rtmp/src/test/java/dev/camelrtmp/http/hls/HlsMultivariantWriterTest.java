package dev.camelrtmp.http.hls;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bit rates an HlsStream measures and the multivariant playlist listing such streams, without HTTP. */
class HlsMultivariantWriterTest {

    private final AtomicLong clock = new AtomicLong(1_767_225_600_000L);

    private HlsStream stream(String path, String codecs, int width, int height) {
        HlsStream stream = new HlsStream(path, 200, 7, 0, 1, clock::get);
        stream.init(new byte[] {1}, codecs, width, height);
        return stream;
    }

    /** Adds a segment of five 200 ms parts of {@code partBytes} bytes each. */
    private static void segment(HlsStream stream, int partBytes) {
        for (int i = 0; i < 5; i++) {
            stream.addPart(new byte[partBytes], 200, i == 0, i == 0);
        }
    }

    @Test
    void bitRatesArePeakAndAverageOfTheCompleteSegmentsOrOfThePartsBeforeOne() {
        HlsStream stream = stream("live/cam/v0", "avc1.64001f,mp4a.40.2", 640, 360);
        assertThat(stream.bitRates()).isEqualTo(new HlsStream.BitRates(0, 0));
        stream.addPart(new byte[2500], 200, true, true);
        assertThat(stream.bitRates()).as("only an open segment").isEqualTo(new HlsStream.BitRates(100_000, 100_000));
        stream.addPart(new byte[2500], 200, false, false);
        stream.addPart(new byte[2500], 200, false, false);
        stream.addPart(new byte[2500], 200, false, false);
        stream.addPart(new byte[2500], 200, false, false);
        segment(stream, 5000); // completes the first segment: 12 500 bytes in 1 s, 100 kbit/s
        segment(stream, 1000); // completes the second: 25 000 bytes in 1 s, 200 kbit/s
        assertThat(stream.bitRates()).isEqualTo(new HlsStream.BitRates(200_000, 150_000));
    }

    @Test
    void listsEveryVariantWithBandwidthCodecsAndResolution() {
        HlsStream hevc = stream("live/cam/v0", "hvc1.1.6.L60.90,opus", 1280, 720);
        HlsStream av1 = stream("live/cam/v1", "av01.0.00M.08,opus", 640, 360);
        HlsStream unknown = new HlsStream("live/cam/v2", 200, 7, 0, 1, clock::get);
        segment(hevc, 5000);
        segment(hevc, 5000);
        segment(av1, 2500);
        String text = HlsMultivariantWriter.write(List.of(
                new HlsMultivariantWriter.Variant("v0/index.m3u8", hevc),
                new HlsMultivariantWriter.Variant("v1/index.m3u8", av1),
                new HlsMultivariantWriter.Variant("v2/index.m3u8", unknown)));
        assertThat(text).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=200000,AVERAGE-BANDWIDTH=200000,CODECS="hvc1.1.6.L60.90,opus",RESOLUTION=1280x720
                v0/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=100000,AVERAGE-BANDWIDTH=100000,CODECS="av01.0.00M.08,opus",RESOLUTION=640x360
                v1/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=1
                v2/index.m3u8
                """);
    }
}
