package dev.camelrtmp.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding throughput of the chunk decoder: 8 MiB of video messages (10 KiB each, as a 1.6 Mbit/s stream's frames
 * are), chunked at 128 or 4096 bytes, fed in 64 KiB reads as the socket would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkDecoderBenchmark {

    /** Bytes of messages per invocation. */
    static final int STREAM_BYTES = 8 * 1024 * 1024;

    @Param({ "128", "4096" })
    int chunkSize;

    private byte[] wire;

    @Setup
    public void setup() {
        ByteBuf out = Unpooled.buffer();
        if (chunkSize != 128) {
            ChunkEncoder.encode(ProtocolControl.setChunkSize(chunkSize), out, 128);
        }
        byte[] frame = new byte[10 * 1024];
        new Random(1).nextBytes(frame);
        for (int sent = 0, ts = 0; sent < STREAM_BYTES; sent += frame.length, ts += 33) {
            ChunkEncoder.encode(new RtmpMessage(6, MessageType.VIDEO, ts, 1, frame), out, chunkSize);
        }
        wire = new byte[out.readableBytes()];
        out.readBytes(wire);
    }

    /** One invocation decodes the whole stream; the score is streams per second (times 8 MiB for bytes). */
    @Benchmark
    public void decode(Blackhole bh) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(16 * 1024 * 1024, 64));
        for (int i = 0; i < wire.length; i += 65536) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, i, Math.min(65536, wire.length - i)));
            Object m;
            while ((m = channel.readInbound()) != null) {
                bh.consume(m);
            }
        }
        channel.finishAndReleaseAll();
    }
}
