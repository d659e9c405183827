package dev.camelrtmp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.Track;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.protocol.RtmpProtocolException;
import dev.camelrtmp.protocol.amf.Amf0;
import dev.camelrtmp.protocol.amf.Amf3;
import dev.camelrtmp.protocol.chunk.ChunkDecoder;
import dev.camelrtmp.protocol.handshake.ServerHandshake;
import dev.camelrtmp.server.SessionHarness;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/**
 * Fuzz targets for every decoder that reads what a peer sends. The only failure allowed is the protocol's own
 * {@link RtmpProtocolException} (for Netty handlers wrapped in a DecoderException): anything else (an
 * IndexOutOfBounds, NullPointer, OutOfMemory or StackOverflow error) is a finding. Seeds in
 * {@code ProtocolFuzzTestInputs/} come from real FFmpeg 5.1 and 8.0.1 publish sessions captured on loopback; every
 * build runs them as regression tests, {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class ProtocolFuzzTest {

    private static boolean expected(Throwable t) {
        return t instanceof RtmpProtocolException
                || t instanceof DecoderException && t.getCause() instanceof RtmpProtocolException;
    }

    private static void rethrowUnexpected(RuntimeException e) {
        if (!expected(e)) {
            throw e;
        }
    }

    @FuzzTest(maxDuration = "10s")
    void serverHandshake(byte[] data) {
        byte[] c0c1 = java.util.Arrays.copyOf(data, 1537);
        ServerHandshake handshake = new ServerHandshake();
        try {
            handshake.respond(c0c1);
            byte[] c2 = data.length > 1537 ? java.util.Arrays.copyOfRange(data, 1537, Math.min(data.length, 3073))
                    : new byte[0];
            handshake.verifyC2(java.util.Arrays.copyOf(c2, 1536));
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void chunkDecoder(FuzzedDataProvider data) {
        int slice = data.consumeInt(1, 4096);
        byte[] bytes = data.consumeRemainingAsBytes();
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(1024 * 1024, 16));
        try {
            for (int i = 0; i < bytes.length; i += slice) {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(slice, bytes.length - i)));
                Object m;
                while ((m = channel.readInbound()) != null) {
                    ((RtmpMessage) m).payload();
                }
            }
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        } finally {
            try {
                channel.finishAndReleaseAll();
            } catch (RuntimeException e) {
                rethrowUnexpected(e);
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void serverSession(byte[] data) {
        try (SessionHarness harness = new SessionHarness()) {
            harness.feed(data);
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void amf0(byte[] data) {
        try {
            Amf0.decodeAll(Unpooled.wrappedBuffer(data));
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void amf3(byte[] data) {
        try {
            Amf3.decode(Unpooled.wrappedBuffer(data));
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void videoTagHeader(byte[] data) {
        try {
            VideoTagHeader header = VideoTagHeader.parse(data);
            for (Track track : header.tracks()) {
                header.oneTrackBody(data, track);
            }
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void audioTagHeader(byte[] data) {
        try {
            AudioTagHeader header = AudioTagHeader.parse(data);
            for (Track track : header.tracks()) {
                header.oneTrackBody(data, track);
            }
        } catch (RuntimeException e) {
            rethrowUnexpected(e);
        }
    }
}
