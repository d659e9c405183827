package dev.camelrtmp.protocol.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 digests of the Flash Player 9 / FMS 3 handshake. C1 and S1 carry a 32-byte digest at an offset
 * given by one of two schemes; C2 and S2 end with a signature keyed from the peer's digest.
 */
public final class HandshakeDigest {

    /** The digest length. */
    public static final int DIGEST_LENGTH = 32;

    private static final byte[] KEY_TAIL = {
        (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
        (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
        (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
        (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE };

    /** "Genuine Adobe Flash Player 001" followed by the shared 32 bytes. */
    static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
    /** "Genuine Adobe Flash Media Server 001" followed by the shared 32 bytes. */
    static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
    /** Length of the text part of the player key, used to sign C1. */
    static final int PLAYER_KEY_TEXT = 30;
    /** Length of the text part of the server key, used to sign S1. */
    static final int SERVER_KEY_TEXT = 36;

    private HandshakeDigest() {
    }

    private static byte[] concat(String text, byte[] tail) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[head.length + tail.length];
        System.arraycopy(head, 0, key, 0, head.length);
        System.arraycopy(tail, 0, key, head.length, tail.length);
        return key;
    }

    /**
     * The offset of the digest in a 1536-byte C1 or S1: scheme 0 sums the four bytes at 8 (digest after them),
     * scheme 1 the four bytes at 772.
     */
    public static int digestOffset(byte[] packet, int scheme) {
        int base = scheme == 0 ? 8 : 772;
        int sum = (packet[base] & 0xFF) + (packet[base + 1] & 0xFF) + (packet[base + 2] & 0xFF)
                + (packet[base + 3] & 0xFF);
        return sum % 728 + base + 4;
    }

    public static byte[] hmacSha256(byte[] key, int keyLength, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, 0, keyLength, "HmacSHA256"));
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The digest of a packet: HMAC over every byte but the 32 at {@code digestOffset}. */
    static byte[] packetDigest(byte[] packet, int digestOffset, byte[] key, int keyLength) {
        byte[] message = new byte[packet.length - DIGEST_LENGTH];
        System.arraycopy(packet, 0, message, 0, digestOffset);
        System.arraycopy(packet, digestOffset + DIGEST_LENGTH, message, digestOffset,
                packet.length - digestOffset - DIGEST_LENGTH);
        return hmacSha256(key, keyLength, message, 0, message.length);
    }

    /** Writes the digest into a packet at the scheme's offset. */
    static void sign(byte[] packet, int scheme, byte[] key, int keyLength) {
        int offset = digestOffset(packet, scheme);
        byte[] digest = packetDigest(packet, offset, key, keyLength);
        System.arraycopy(digest, 0, packet, offset, DIGEST_LENGTH);
    }

    /**
     * Finds which scheme's digest is valid in a packet.
     *
     * @return 0 or 1, or -1 when neither offset holds a valid digest
     */
    static int validScheme(byte[] packet, byte[] key, int keyLength) {
        for (int scheme = 0; scheme <= 1; scheme++) {
            int offset = digestOffset(packet, scheme);
            byte[] digest = packetDigest(packet, offset, key, keyLength);
            if (MessageDigest.isEqual(digest, java.util.Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH))) {
                return scheme;
            }
        }
        return -1;
    }

    /** The digest carried by a packet at the scheme's offset. */
    static byte[] carriedDigest(byte[] packet, int scheme) {
        int offset = digestOffset(packet, scheme);
        return java.util.Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH);
    }

    /**
     * The signature a C2 or S2 ends with: HMAC over its first 1504 bytes, keyed with the HMAC of the peer's digest
     * under the full key.
     */
    static byte[] responseSignature(byte[] response, byte[] peerDigest, byte[] fullKey) {
        byte[] key = hmacSha256(fullKey, fullKey.length, peerDigest, 0, peerDigest.length);
        return hmacSha256(key, key.length, response, 0, response.length - DIGEST_LENGTH);
    }
}
