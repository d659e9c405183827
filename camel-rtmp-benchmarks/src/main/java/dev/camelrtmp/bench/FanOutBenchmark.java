package dev.camelrtmp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import dev.camelrtmp.protocol.chunk.ChunkedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One video frame (6 KiB, a 1.6 Mbit/s stream's average) to N players' encoders at chunk size 4096: chunked per
 * player (each connection's encoder chunks its own copy, as before the shared fan-out), or chunked once and written
 * as a retained duplicate by each ({@link ChunkedMessage}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark {

    @Param({ "200" })
    int players;

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private byte[] frame;

    @Setup
    public void setUp() {
        frame = new byte[6 * 1024];
        new Random(1).nextBytes(frame);
        for (int i = 0; i < players; i++) {
            EmbeddedChannel channel = new EmbeddedChannel(new ChunkEncoder());
            channel.writeOutbound(ProtocolControl.setChunkSize(4096));
            ((ByteBuf) channel.readOutbound()).release();
            channels.add(channel);
        }
    }

    @TearDown
    public void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private RtmpMessage message() {
        return new RtmpMessage(6, MessageType.VIDEO, 40, 1, frame);
    }

    @Benchmark
    public void chunkedPerPlayer(Blackhole bh) {
        RtmpMessage message = message();
        for (EmbeddedChannel channel : channels) {
            channel.write(message);
        }
        drain(bh);
    }

    @Benchmark
    public void chunkedOnceShared(Blackhole bh) {
        ChunkedMessage shared = ChunkedMessage.encode(message(), 4096, PooledByteBufAllocator.DEFAULT);
        for (EmbeddedChannel channel : channels) {
            channel.write(shared.retainedDuplicate());
        }
        shared.release();
        drain(bh);
    }

    private void drain(Blackhole bh) {
        for (EmbeddedChannel channel : channels) {
            channel.flush();
            ByteBuf out;
            while ((out = channel.readOutbound()) != null) {
                bh.consume(out.readableBytes());
                out.release();
            }
        }
    }
}
