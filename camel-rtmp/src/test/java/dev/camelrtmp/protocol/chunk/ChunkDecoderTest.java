package dev.camelrtmp.protocol.chunk;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkDecoderTest {

    /** Builds chunk bytes by hand, as the specification lays them out. */
    static final class Chunks {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Chunks basic(int fmt, int csid) {
            if (csid < 64) {
                out.write((fmt << 6) | csid);
            } else if (csid < 320) {
                out.write(fmt << 6);
                out.write(csid - 64);
            } else {
                out.write((fmt << 6) | 1);
                out.write((csid - 64) & 0xFF);
                out.write((csid - 64) >> 8);
            }
            return this;
        }

        Chunks u24(int v) {
            out.write(v >> 16);
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Chunks u32(int v) {
            out.write(v >>> 24);
            out.write(v >> 16);
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Chunks u32le(int v) {
            out.write(v);
            out.write(v >> 8);
            out.write(v >> 16);
            out.write(v >>> 24);
            return this;
        }

        Chunks fmt0(int csid, int ts, int length, int type, int msid) {
            boolean extended = Integer.compareUnsigned(ts, 0xFFFFFF) >= 0;
            basic(0, csid).u24(extended ? 0xFFFFFF : ts).u24(length);
            out.write(type);
            u32le(msid);
            if (extended) {
                u32(ts);
            }
            return this;
        }

        Chunks fmt1(int csid, int delta, int length, int type) {
            basic(1, csid).u24(delta).u24(length);
            out.write(type);
            return this;
        }

        Chunks fmt2(int csid, int delta) {
            return basic(2, csid).u24(delta);
        }

        Chunks fmt3(int csid) {
            return basic(3, csid);
        }

        Chunks data(byte[] b, int off, int len) {
            out.write(b, off, len);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<RtmpMessage> decode(byte[] wire, int sliceSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(16 * 1024 * 1024, 64));
        for (int i = 0; i < wire.length; i += sliceSize) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, i, Math.min(sliceSize, wire.length - i)));
        }
        List<RtmpMessage> messages = new ArrayList<>();
        RtmpMessage m;
        while ((m = channel.readInbound()) != null) {
            messages.add(m);
        }
        channel.finishAndReleaseAll();
        return messages;
    }

    private static List<RtmpMessage> decodeAllWays(byte[] wire) {
        List<RtmpMessage> whole = decode(wire, wire.length);
        for (int slice : new int[] { 1, 2, 3, 7, 100 }) {
            List<RtmpMessage> sliced = decode(wire, slice);
            assertThat(sliced).hasSameSizeAs(whole);
            for (int i = 0; i < whole.size(); i++) {
                assertThat(sliced.get(i).payload()).isEqualTo(whole.get(i).payload());
                assertThat(sliced.get(i).timestamp()).isEqualTo(whole.get(i).timestamp());
            }
        }
        return whole;
    }

    @Test
    void typeZeroSingleChunk() {
        byte[] p = payload(100, 1);
        List<RtmpMessage> m = decodeAllWays(new Chunks().fmt0(4, 1000, 100, MessageType.VIDEO, 1).data(p, 0, 100).bytes());
        assertThat(m).hasSize(1);
        assertThat(m.get(0).typeId()).isEqualTo(MessageType.VIDEO);
        assertThat(m.get(0).timestamp()).isEqualTo(1000);
        assertThat(m.get(0).messageStreamId()).isEqualTo(1);
        assertThat(m.get(0).chunkStreamId()).isEqualTo(4);
        assertThat(m.get(0).payload()).isEqualTo(p);
    }

    @Test
    void messageSpanningChunksWithTypeThreeContinuations() {
        byte[] p = payload(300, 2);
        byte[] wire = new Chunks().fmt0(6, 0, 300, MessageType.AUDIO, 1).data(p, 0, 128)
                .fmt3(6).data(p, 128, 128).fmt3(6).data(p, 256, 44).bytes();
        List<RtmpMessage> m = decodeAllWays(wire);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).payload()).isEqualTo(p);
    }

    @Test
    void typeOneTwoAndThreeHeadersAddTimestampDeltas() {
        byte[] a = payload(10, 3);
        byte[] b = payload(20, 4);
        byte[] wire = new Chunks()
                .fmt0(5, 1000, 10, MessageType.AUDIO, 1).data(a, 0, 10)      // ts 1000, delta 1000
                .fmt1(5, 23, 20, MessageType.VIDEO).data(b, 0, 20)           // ts 1023
                .fmt2(5, 40).data(b, 0, 20)                                  // ts 1063
                .fmt3(5).data(b, 0, 20)                                      // ts 1103 (delta 40 again)
                .bytes();
        List<RtmpMessage> m = decodeAllWays(wire);
        assertThat(m).extracting(RtmpMessage::timestamp).containsExactly(1000, 1023, 1063, 1103);
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(MessageType.AUDIO, MessageType.VIDEO,
                MessageType.VIDEO, MessageType.VIDEO);
        assertThat(m).extracting(RtmpMessage::messageStreamId).containsOnly(1);
    }

    @Test
    void typeThreeAfterTypeZeroRepeatsItsTimestampAsDelta() {
        byte[] a = payload(8, 5);
        byte[] wire = new Chunks().fmt0(3, 40, 8, MessageType.AUDIO, 1).data(a, 0, 8).fmt3(3).data(a, 0, 8).bytes();
        assertThat(decodeAllWays(wire)).extracting(RtmpMessage::timestamp).containsExactly(40, 80);
    }

    @Test
    void twoAndThreeByteChunkStreamIds() {
        byte[] a = payload(200, 6);
        byte[] wire = new Chunks().fmt0(64, 1, 200, MessageType.VIDEO, 1).data(a, 0, 128).fmt3(64).data(a, 128, 72)
                .fmt0(319, 2, 5, MessageType.AUDIO, 1).data(a, 0, 5)
                .fmt0(320, 3, 5, MessageType.AUDIO, 1).data(a, 0, 5)
                .fmt0(65599, 4, 200, MessageType.VIDEO, 1).data(a, 0, 128).fmt3(65599).data(a, 128, 72).bytes();
        List<RtmpMessage> m = decodeAllWays(wire);
        assertThat(m).extracting(RtmpMessage::chunkStreamId).containsExactly(64, 319, 320, 65599);
        assertThat(m.get(3).payload()).isEqualTo(a);
    }

    @Test
    void extendedTimestampOnTypeZeroAndOnEveryTypeThreeContinuation() {
        byte[] p = payload(300, 7);
        int ts = 0x12345678;
        byte[] wire = new Chunks().fmt0(6, ts, 300, MessageType.VIDEO, 1).data(p, 0, 128)
                .fmt3(6).u32(ts).data(p, 128, 128).fmt3(6).u32(ts).data(p, 256, 44).bytes();
        List<RtmpMessage> m = decodeAllWays(wire);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).timestamp()).isEqualTo(ts);
        assertThat(m.get(0).payload()).isEqualTo(p);
    }

    @Test
    void extendedTimestampDeltaOnTypeOneAndOnANewTypeThreeMessage() {
        byte[] p = payload(4, 8);
        byte[] wire = new Chunks().fmt0(6, 0, 4, MessageType.VIDEO, 1).data(p, 0, 4)
                .fmt1(6, 0xFFFFFF, 4, MessageType.VIDEO).u32(0x01000000).data(p, 0, 4)
                .fmt3(6).u32(0x01000000).data(p, 0, 4)
                .fmt2(6, 10).data(p, 0, 4)      // no extended field any more
                .fmt3(6).data(p, 0, 4).bytes();
        assertThat(decodeAllWays(wire)).extracting(RtmpMessage::timestamp)
                .containsExactly(0, 0x01000000, 0x02000000, 0x0200000A, 0x02000014);
    }

    @Test
    void timestampsWrapAt32Bits() {
        byte[] p = payload(4, 9);
        byte[] wire = new Chunks().fmt0(6, 0xFFFFFFF0, 4, MessageType.AUDIO, 1).data(p, 0, 4)
                .fmt2(6, 0x20).data(p, 0, 4).bytes();
        assertThat(decodeAllWays(wire)).extracting(RtmpMessage::timestamp).containsExactly(0xFFFFFFF0, 0x10);
    }

    @Test
    void setChunkSizeAppliesToWhatFollows() {
        byte[] p = payload(5000, 10);
        Chunks c = new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(4096)
                .fmt0(6, 0, 5000, MessageType.VIDEO, 1).data(p, 0, 4096).fmt3(6).data(p, 4096, 904)
                .fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(0x7FFFFFFF)
                .fmt1(6, 33, 5000, MessageType.VIDEO).data(p, 0, 5000);
        List<RtmpMessage> m = decodeAllWays(c.bytes());
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(MessageType.SET_CHUNK_SIZE, MessageType.VIDEO,
                MessageType.SET_CHUNK_SIZE, MessageType.VIDEO);
        assertThat(m.get(1).payload()).isEqualTo(p);
        assertThat(m.get(3).payload()).isEqualTo(p);
    }

    @Test
    void interleavedChunkStreams() {
        byte[] v = payload(300, 11);
        byte[] a = payload(200, 12);
        byte[] wire = new Chunks().fmt0(6, 0, 300, MessageType.VIDEO, 1).data(v, 0, 128)
                .fmt0(4, 5, 200, MessageType.AUDIO, 1).data(a, 0, 128)
                .fmt3(6).data(v, 128, 128)
                .fmt3(4).data(a, 128, 72)
                .fmt3(6).data(v, 256, 44).bytes();
        List<RtmpMessage> m = decodeAllWays(wire);
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(MessageType.AUDIO, MessageType.VIDEO);
        assertThat(m.get(0).payload()).isEqualTo(a);
        assertThat(m.get(1).payload()).isEqualTo(v);
    }

    @Test
    void abortDiscardsThePartialMessage() {
        byte[] v = payload(300, 13);
        byte[] wire = new Chunks().fmt0(6, 0, 300, MessageType.VIDEO, 1).data(v, 0, 128)
                .fmt0(2, 0, 4, MessageType.ABORT, 0).u32(6)
                .fmt1(6, 40, 10, MessageType.VIDEO).data(v, 0, 10).bytes();
        List<RtmpMessage> m = decodeAllWays(wire);
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(MessageType.ABORT, MessageType.VIDEO);
        assertThat(m.get(1).length()).isEqualTo(10);
        assertThat(m.get(1).timestamp()).isEqualTo(40);
    }

    @Test
    void zeroLengthMessage() {
        List<RtmpMessage> m = decodeAllWays(new Chunks().fmt0(4, 7, 0, MessageType.AUDIO, 1).bytes());
        assertThat(m).hasSize(1);
        assertThat(m.get(0).length()).isZero();
    }

    @Test
    void largeMessageGrowsAsItArrives() {
        byte[] p = payload(3 * 1024 * 1024 + 17, 14);
        Chunks c = new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(60000)
                .fmt0(6, 0, p.length, MessageType.VIDEO, 1);
        for (int off = 0; off < p.length; off += 60000) {
            if (off > 0) {
                c.fmt3(6);
            }
            c.data(p, off, Math.min(60000, p.length - off));
        }
        List<RtmpMessage> m = decode(c.bytes(), 65536);
        assertThat(m.get(1).payload()).isEqualTo(p);
    }

    @Test
    void encoderOutputDecodesToTheSameMessages() {
        Random random = new Random(15);
        List<RtmpMessage> sent = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer();
        int chunkSize = 128;
        for (int i = 0; i < 200; i++) {
            int csid = new int[] { 3, 4, 63, 64, 319, 320, 65599 }[random.nextInt(7)];
            int ts = random.nextInt(10) == 0 ? 0xFFFFFF + random.nextInt(1000) : random.nextInt(0xFFFFFF);
            RtmpMessage m = new RtmpMessage(csid, MessageType.VIDEO, ts, 1, payload(random.nextInt(1000), i));
            sent.add(m);
            ChunkEncoder.encode(m, wire, chunkSize);
            if (i == 100) {
                RtmpMessage scs = ProtocolControl.setChunkSize(333);
                ChunkEncoder.encode(scs, wire, chunkSize);
                sent.add(scs);
                chunkSize = 333;
            }
        }
        byte[] bytes = new byte[wire.readableBytes()];
        wire.readBytes(bytes);
        List<RtmpMessage> received = decodeAllWays(bytes);
        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i).payload()).isEqualTo(sent.get(i).payload());
            assertThat(received.get(i).timestamp()).isEqualTo(sent.get(i).timestamp());
            assertThat(received.get(i).chunkStreamId()).isEqualTo(sent.get(i).chunkStreamId());
        }
    }

    @Test
    void bufferedBytesCountWhatMessagesInProgressHold() {
        ChunkDecoder decoder = new ChunkDecoder(1024 * 1024, 64);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        byte[] v = payload(300_000, 21);
        byte[] a = payload(200, 22);
        // a video message of 300,000 bytes in chunks of 100,000, an audio message interleaved
        Chunks c = new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(100_000)
                .fmt0(6, 0, v.length, MessageType.VIDEO, 1).data(v, 0, 100_000);
        channel.writeInbound(Unpooled.wrappedBuffer(c.bytes()));
        assertThat(decoder.bufferedBytes()).isEqualTo(128 * 1024); // grown from 64 KiB, doubling, as bytes came
        channel.writeInbound(Unpooled.wrappedBuffer(new Chunks().fmt0(4, 0, a.length, MessageType.AUDIO, 1)
                .data(a, 0, 100).bytes()));
        assertThat(decoder.bufferedBytes()).isEqualTo(128 * 1024 + 200);
        // the audio chunk's other half, then the video's second chunk
        channel.writeInbound(Unpooled.wrappedBuffer(new Chunks().data(a, 100, 100).fmt3(6)
                .data(v, 100_000, 100_000).bytes()));
        assertThat(decoder.bufferedBytes()).isEqualTo(256 * 1024);
        channel.writeInbound(Unpooled.wrappedBuffer(new Chunks().fmt3(6).data(v, 200_000, 100_000).bytes()));
        assertThat(decoder.bufferedBytes()).isZero();
        List<RtmpMessage> m = new ArrayList<>();
        for (RtmpMessage r; (r = channel.readInbound()) != null; ) {
            m.add(r);
        }
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(MessageType.SET_CHUNK_SIZE, MessageType.AUDIO,
                MessageType.VIDEO);
        assertThat(m.get(2).payload()).isEqualTo(v);
        // an aborted message leaves nothing behind either
        channel.writeInbound(Unpooled.wrappedBuffer(new Chunks().fmt0(6, 0, v.length, MessageType.VIDEO, 1)
                .data(v, 0, 1000).bytes()));
        assertThat(decoder.bufferedBytes()).isEqualTo(64 * 1024);
        channel.writeInbound(Unpooled.wrappedBuffer(new Chunks().data(v, 1000, 99_000).bytes()));
        assertThat(decoder.bufferedBytes()).isEqualTo(128 * 1024);
        channel.writeInbound(Unpooled.wrappedBuffer(new Chunks().fmt0(2, 0, 4, MessageType.ABORT, 0).u32(6).bytes()));
        assertThat(decoder.bufferedBytes()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void messagesInProgressMayHoldTwiceTheLargestMessageTogether() {
        // limit 100,000: each of three messages of 90,000 is allowed, but not all three in progress at once
        byte[] p = payload(90_000, 23);
        Chunks c = new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(80_000);
        for (int csid = 4; csid <= 6; csid++) {
            c.fmt0(csid, 0, p.length, MessageType.VIDEO, 1).data(p, 0, 80_000);
        }
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(100_000, 64));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(c.bytes())))
                .isInstanceOf(DecoderException.class).cause().isInstanceOf(RtmpProtocolException.class)
                .hasMessageContaining("more than twice the largest message size (100000)");
        try {
            channel.finishAndReleaseAll();
        } catch (DecoderException expected) {
            // reported again as the channel closes
        }
        // two of them at once are fine
        Chunks two = new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(80_000);
        for (int csid = 4; csid <= 5; csid++) {
            two.fmt0(csid, 0, p.length, MessageType.VIDEO, 1).data(p, 0, 80_000);
        }
        two.fmt3(4).data(p, 80_000, 10_000).fmt3(5).data(p, 80_000, 10_000);
        EmbeddedChannel within = new EmbeddedChannel(new ChunkDecoder(100_000, 64));
        within.writeInbound(Unpooled.wrappedBuffer(two.bytes()));
        List<RtmpMessage> m = new ArrayList<>();
        for (RtmpMessage r; (r = within.readInbound()) != null; ) {
            m.add(r);
        }
        within.finishAndReleaseAll();
        assertThat(m).extracting(RtmpMessage::length).containsExactly(4, 90_000, 90_000);
    }

    private static void assertRejected(byte[] wire, String messagePart) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(1024 * 1024, 4));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(wire)))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(RtmpProtocolException.class)
                .cause().hasMessageContaining(messagePart);
        assertThat(channel.isOpen()).isTrue(); // closing is the session's decision, not the decoder's
        try {
            channel.finishAndReleaseAll();
        } catch (DecoderException expected) {
            // the decoder reports the same broken input again when the channel closes
        }
    }

    @Test
    void malformedInputIsRejectedWithAReason() {
        assertRejected(new Chunks().fmt1(5, 0, 4, MessageType.AUDIO).bytes(), "no previous message header");
        assertRejected(new Chunks().fmt3(5).bytes(), "no previous message header");
        assertRejected(new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(0).bytes(), "invalid chunk size 0");
        assertRejected(new Chunks().fmt0(2, 0, 4, MessageType.SET_CHUNK_SIZE, 0).u32(-5).bytes(), "invalid chunk size");
        assertRejected(new Chunks().fmt0(4, 0, 2 * 1024 * 1024, MessageType.VIDEO, 1).bytes(), "exceeds the limit");
        assertRejected(new Chunks().fmt0(3, 0, 0, 8, 1).fmt0(4, 0, 0, 8, 1).fmt0(5, 0, 0, 8, 1).fmt0(6, 0, 0, 8, 1)
                .fmt0(7, 0, 0, 8, 1).bytes(), "more than 4 chunk streams");
        byte[] p = payload(300, 1);
        assertRejected(new Chunks().fmt0(6, 0, 300, MessageType.VIDEO, 1).data(p, 0, 128)
                .fmt1(6, 0, 300, MessageType.VIDEO).bytes(), "outstanding");
        assertRejected(new Chunks().fmt0(2, 0, 2, MessageType.SET_CHUNK_SIZE, 0).data(p, 0, 2).bytes(), "expected 4");
    }
}
