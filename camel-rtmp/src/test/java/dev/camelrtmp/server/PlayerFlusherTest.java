package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The players of one event loop are written by one task per turn: a burst of messages handed to many players costs
 * one task submission on their loop, and each player still gets every message, in order, with one flush.
 */
class PlayerFlusherTest {

    /** An event loop that counts the tasks submitted to it. */
    private static final class CountingLoop extends DefaultEventLoop {
        final AtomicInteger tasks = new AtomicInteger();

        CountingLoop() {
            super();
        }

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            super.execute(task);
        }
    }

    /** Counts flushes on their way to the socket. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count.incrementAndGet();
            ctx.flush();
        }
    }

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private CountingLoop loop;

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private EmbeddedChannel playerChannel(Flushes flushes) {
        // an embedded channel runs what it is asked on the calling thread: here the counting loop's
        EmbeddedChannel channel = new EmbeddedChannel(flushes, new ChunkEncoder());
        channel.writeOutbound(ProtocolControl.setChunkSize(4096));
        ((ByteBuf) channel.readOutbound()).release();
        flushes.count.set(0);
        channels.add(channel);
        return channel;
    }

    /** Runs a task on the loop and waits for it: what the loop did before is then done and visible. */
    private static void drain(CountingLoop loop) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the loop ran").isTrue();
    }

    /** Keeps the loop busy until the returned latch is counted down. */
    private static CountDownLatch block(CountingLoop loop) {
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    @Test
    void aBurstToManyPlayersCostsOneTaskAndEachPlayerOneFlush() throws Exception {
        loop = new CountingLoop();
        PlayerFlusher flusher = new PlayerFlusher(loop);
        LiveSource source = new LiveSource(600, 8L << 20);
        source.publish(new Object());
        int count = 50;
        List<Flushes> flushes = new ArrayList<>();
        List<Player> players = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Flushes f = new Flushes();
            Player player = new Player(playerChannel(f), 1, 4L << 20, flusher);
            source.addPlayer(player);
            flushes.add(f);
            players.add(player);
        }

        // the loop is busy while the burst is handed out, as an event loop reading a publisher is
        CountDownLatch release = block(loop);
        Random random = new Random(11);
        List<RtmpMessage> published = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] payload = new byte[i == 0 ? 9_000 : 200 + i];
            random.nextBytes(payload);
            boolean video = i % 2 == 0;
            payload[0] = (byte) (video ? (i == 0 ? 0x17 : 0x27) : 0xAF);
            payload[1] = 1;
            RtmpMessage message = new RtmpMessage(video ? 6 : 4, video ? MessageType.VIDEO : MessageType.AUDIO,
                    40 * i, 1, payload);
            published.add(message);
            source.accept(new MediaMessage(video ? MediaMessage.Kind.VIDEO : MediaMessage.Kind.AUDIO, 40L * i,
                    message));
        }
        int before = loop.tasks.get();
        release.countDown();
        drain(loop);

        assertThat(before).as("the blocking task and one write task for %d players and %d messages", count,
                published.size()).isEqualTo(2);
        for (int p = 0; p < count; p++) {
            EmbeddedChannel channel = channels.get(p);
            assertThat(flushes.get(p).count).as("flushes of player %d", p).hasValue(1);
            assertThat(players.get(p).queuedBytes()).as("player %d wrote everything", p).isZero();
            for (RtmpMessage expected : published) {
                ByteBuf written = channel.readOutbound();
                assertThat(written).as("player %d", p).isNotNull();
                ByteBuf chunks = Unpooled.buffer();
                int csid = expected.typeId() == MessageType.VIDEO ? Player.VIDEO_CHUNK_STREAM_ID
                        : Player.AUDIO_CHUNK_STREAM_ID;
                ChunkEncoder.encode(new RtmpMessage(csid, expected.typeId(), expected.timestamp(), 1,
                        expected.payload()), chunks, 4096);
                try {
                    assertThat(ByteBufUtil.equals(chunks, written)).as("player %d, t=%d", p, expected.timestamp())
                            .isTrue();
                } finally {
                    chunks.release();
                    written.release();
                }
            }
            assertThat((Object) channel.readOutbound()).isNull();
        }

        // the next burst schedules the loop again: one more task
        release = block(loop);
        int afterFirst = loop.tasks.get();
        byte[] payload = new byte[] { 0x27, 1, 0, 0, 0, 5 };
        source.accept(new MediaMessage(MediaMessage.Kind.VIDEO, 400, new RtmpMessage(6, MessageType.VIDEO, 400, 1,
                payload)));
        assertThat(loop.tasks.get()).as("one write task for the second burst").isEqualTo(afterFirst + 1);
        release.countDown();
        drain(loop);
        for (int p = 0; p < count; p++) {
            ByteBuf written = channels.get(p).readOutbound();
            assertThat(written).as("player %d, second burst", p).isNotNull();
            written.release();
            assertThat(flushes.get(p).count).hasValue(2);
        }
    }

    @Test
    void whatAnotherLoopHandsOutInOneTurnReachesThePlayersInOneTaskAndFlush() throws Exception {
        loop = new CountingLoop();
        DefaultEventLoop publisherLoop = new DefaultEventLoop();
        try {
            PlayerFlusher flusher = new PlayerFlusher(loop);
            LiveSource source = new LiveSource(600, 8L << 20);
            source.publish(new Object());
            List<Flushes> flushes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Flushes f = new Flushes();
                source.addPlayer(new Player(playerChannel(f), 1, 4L << 20, flusher));
                flushes.add(f);
            }
            int before = loop.tasks.get();
            // one turn of the publisher's loop hands out three messages (as from one read)
            publisherLoop.submit(() -> {
                for (int i = 0; i < 3; i++) {
                    byte[] payload = { (byte) (i == 0 ? 0x17 : 0x27), 1, 0, 0, 0, (byte) i };
                    source.accept(new MediaMessage(MediaMessage.Kind.VIDEO, 40L * i, new RtmpMessage(6,
                            MessageType.VIDEO, 40 * i, 1, payload)));
                }
            }).get(10, TimeUnit.SECONDS);
            publisherLoop.submit(() -> { }).get(10, TimeUnit.SECONDS); // its end-of-turn tasks ran
            drain(loop);
            assertThat(loop.tasks.get()).as("one write task for the turn, one drain").isEqualTo(before + 2);
            for (int p = 0; p < flushes.size(); p++) {
                assertThat(flushes.get(p).count).as("flushes of player %d", p).hasValue(1);
                for (int i = 0; i < 3; i++) {
                    ByteBuf written = channels.get(p).readOutbound();
                    assertThat(written).as("player %d, message %d", p, i).isNotNull();
                    written.release();
                }
            }
        } finally {
            publisherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static MediaMessage video(long timestamp, boolean keyframe, int size, long seed) {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        payload[0] = (byte) (keyframe ? 0x17 : 0x27);
        payload[1] = 1;
        return new MediaMessage(MediaMessage.Kind.VIDEO, timestamp, new RtmpMessage(6, MessageType.VIDEO,
                (int) timestamp, 1, payload));
    }

    /** The chunk stream id of the first chunk of what the player's encoder sent. */
    private static int chunkStreamId(ByteBuf written) {
        return written.getByte(written.readerIndex()) & 0x3F;
    }

    @Test
    void controlMessagesKeepTheirPlaceAmongTheSharedLiveMessages() throws Exception {
        loop = new CountingLoop();
        PlayerFlusher flusher = new PlayerFlusher(loop);
        LiveSource source = new LiveSource(0, 0);
        Object publisher = new Object();
        source.publish(publisher);
        List<Player> players = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Player player = new Player(playerChannel(new Flushes()), 1, 4L << 20, flusher);
            source.addPlayer(player);
            players.add(player);
        }
        CountDownLatch release = block(loop);
        source.accept(video(0, true, 3_000, 1));
        source.unpublish(publisher); // StreamEOF, onStatus UnpublishNotify
        source.publish(publisher); // StreamBegin, onStatus PublishNotify
        source.accept(video(40, true, 3_000, 2));
        source.accept(video(80, false, 500, 3));
        for (Player player : players) {
            assertThat(player.queuedBytes()).as("queued while the loop is busy").isGreaterThan(6_500);
        }
        release.countDown();
        drain(loop);
        int control = 2;
        int status = dev.camelrtmp.protocol.Command.STREAM_CHUNK_STREAM_ID;
        int media = Player.VIDEO_CHUNK_STREAM_ID;
        for (int p = 0; p < players.size(); p++) {
            List<Integer> order = new ArrayList<>();
            ByteBuf written;
            while ((written = channels.get(p).readOutbound()) != null) {
                order.add(chunkStreamId(written));
                written.release();
            }
            assertThat(order).as("player %d", p).containsExactly(media, control, status, control, status, media,
                    media);
            assertThat(players.get(p).queuedBytes()).isZero();
        }
    }

    @Test
    void playersOfOneLoopWithAnotherChunkSizeGetTheirOwnEncodingInTheSameTask() throws Exception {
        loop = new CountingLoop();
        PlayerFlusher flusher = new PlayerFlusher(loop);
        LiveSource source = new LiveSource(0, 0);
        source.publish(new Object());
        List<Integer> chunkSizes = List.of(4096, 128, 4096, 128);
        List<Flushes> flushes = new ArrayList<>();
        for (int size : chunkSizes) {
            Flushes f = new Flushes();
            EmbeddedChannel channel = size == 4096 ? playerChannel(f) : new EmbeddedChannel(f, new ChunkEncoder());
            if (size != 4096) {
                channels.add(channel);
            }
            source.addPlayer(new Player(channel, 1, 4L << 20, flusher));
            flushes.add(f);
        }
        CountDownLatch release = block(loop);
        int before = loop.tasks.get();
        List<MediaMessage> sent = List.of(video(0, true, 9_000, 7), video(40, false, 1_000, 8));
        sent.forEach(source::accept);
        assertThat(loop.tasks.get()).as("one write task").isEqualTo(before + 1);
        release.countDown();
        drain(loop);
        for (int p = 0; p < chunkSizes.size(); p++) {
            assertThat(flushes.get(p).count).as("flushes of player %d", p).hasValue(1);
            for (MediaMessage message : sent) {
                RtmpMessage m = message.message();
                ByteBuf expected = Unpooled.buffer();
                ChunkEncoder.encode(new RtmpMessage(Player.VIDEO_CHUNK_STREAM_ID, m.typeId(), m.timestamp(), 1,
                        m.payload()), expected, chunkSizes.get(p));
                ByteBuf written = channels.get(p).readOutbound();
                try {
                    assertThat(written).as("player %d", p).isNotNull();
                    assertThat(ByteBufUtil.equals(expected, written)).as("player %d, t=%d, chunk size %d", p,
                            m.timestamp(), chunkSizes.get(p)).isTrue();
                } finally {
                    expected.release();
                    if (written != null) {
                        written.release();
                    }
                }
            }
            assertThat((Object) channels.get(p).readOutbound()).isNull();
        }
    }

    @Test
    void aStoppedLoopReleasesWhatIsQueued() {
        loop = new CountingLoop();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        PlayerFlusher flusher = new PlayerFlusher(loop);
        LiveSource source = new LiveSource(600, 8L << 20);
        source.publish(new Object());
        Player player = new Player(playerChannel(new Flushes()), 1, 4L << 20, flusher);
        source.addPlayer(player);
        byte[] payload = new byte[5_000];
        payload[0] = 0x17;
        payload[1] = 1;
        source.accept(new MediaMessage(MediaMessage.Kind.VIDEO, 0, new RtmpMessage(6, MessageType.VIDEO, 0, 1,
                payload)));
        // nothing is written, and the shared chunks are released (leak detection would tell)
        assertThat(player.queuedBytes()).isZero();
        assertThat((Object) channels.get(0).readOutbound()).isNull();
        loop = null;
    }

    @Test
    void withAWriteDelayLiveMessagesWaitAndAPlayersOwnMessageTakesThemAlongInOneFlush() throws Exception {
        loop = new CountingLoop();
        // a delay no run of this test reaches: only the player's own message makes the loop write
        PlayerFlusher flusher = new PlayerFlusher(loop, TimeUnit.MINUTES.toMillis(10));
        LiveSource source = new LiveSource(600, 8L << 20);
        source.publish(new Object());
        Flushes flushes = new Flushes();
        EmbeddedChannel channel = playerChannel(flushes);
        Player player = new Player(channel, 1, 4L << 20, flusher);
        source.addPlayer(player);
        List<RtmpMessage> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] payload = { (byte) (i == 0 ? 0x17 : 0x27), 1, 0, 0, 0, (byte) i };
            RtmpMessage message = new RtmpMessage(6, MessageType.VIDEO, 40 * i, 1, payload);
            live.add(message);
            source.accept(new MediaMessage(MediaMessage.Kind.VIDEO, 40L * i, message));
        }
        drain(loop);
        assertThat((Object) channel.readOutbound()).as("live messages wait for the write delay").isNull();
        assertThat(player.queuedBytes()).as("and count as queued").isEqualTo(3 * 6);

        CountDownLatch release = block(loop);
        player.publishNotify(); // StreamBegin and an onStatus: messages of the player's own
        release.countDown();
        drain(loop);
        assertThat(flushes.count).as("the waiting messages and the player's own in one flush").hasValue(1);
        for (RtmpMessage expected : live) {
            ByteBuf written = channel.readOutbound();
            assertThat(written).as("t=%d, in order", expected.timestamp()).isNotNull();
            written.release();
        }
        int own = 0;
        for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            written.release();
            own++;
        }
        assertThat(own).as("the player's own messages after them").isEqualTo(2);
        assertThat(player.queuedBytes()).isZero();
    }
}
