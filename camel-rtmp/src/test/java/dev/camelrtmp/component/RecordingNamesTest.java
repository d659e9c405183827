package dev.camelrtmp.component;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Distinct application names and stream keys make distinct, safe file names. */
class RecordingNamesTest {

    @Test
    void plainNamesStayAsTheyAre() {
        assertThat(RecordingNames.of("cam1")).isEqualTo("cam1");
        assertThat(RecordingNames.of("Studio_A-2.main")).isEqualTo("Studio_A-2.main");
    }

    @Test
    void everyOtherByteIsPercentEncoded() {
        assertThat(RecordingNames.of("ключ")).isEqualTo("%D0%BA%D0%BB%D1%8E%D1%87");
        assertThat(RecordingNames.of("мост")).isEqualTo("%D0%BC%D0%BE%D1%81%D1%82");
        assertThat(RecordingNames.of("a b=c%d")).isEqualTo("a%20b%3Dc%25d");
        assertThat(RecordingNames.of("cam😀")).isEqualTo("cam%F0%9F%98%80");
    }

    @Test
    void noNameLeavesItsFolder() {
        assertThat(RecordingNames.of("../x")).isEqualTo("%2E.%2Fx");
        assertThat(RecordingNames.of("..")).isEqualTo("%2E.");
        assertThat(RecordingNames.of(".")).isEqualTo("%2E");
        assertThat(RecordingNames.of(".hidden")).isEqualTo("%2Ehidden");
        assertThat(RecordingNames.of("a\\b/c")).isEqualTo("a%5Cb%2Fc");
        assertThat(RecordingNames.of("x\u0000y")).isEqualTo("x%00y");
        assertThat(RecordingNames.of("")).isEqualTo("%");
    }

    @Test
    void namesThatWereAliasedAreDistinct() {
        // the old mapping (unsafe characters to '_') made all of these one file name
        Set<String> names = Stream.of("ключ", "мост", "____", "ключи", "a/b", "a_b", "a?b", "a b", "a%2Fb", "", "_",
                "%", ".", "%2E").map(RecordingNames::of).collect(Collectors.toSet());
        assertThat(names).hasSize(14);
    }

    @Test
    void longNamesAreCutAndEndWithAHashOfTheWholeName() {
        String key300 = "k".repeat(300);
        String name = RecordingNames.of(key300);
        assertThat(name).hasSize(RecordingNames.MAX_LENGTH).startsWith("k".repeat(183) + "+")
                .matches(".*\\+[0-9a-f]{16}");
        // the same long prefix, different ends: still distinct
        assertThat(RecordingNames.of("k".repeat(299) + "j")).isNotEqualTo(name).hasSize(RecordingNames.MAX_LENGTH);
        assertThat(RecordingNames.of("k".repeat(200))).isEqualTo("k".repeat(200));
        assertThat(RecordingNames.of("k".repeat(201))).hasSize(RecordingNames.MAX_LENGTH);
        // 5,000 characters of Cyrillic: 60,000 bytes encoded, cut without splitting a %XX
        for (int shift = 0; shift < 3; shift++) {
            String key = "x".repeat(shift) + "ключ".repeat(1250);
            String cut = RecordingNames.of(key);
            assertThat(cut.length()).isLessThanOrEqualTo(RecordingNames.MAX_LENGTH);
            String prefix = cut.substring(0, cut.indexOf('+'));
            assertThat(prefix).matches("x{0,2}(%[0-9A-F]{2})*");
            // a file name with a -N.flv suffix stays inside 255 bytes
            assertThat((cut + "-99999.flv").getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThan(255);
        }
    }
}
