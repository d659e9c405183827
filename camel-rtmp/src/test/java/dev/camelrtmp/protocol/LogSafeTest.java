package dev.camelrtmp.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Peer-supplied text becomes one line of plain text in the log, cut when long. */
class LogSafeTest {

    @Test
    void plainTextIsUnchanged() {
        assertThat(LogSafe.of("live/cam1?token=abc")).isEqualTo("live/cam1?token=abc");
        assertThat(LogSafe.of("kamera-ü-東京")).isEqualTo("kamera-ü-東京");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(LogSafe.of("cam\n12:00:00.000 INFO forged")).isEqualTo("cam\\n12:00:00.000 INFO forged");
        assertThat(LogSafe.of("a\rb\tc\\d")).isEqualTo("a\\rb\\tc\\\\d");
        assertThat(LogSafe.of("nul\0end")).isEqualTo("nul\\u0000end");
        assertThat(LogSafe.of("del\u007f c1\u0085 ls\u2028 ps\u2029 rlo\u202e"))
                .isEqualTo("del\\u007f c1\\u0085 ls\\u2028 ps\\u2029 rlo\\u202e");
    }

    @Test
    void longTextIsCut() {
        String text = LogSafe.of("k".repeat(2000));
        assertThat(text).startsWith("k".repeat(LogSafe.MAX_LENGTH) + "...(2000 chars)").hasSize(
                LogSafe.MAX_LENGTH + "...(2000 chars)".length());
        // a character outside the BMP is never cut in half
        String pairs = LogSafe.of("k".repeat(LogSafe.MAX_LENGTH - 1) + "\uD83C\uDFA5" + "k");
        assertThat(pairs).isEqualTo("k".repeat(LogSafe.MAX_LENGTH - 1) + "...(" + (LogSafe.MAX_LENGTH + 2) + " chars)");
    }

    @Test
    void controlCharactersOfNames() {
        for (int c : new int[] { 0, '\n', 0x1F, 0x7F, 0x80, 0x9F, 0x2028, 0x2029 }) {
            assertThat(LogSafe.isControl(c)).as("U+%04X", c).isTrue();
        }
        for (int c : new int[] { ' ', '~', 0xA0, 'é', 0x202E, 0xFEFF }) {
            assertThat(LogSafe.isControl(c)).as("U+%04X", c).isFalse();
        }
    }
}
