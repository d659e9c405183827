package dev.camelrtmp.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.amf.Amf0;
import dev.camelrtmp.protocol.amf.AmfEcmaArray;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** AMF0 decoding of what every publish carries: a connect command and an @setDataFrame onMetaData. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AmfBenchmark {

    private byte[] connect;
    private byte[] metadata;

    @Setup
    public void setup() {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("app", "live");
        command.put("type", "nonprivate");
        command.put("flashVer", "FMLE/3.0 (compatible; Lavf61.7.100)");
        command.put("tcUrl", "rtmp://127.0.0.1:1935/live");
        connect = Amf0.encodeAll("connect", 1.0, command);
        AmfEcmaArray meta = new AmfEcmaArray();
        meta.put("duration", 0.0);
        meta.put("width", 1280.0);
        meta.put("height", 720.0);
        meta.put("videodatarate", 1500.0);
        meta.put("framerate", 30.0);
        meta.put("videocodecid", 7.0);
        meta.put("audiodatarate", 128.0);
        meta.put("audiosamplerate", 44100.0);
        meta.put("audiosamplesize", 16.0);
        meta.put("stereo", true);
        meta.put("audiocodecid", 10.0);
        meta.put("encoder", "Lavf61.7.100");
        meta.put("filesize", 0.0);
        metadata = Amf0.encodeAll("@setDataFrame", "onMetaData", meta);
    }

    @Benchmark
    public Object decodeConnect() {
        return Amf0.decodeAll(Unpooled.wrappedBuffer(connect));
    }

    @Benchmark
    public Object decodeMetadata() {
        return Amf0.decodeAll(Unpooled.wrappedBuffer(metadata));
    }
}
