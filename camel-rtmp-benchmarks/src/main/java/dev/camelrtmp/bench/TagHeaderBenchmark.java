package dev.camelrtmp.bench;

import java.util.concurrent.TimeUnit;

import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.VideoTagHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Tag header parsing, done for every audio and video Exchange. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TagHeaderBenchmark {

    private final byte[] avc = { 0x27, 0x01, 0x00, 0x00, 0x43, 0, 0, 0, 1, 0x41 };
    private final byte[] hevcEnhanced = { (byte) 0xA1, 'h', 'v', 'c', '1', 0, 0, 0x21, 0, 0, 0, 1 };
    private final byte[] multitrack = { (byte) 0x96, 0x13, 'a', 'v', '0', '1', 0, 0, 0, 2, 7, 7, 1, 0, 0, 1, 8 };
    private final byte[] aac = { (byte) 0xAF, 0x01, 0x21, 0x10 };

    @Benchmark
    public Object legacyAvc() {
        return VideoTagHeader.parse(avc);
    }

    @Benchmark
    public Object enhancedHevc() {
        return VideoTagHeader.parse(hevcEnhanced);
    }

    @Benchmark
    public Object multitrackAv1() {
        return VideoTagHeader.parse(multitrack);
    }

    @Benchmark
    public Object aac() {
        return AudioTagHeader.parse(aac);
    }
}
