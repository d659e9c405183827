package dev.camelrtmp.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File and folder names for recordings, made from application names and stream keys so that distinct names stay
 * distinct and none can leave the recordings folder: every UTF-8 byte outside {@code [A-Za-z0-9._-]}, and a leading
 * {@code .}, is percent-encoded ({@code ключ} becomes {@code %D0%BA%D0%BB%D1%8E%D1%87}, {@code ../x} becomes
 * {@code %2E.%2Fx}); the empty name becomes {@code %}. A name longer than {@value #MAX_LENGTH} bytes encoded is
 * cut and ends with {@code +} and the first {@value #HASH_LENGTH} hex digits of the SHA-256 of the whole name, so
 * that a file name with its {@code -N.flv} suffix stays well inside the usual 255-byte limit.
 */
final class RecordingNames {

    /** The longest name made, in bytes (ASCII). */
    static final int MAX_LENGTH = 200;
    /** Hex digits of the hash that ends a name that was cut. */
    static final int HASH_LENGTH = 16;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RecordingNames() {
    }

    /** The file or folder name (without extension) for an application name or stream key. */
    static String of(String name) {
        if (name.isEmpty()) {
            return "%";
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(utf8.length + 16);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xFF;
            if (b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '-'
                    || b == '.' && i > 0) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(HEX[b >>> 4]).append(HEX[b & 0x0F]);
            }
        }
        if (encoded.length() <= MAX_LENGTH) {
            return encoded.toString();
        }
        int cut = MAX_LENGTH - 1 - HASH_LENGTH;
        if (encoded.charAt(cut - 1) == '%') {
            cut -= 1; // never split a %XX
        } else if (encoded.charAt(cut - 2) == '%') {
            cut -= 2;
        }
        return encoded.substring(0, cut) + "+" + sha256(utf8).substring(0, HASH_LENGTH);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
