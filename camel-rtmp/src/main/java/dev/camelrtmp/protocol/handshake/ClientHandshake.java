package dev.camelrtmp.protocol.handshake;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * The client side of the handshake, plain or with the digest (as Flash Player 9+ and FFmpeg send it): C0+C1 out,
 * S0+S1+S2 in, C2 out. With the digest, S1's digest and S2's signature are checked when the server announces a
 * version.
 */
public final class ClientHandshake {

    /** The player version C1 announces in the digest variant, as FFmpeg announces it: 9.0.124.2. */
    private static final byte[] CLIENT_VERSION = { 9, 0, 124, 2 };

    private final boolean digest;
    private final int scheme;
    private byte[] c1;
    private boolean serverDigestValid;

    public ClientHandshake(boolean digest) {
        this(digest, 0);
    }

    /** @param scheme the digest scheme, 0 (offset from bytes 8-11) or 1 (from bytes 772-775) */
    public ClientHandshake(boolean digest, int scheme) {
        this.digest = digest;
        this.scheme = scheme;
    }

    /** C0 and C1, 1537 bytes. */
    public byte[] c0c1() {
        c1 = new byte[HandshakeConstants.PACKET_SIZE];
        ThreadLocalRandom.current().nextBytes(c1);
        Arrays.fill(c1, 0, 4, (byte) 0);
        if (digest) {
            System.arraycopy(CLIENT_VERSION, 0, c1, 4, 4);
            HandshakeDigest.sign(c1, scheme, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_TEXT);
        } else {
            Arrays.fill(c1, 4, 8, (byte) 0);
        }
        byte[] out = new byte[1 + c1.length];
        out[0] = HandshakeConstants.RTMP_VERSION;
        System.arraycopy(c1, 0, out, 1, c1.length);
        return out;
    }

    /**
     * @param s0s1s2 S0, S1 and S2, 3073 bytes
     * @return C2, 1536 bytes
     */
    public byte[] c2(byte[] s0s1s2) {
        if ((s0s1s2[0] & 0xFF) != HandshakeConstants.RTMP_VERSION) {
            throw new RtmpProtocolException("server answered with RTMP version " + (s0s1s2[0] & 0xFF));
        }
        byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1 + HandshakeConstants.PACKET_SIZE);
        byte[] s2 = Arrays.copyOfRange(s0s1s2, 1 + HandshakeConstants.PACKET_SIZE, 1 + 2 * HandshakeConstants.PACKET_SIZE);
        boolean serverVersioned = s1[4] != 0 || s1[5] != 0 || s1[6] != 0 || s1[7] != 0;
        if (digest && serverVersioned) {
            int serverScheme = HandshakeDigest.validScheme(s1, HandshakeDigest.SERVER_KEY,
                    HandshakeDigest.SERVER_KEY_TEXT);
            if (serverScheme >= 0) {
                byte[] expected = HandshakeDigest.responseSignature(s2, HandshakeDigest.carriedDigest(c1, scheme),
                        HandshakeDigest.SERVER_KEY);
                serverDigestValid = MessageDigest.isEqual(expected,
                        Arrays.copyOfRange(s2, s2.length - HandshakeDigest.DIGEST_LENGTH, s2.length));
                byte[] c2 = new byte[HandshakeConstants.PACKET_SIZE];
                ThreadLocalRandom.current().nextBytes(c2);
                byte[] signature = HandshakeDigest.responseSignature(c2,
                        HandshakeDigest.carriedDigest(s1, serverScheme), HandshakeDigest.PLAYER_KEY);
                System.arraycopy(signature, 0, c2, c2.length - HandshakeDigest.DIGEST_LENGTH, signature.length);
                return c2;
            }
        }
        return s1.clone(); // the plain answer: an echo of S1
    }

    /** Whether the server's S1 digest and S2 signature were valid (digest variant only). */
    public boolean serverDigestValid() {
        return serverDigestValid;
    }
}
