package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.chunk.ChunkEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out of a live source: each message is chunked once for all players with the same chunk size (their
 * writes are duplicates of one buffer, not copies), a player with another chunk size gets its own chunks, and the
 * messages handed out in one turn of the event loop reach each connection with one flush.
 */
class FanOutSharingTest {

    /** Counts flushes on their way to the socket. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count.incrementAndGet();
            ctx.flush();
        }
    }

    @Test
    void oneEncodingIsSharedByThePlayersOfOneChunkSizeAndEachTurnFlushesOnce() {
        LiveSource source = new LiveSource(600, 8L << 20);
        source.publish(new Object());
        int[] chunkSizes = { 4096, 4096, 4096, 128 };
        List<EmbeddedChannel> channels = new ArrayList<>();
        List<Flushes> flushes = new ArrayList<>();
        List<Player> players = new ArrayList<>();
        for (int chunkSize : chunkSizes) {
            Flushes counter = new Flushes();
            EmbeddedChannel channel = new EmbeddedChannel(counter, new ChunkEncoder());
            channel.writeOutbound(ProtocolControl.setChunkSize(chunkSize)); // as the server does at connect
            ((ByteBuf) channel.readOutbound()).release();
            counter.count.set(0);
            Player player = new Player(channel, 1, 4L << 20);
            source.addPlayer(player);
            channels.add(channel);
            flushes.add(counter);
            players.add(player);
        }

        Random random = new Random(7);
        List<RtmpMessage> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] payload = new byte[i == 0 ? 20_000 : 300 + i];
            random.nextBytes(payload);
            boolean video = i % 2 == 0;
            payload[0] = (byte) (video ? (i == 0 ? 0x17 : 0x27) : 0xAF); // AVC key/inter frame, AAC
            payload[1] = 1; // NALU / raw AAC frame
            RtmpMessage message = new RtmpMessage(video ? 6 : 4, video ? MessageType.VIDEO : MessageType.AUDIO,
                    40 * i, 1, payload);
            published.add(message);
            source.accept(new MediaMessage(video ? MediaMessage.Kind.VIDEO : MediaMessage.Kind.AUDIO, 40L * i,
                    message));
        }
        for (EmbeddedChannel channel : channels) {
            channel.runPendingTasks();
        }

        List<List<ByteBuf>> written = new ArrayList<>();
        for (EmbeddedChannel channel : channels) {
            List<ByteBuf> out = new ArrayList<>();
            ByteBuf buf;
            while ((buf = channel.readOutbound()) != null) {
                out.add(buf);
            }
            written.add(out);
        }
        try {
            for (int p = 0; p < chunkSizes.length; p++) {
                assertThat(flushes.get(p).count).as("flushes of player %d for one turn", p).hasValue(1);
                assertThat(written.get(p)).hasSize(published.size());
                assertThat(players.get(p).sent()).isEqualTo(published.size());
                assertThat(players.get(p).bytesSent())
                        .isEqualTo(published.stream().mapToLong(RtmpMessage::length).sum());
                assertThat(players.get(p).dropped()).isZero();
                for (int i = 0; i < published.size(); i++) {
                    RtmpMessage expected = published.get(i);
                    int csid = expected.typeId() == MessageType.VIDEO ? Player.VIDEO_CHUNK_STREAM_ID
                            : Player.AUDIO_CHUNK_STREAM_ID;
                    ByteBuf chunks = Unpooled.buffer();
                    ChunkEncoder.encode(new RtmpMessage(csid, expected.typeId(), expected.timestamp(), 1,
                            expected.payload()), chunks, chunkSizes[p]);
                    assertThat(ByteBufUtil.equals(chunks, written.get(p).get(i)))
                            .as("player %d, message %d", p, i).isTrue();
                    chunks.release();
                }
            }
            for (int i = 0; i < published.size(); i++) {
                // one buffer's memory: a byte changed through the first player's write shows in the others'
                ByteBuf first = written.get(0).get(i);
                int last = first.writerIndex() - 1;
                byte flipped = (byte) ~first.getByte(last);
                first.setByte(last, flipped);
                assertThat(written.get(1).get(i).getByte(last)).as("message %d shared", i).isEqualTo(flipped);
                assertThat(written.get(2).get(i).getByte(last)).as("message %d shared", i).isEqualTo(flipped);
                assertThat(written.get(3).get(i).getByte(written.get(3).get(i).writerIndex() - 1))
                        .as("message %d: another chunk size, chunks of its own", i).isNotEqualTo(flipped);
            }
        } finally {
            written.forEach(out -> out.forEach(ByteBuf::release));
        }
        for (int p = 0; p < chunkSizes.length; p++) {
            assertThat(players.get(p).queuedBytes()).as("every write completed").isZero();
            assertThat(channels.get(p).finish()).isFalse();
        }
    }
}
