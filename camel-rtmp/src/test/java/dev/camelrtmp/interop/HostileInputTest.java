package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.protocol.Command;
import dev.camelrtmp.protocol.MessageType;
import dev.camelrtmp.protocol.ProtocolControl;
import dev.camelrtmp.protocol.RtmpMessage;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While FFmpeg publishes at real time, other connections send everything a broken encoder, a scanner or an
 * attacker might: each is closed (or ignored) on its own, the FFmpeg stream is recorded bit-exact, and the server
 * takes a new publish afterwards.
 */
class HostileInputTest extends PublishTestSupport {

    @Override
    protected String consumerOptions() {
        return "&handshakeTimeout=1000&readTimeout=2000";
    }

    private RtmpMessage connect(String app) {
        return new Command("connect", 1, Map.of("app", app), List.of()).toMessage(MessageType.COMMAND_AMF0, 3, 0);
    }

    private static byte[] chunkHeader(int fmt, int csid, int ts, int length, int type, int msid) {
        return new byte[] { (byte) ((fmt << 6) | csid), (byte) (ts >> 16), (byte) (ts >> 8), (byte) ts,
                (byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) type, (byte) msid,
                (byte) (msid >> 8), (byte) (msid >> 16), (byte) (msid >> 24) };
    }

    @Test
    void hostileConnectionsDoNotDisturbALivePublish() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(10);
        Process publisher = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv", rtmpUrl("live1")), null);
        dev.camelrtmp.test.Wait.until("FFmpeg is publishing", Duration.ofSeconds(10), () -> startNanos != 0);

        List<String> survived = new ArrayList<>();
        // malformed handshakes
        try (RawRtmp c = new RawRtmp(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("HTTP").isTrue();
        }
        try (RawRtmp c = new RawRtmp(port)) {
            byte[] rtmpe = new byte[1537];
            rtmpe[0] = 6;
            c.send(rtmpe);
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("RTMPE").isTrue();
        }
        try (RawRtmp c = new RawRtmp(port)) {
            c.send(new byte[] { 3, 0, 0, 0 });
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("truncated handshake, then silence").isTrue();
        }
        // bogus chunk sizes
        for (int size : new int[] { 0, -1, Integer.MIN_VALUE }) {
            try (RawRtmp c = new RawRtmp(port).handshake()) {
                c.send(new RtmpMessage(2, MessageType.SET_CHUNK_SIZE, 0, 0, new byte[] { (byte) (size >>> 24),
                        (byte) (size >>> 16), (byte) (size >>> 8), (byte) size }));
                assertThat(c.closedWithin(Duration.ofSeconds(5))).as("chunk size " + size).isTrue();
            }
        }
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            c.send(ProtocolControl.setChunkSize(Integer.MAX_VALUE)).chunkSize(Integer.MAX_VALUE);
            c.send(connect("live"));
            if (c.answersPing(Duration.ofSeconds(10))) {
                survived.add("chunk size 2^31-1 (valid)");
            }
        }
        // a 16 MB message that never arrives: held only until the read timeout, never allocated whole
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            c.send(chunkHeader(0, 6, 0, 16 * 1024 * 1024 - 1, MessageType.VIDEO, 1)).send(new byte[100]);
            assertThat(c.closedWithin(Duration.ofSeconds(6))).as("16 MB declared, never sent").isTrue();
        }
        // a chunk that refers to no previous header
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            c.send(new byte[] { (byte) 0xC9, 1, 2, 3, 4 });
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("type 3 chunk first").isTrue();
        }
        // broken and deeply nested AMF
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            c.send(new RtmpMessage(3, MessageType.COMMAND_AMF0, 0, 0, new byte[] { 2, 0, 7, 'c', 'o', 'n', 0 }));
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("truncated AMF").isTrue();
        }
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            byte[] deep = new byte[12 + 5000 * 5];
            System.arraycopy(new byte[] { 2, 0, 7, 'c', 'o', 'n', 'n', 'e', 'c', 't', 0, 0 }, 0, deep, 0, 12);
            for (int i = 12; i + 5 <= deep.length; i += 5) {
                deep[i] = 0x0A;
                deep[i + 4] = 1;
            }
            c.chunkSize(65536).send(ProtocolControl.setChunkSize(65536));
            c.send(new RtmpMessage(3, MessageType.COMMAND_AMF0, 0, 0, deep));
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("deeply nested AMF").isTrue();
        }
        // unknown message types are ignored, the connection stays
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            c.send(new RtmpMessage(3, 99, 0, 0, new byte[] { 1, 2, 3 }));
            c.send(new RtmpMessage(3, 0, 0, 0, new byte[] { 1 }));
            if (c.answersPing(Duration.ofSeconds(10))) {
                survived.add("unknown message types");
            }
        }
        // a flood of pings on one connection, and many connections at once, half of them half-open
        try (RawRtmp c = new RawRtmp(port).handshake()) {
            for (int i = 0; i < 10_000; i++) {
                c.send(ProtocolControl.pingRequest(i));
            }
            if (c.answersPing(Duration.ofSeconds(10))) {
                survived.add("ping flood");
            }
        }
        List<RawRtmp> crowd = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            RawRtmp c = new RawRtmp(port);
            if (i % 2 == 0) {
                c.send(new byte[] { 3 });
            }
            crowd.add(c);
        }
        for (RawRtmp c : crowd) {
            assertThat(c.closedWithin(Duration.ofSeconds(5))).as("half-open connection").isTrue();
            c.close();
        }
        assertThat(survived).containsExactly("chunk size 2^31-1 (valid)", "unknown message types", "ping flood");

        ProcessRunner.await(publisher, 60, List.of("ffmpeg")).requireSuccess("ffmpeg publish");
        awaitEnd();
        assertMediaEqualsTagsOf(clip);
        assertThat(MediaTools.framemd5(ffmpeg, recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));

        // and the server still takes a new publish
        ended = new java.util.concurrent.CountDownLatch(1);
        received.clear();
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i",
                Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv", rtmpUrl("live2")), null, 60)
                .requireSuccess("a new publish afterwards");
        awaitEnd();
        assertMediaEqualsTagsOf(Clips.h264Aac(6));
    }
}
