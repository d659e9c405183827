package dev.camelrtmp.protocol;

/**
 * Makes peer-supplied text (application and stream names, command names, URLs) safe to put in a log line: control
 * characters are escaped, so that a name cannot start a forged line or smuggle raw bytes into the log, and long
 * text is cut.
 */
public final class LogSafe {

    /** The most characters of one value a log line shows. */
    public static final int MAX_LENGTH = 256;

    private LogSafe() {
    }

    /**
     * Whether {@code c} is a control character no application or stream name may contain: C0 (U+0000-U+001F),
     * DEL, C1 (U+0080-U+009F), and the line and paragraph separators U+2028 and U+2029.
     */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
    }

    /**
     * The value as one line of plain text: {@code \n}, {@code \r}, {@code \t} and backslash as Java escapes, other
     * control characters (see {@link #isControl}) and the bidirectional overrides as {@code \}{@code uXXXX}; past
     * {@link #MAX_LENGTH} characters cut, with the full length appended.
     */
    public static String of(Object value) {
        String text = String.valueOf(value);
        int length = text.length();
        if (length <= MAX_LENGTH && !needsEscape(text)) {
            return text;
        }
        int shown = Math.min(length, MAX_LENGTH);
        if (shown < length && Character.isHighSurrogate(text.charAt(shown - 1))) {
            shown--; // never cut a character in half
        }
        StringBuilder out = new StringBuilder(shown + 32);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (escaped(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (shown < length) {
            out.append("...(").append(length).append(" chars)");
        }
        return out.toString();
    }

    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || escaped(c)) {
                return true;
            }
        }
        return false;
    }

    /** Control characters, and the bidirectional controls that can make a log line read other than it is. */
    private static boolean escaped(char c) {
        return isControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
