package dev.camelrtmp.protocol.handshake;

import java.util.Arrays;

import dev.camelrtmp.protocol.RtmpProtocolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeTest {

    @Test
    void plainHandshake() {
        ClientHandshake client = new ClientHandshake(false);
        ServerHandshake server = new ServerHandshake();
        byte[] c0c1 = client.c0c1();
        byte[] s0s1s2 = server.respond(c0c1);
        assertThat(s0s1s2).hasSize(3073);
        assertThat(s0s1s2[0]).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(s0s1s2, 5, 9)).as("S1 version bytes are zero").containsOnly(0);
        assertThat(Arrays.copyOfRange(s0s1s2, 1537, 3073)).as("S2 echoes C1 exactly, as librtmp checks it")
                .isEqualTo(Arrays.copyOfRange(c0c1, 1, 1537));
        assertThat(server.isDigest()).isFalse();
        assertThat(server.verifyC2(client.c2(s0s1s2))).isTrue();
    }

    @Test
    void digestHandshakeBothSchemes() {
        for (int scheme = 0; scheme <= 1; scheme++) {
            ClientHandshake client = new ClientHandshake(true, scheme);
            ServerHandshake server = new ServerHandshake();
            byte[] s0s1s2 = server.respond(client.c0c1());
            assertThat(server.isDigest()).isTrue();
            assertThat(server.scheme()).isEqualTo(scheme);
            assertThat(s0s1s2[5]).as("S1 announces a server version").isNotZero();
            byte[] c2 = client.c2(s0s1s2);
            assertThat(client.serverDigestValid()).as("S1 digest and S2 signature valid, scheme " + scheme).isTrue();
            assertThat(server.verifyC2(c2)).isTrue();
        }
    }

    @Test
    void s1DigestValidatesAsFfmpegChecksIt() {
        // FFmpeg, when playing, looks for the server's digest at the scheme 1 offset, then scheme 0, keyed with the
        // first 36 bytes of the FMS key; then checks S2's last 32 bytes against a key derived from its own digest.
        ClientHandshake client = new ClientHandshake(true, 0);
        byte[] c0c1 = client.c0c1();
        byte[] s0s1s2 = new ServerHandshake().respond(c0c1);
        byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1537);
        assertThat(HandshakeDigest.validScheme(s1, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_TEXT))
                .isEqualTo(0);
        byte[] s2 = Arrays.copyOfRange(s0s1s2, 1537, 3073);
        byte[] c1 = Arrays.copyOfRange(c0c1, 1, 1537);
        byte[] expected = HandshakeDigest.responseSignature(s2, HandshakeDigest.carriedDigest(c1, 0),
                HandshakeDigest.SERVER_KEY);
        assertThat(Arrays.copyOfRange(s2, 1504, 1536)).isEqualTo(expected);
    }

    @Test
    void versionedC1WithoutValidDigestFallsBackToPlainEcho() {
        byte[] c0c1 = new byte[1537];
        new java.util.Random(1).nextBytes(c0c1);
        c0c1[0] = 3;
        c0c1[5] = 9;
        ServerHandshake server = new ServerHandshake();
        byte[] s0s1s2 = server.respond(c0c1);
        assertThat(server.isDigest()).isFalse();
        assertThat(Arrays.copyOfRange(s0s1s2, 1537 + 8, 3073)).isEqualTo(Arrays.copyOfRange(c0c1, 9, 1537));
        assertThat(server.verifyC2(new byte[1536])).as("junk C2 is only reported").isFalse();
    }

    @Test
    void wrongVersionsAreNamed() {
        byte[] rtmpe = new byte[1537];
        rtmpe[0] = 6;
        assertThatThrownBy(() -> new ServerHandshake().respond(rtmpe)).isInstanceOf(RtmpProtocolException.class)
                .hasMessageContaining("RTMPE");
        byte[] http = Arrays.copyOf("GET / HTTP/1.1".getBytes(), 1537);
        assertThatThrownBy(() -> new ServerHandshake().respond(http)).isInstanceOf(RtmpProtocolException.class)
                .hasMessageContaining("HTTP");
        byte[] tls = new byte[1537];
        tls[0] = 0x16;
        assertThatThrownBy(() -> new ServerHandshake().respond(tls)).hasMessageContaining("TLS");
    }
}
