package dev.camelrtmp.protocol.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A message chunked once and shared: its bytes are those the connection's own encoder writes, and a peer's
 * {@link ChunkDecoder} reads them as the same messages, between messages the encoder chunks itself, for small,
 * large and extended-timestamp messages, every basic header size and several chunk sizes.
 */
class ChunkedMessageTest {

    private static final int[] TIMESTAMPS = { 0, 40, 0xFFFFFE, 0xFFFFFF, 0x1000000, 0x7FFFFFFF, 0xFFFFFFFF };
    private static final int[] LENGTHS = { 0, 1, 127, 128, 129, 4095, 4096, 4097, 10_000, 70_000 };
    private static final int[] CHUNK_STREAMS = { 4, 6, 63, 64, 319, 320, 65_599 };

    /** Messages of every length, timestamp and chunk stream, but none of more than 1,000 chunks of {@code chunkSize}. */
    private static List<RtmpMessage> messages(int messageStreamId, int chunkSize) {
        Random random = new Random(15);
        List<RtmpMessage> messages = new ArrayList<>();
        int i = 0;
        for (int length : LENGTHS) {
            if (length > 1000L * chunkSize) {
                continue;
            }
            for (int ts : TIMESTAMPS) {
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                int csid = CHUNK_STREAMS[i++ % CHUNK_STREAMS.length];
                int type = i % 3 == 0 ? MessageType.AUDIO : i % 3 == 1 ? MessageType.VIDEO : MessageType.DATA_AMF0;
                messages.add(new RtmpMessage(csid, type, ts, messageStreamId, payload));
            }
        }
        return messages;
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 128, 129, 4096, 65_536, 0x7FFFFFFF })
    void sharedChunksAreTheEncodersOwnBytesAndDecodeIdentically(int chunkSize) {
        for (RtmpMessage message : messages(1, chunkSize)) {
            ByteBuf expected = Unpooled.buffer();
            ChunkEncoder.encode(message, expected, chunkSize);
            ChunkedMessage chunked = ChunkedMessage.encode(message, chunkSize, PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(chunked.content().readableBytes()).as("%s", message)
                        .isEqualTo(ChunkEncoder.encodedLength(message, chunkSize))
                        .isEqualTo(expected.readableBytes());
                assertThat(ByteBufUtil.equals(chunked.content(), expected)).as("%s", message).isTrue();
            } finally {
                chunked.release();
                expected.release();
            }
        }
        // what the peer reads: every message, chunked once and written through the encoder to three connections
        // interleaved with messages the encoder chunks itself on the same chunk streams
        List<RtmpMessage> messages = messages(1, chunkSize);
        List<EmbeddedChannel> connections = List.of(connection(chunkSize), connection(chunkSize),
                connection(chunkSize));
        for (RtmpMessage message : messages) {
            ChunkedMessage shared = ChunkedMessage.encode(message, chunkSize, PooledByteBufAllocator.DEFAULT);
            for (EmbeddedChannel connection : connections) {
                connection.writeOutbound(shared.retainedDuplicate());
                connection.writeOutbound(message); // encoded there: a type 0 header follows the shared chunks
            }
            shared.release();
        }
        for (EmbeddedChannel connection : connections) {
            List<RtmpMessage> decoded = decode(connection);
            assertThat(decoded).hasSize(1 + 2 * messages.size());
            assertThat(decoded.get(0).typeId()).isEqualTo(MessageType.SET_CHUNK_SIZE);
            for (int i = 0; i < messages.size(); i++) {
                assertSame(decoded.get(1 + 2 * i), messages.get(i));
                assertSame(decoded.get(2 + 2 * i), messages.get(i));
            }
        }
    }

    @Test
    void anEncoderWithAnotherChunkSizeChunksTheMessageAnewAndReleasesTheSharedBytes() {
        EmbeddedChannel connection = connection(4096);
        List<RtmpMessage> messages = messages(7, 128);
        for (RtmpMessage message : messages) {
            ChunkedMessage chunked = ChunkedMessage.encode(message, 128, PooledByteBufAllocator.DEFAULT);
            connection.writeOutbound(chunked);
            assertThat(chunked.refCnt()).as("released by the encoder").isZero();
        }
        List<RtmpMessage> decoded = decode(connection);
        assertThat(decoded).hasSize(1 + messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertSame(decoded.get(1 + i), messages.get(i));
        }
    }

    @Test
    void aSetChunkSizeIsNotChunkedAheadOfTime() {
        assertThatThrownBy(() -> ChunkedMessage.encode(ProtocolControl.setChunkSize(4096), 4096,
                PooledByteBufAllocator.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A connection's encoder after it announced {@code chunkSize} (as the server does at connect). */
    private static EmbeddedChannel connection(int chunkSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkEncoder());
        channel.writeOutbound(ProtocolControl.setChunkSize(chunkSize));
        assertThat(((ChunkEncoder) channel.pipeline().first()).chunkSize()).isEqualTo(chunkSize);
        return channel;
    }

    /** Everything the connection wrote, read by a peer's decoder. */
    private static List<RtmpMessage> decode(EmbeddedChannel connection) {
        EmbeddedChannel peer = new EmbeddedChannel(new ChunkDecoder(16 * 1024 * 1024, 70_000));
        ByteBuf out;
        while ((out = connection.readOutbound()) != null) {
            peer.writeInbound(out);
        }
        List<RtmpMessage> decoded = new ArrayList<>();
        RtmpMessage message;
        while ((message = peer.readInbound()) != null) {
            decoded.add(message);
        }
        assertThat(connection.finish()).isFalse();
        assertThat(peer.finish()).isFalse();
        return decoded;
    }

    private static void assertSame(RtmpMessage actual, RtmpMessage expected) {
        assertThat(actual.chunkStreamId()).as("%s", expected).isEqualTo(expected.chunkStreamId());
        assertThat(actual.typeId()).as("%s", expected).isEqualTo(expected.typeId());
        assertThat(actual.timestamp()).as("%s", expected).isEqualTo(expected.timestamp());
        assertThat(actual.messageStreamId()).as("%s", expected).isEqualTo(expected.messageStreamId());
        assertThat(actual.payload()).as("%s", expected).isEqualTo(expected.payload());
    }
}
