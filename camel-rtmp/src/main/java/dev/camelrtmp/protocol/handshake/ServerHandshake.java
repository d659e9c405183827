package dev.camelrtmp.protocol.handshake;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import dev.camelrtmp.protocol.RtmpProtocolException;

/**
 * The server side of the handshake. From C0+C1 it decides between the plain handshake (S1 with zero version bytes,
 * S2 echoing C1) and the digest variant (S1 signed with the FMS key at the client's scheme, S2 signed with a key
 * derived from the client's digest), which Flash-era clients and FFmpeg, when playing, validate.
 */
public final class ServerHandshake {

    /** The version S1 announces in the digest variant: FMS 3.5.1.1. */
    private static final byte[] SERVER_VERSION = { 3, 5, 1, 1 };

    private byte[] s1;
    private byte[] clientDigest;
    private int scheme = -1;

    /**
     * @param c0c1 C0 and C1, 1537 bytes
     * @return S0, S1 and S2, 3073 bytes
     * @throws RtmpProtocolException when C0 asks for another version than 3, naming what arrived
     */
    public byte[] respond(byte[] c0c1) {
        int version = c0c1[0] & 0xFF;
        if (version != HandshakeConstants.RTMP_VERSION) {
            throw new RtmpProtocolException(describeWrongVersion(c0c1));
        }
        byte[] c1 = Arrays.copyOfRange(c0c1, 1, 1 + HandshakeConstants.PACKET_SIZE);
        boolean clientVersioned = c1[4] != 0 || c1[5] != 0 || c1[6] != 0 || c1[7] != 0;
        if (clientVersioned) {
            scheme = HandshakeDigest.validScheme(c1, HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_TEXT);
        }
        s1 = new byte[HandshakeConstants.PACKET_SIZE];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        random.nextBytes(s1);
        int time = (int) (System.currentTimeMillis() / 1000);
        s1[0] = (byte) (time >>> 24);
        s1[1] = (byte) (time >>> 16);
        s1[2] = (byte) (time >>> 8);
        s1[3] = (byte) time;
        byte[] s2;
        if (scheme >= 0) {
            System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
            HandshakeDigest.sign(s1, scheme, HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_TEXT);
            clientDigest = HandshakeDigest.carriedDigest(c1, scheme);
            s2 = new byte[HandshakeConstants.PACKET_SIZE];
            random.nextBytes(s2);
            byte[] signature = HandshakeDigest.responseSignature(s2, clientDigest, HandshakeDigest.SERVER_KEY);
            System.arraycopy(signature, 0, s2, s2.length - HandshakeDigest.DIGEST_LENGTH, signature.length);
        } else {
            Arrays.fill(s1, 4, 8, (byte) 0);
            s2 = c1.clone(); // an exact echo: librtmp compares S2 with its C1 byte for byte

        }
        byte[] out = new byte[1 + 2 * HandshakeConstants.PACKET_SIZE];
        out[0] = HandshakeConstants.RTMP_VERSION;
        System.arraycopy(s1, 0, out, 1, s1.length);
        System.arraycopy(s2, 0, out, 1 + s1.length, s2.length);
        return out;
    }

    /** Whether the client used the digest variant (valid after {@link #respond}). */
    public boolean isDigest() {
        return scheme >= 0;
    }

    /** The digest scheme the client used, 0 or 1, or -1 for the plain handshake. */
    public int scheme() {
        return scheme;
    }

    /**
     * Checks C2: an echo of S1 (plain) or signed from S1's digest (digest variant). A mismatch is only reported:
     * many encoders send C2 carelessly, and no client depends on the server checking it.
     */
    public boolean verifyC2(byte[] c2) {
        if (s1 == null || c2.length != HandshakeConstants.PACKET_SIZE) {
            return false;
        }
        if (Arrays.equals(Arrays.copyOfRange(c2, 8, c2.length), Arrays.copyOfRange(s1, 8, s1.length))) {
            return true;
        }
        if (scheme >= 0) {
            byte[] expected = HandshakeDigest.responseSignature(c2, HandshakeDigest.carriedDigest(s1, scheme),
                    HandshakeDigest.PLAYER_KEY);
            return MessageDigest.isEqual(expected, Arrays.copyOfRange(c2, c2.length - HandshakeDigest.DIGEST_LENGTH,
                    c2.length));
        }
        return false;
    }

    private static String describeWrongVersion(byte[] c0c1) {
        int version = c0c1[0] & 0xFF;
        String start = new String(c0c1, 0, Math.min(4, c0c1.length), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (start.startsWith("GET ") || start.startsWith("POST") || start.startsWith("HEAD") || start.startsWith("PUT ")
                || start.startsWith("OPTI")) {
            return "not RTMP: the client speaks HTTP";
        }
        if (version == 0x16) {
            return "not RTMP: the client starts a TLS handshake (rtmps:// to a plain RTMP port?)";
        }
        if (version == 6 || version == 8 || version == 9) {
            return "unsupported RTMP version " + version + " (RTMPE, encrypted RTMP)";
        }
        return "unsupported RTMP version " + version + " in C0";
    }
}
