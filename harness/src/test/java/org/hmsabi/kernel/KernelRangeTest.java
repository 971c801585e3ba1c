package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KernelRangeTest {
    private static final String RELEASE = "6.12.117+deb12-amd64";
    private static final String REFERENCE = "debian:6.12.117+deb12";

    @ParameterizedTest(name = "''{0}'' contains 6.12.117: {1}")
    @CsvSource(delimiter = '|', value = {
        "*                     | true",
        ">= 6.9                | true",
        ">= 6.9, < 6.13        | true",
        ">=6.9,<6.13           | true",
        "< 6.12                | false",
        "<= 6.12               | true",
        "== 6.12               | true",
        "6.12                  | true",
        "6.1                   | false",
        "== 6.12.116           | false",
        "> 6.12.117            | false",
        "> 6.12.116            | true",
        "> 6.11                | true",
        "< 7                   | true",
        "6.9..6.12             | true",
        "6.9..6.11             | false",
        "debian:6.12.117+deb12 | true",
        "6.12.117+deb12        | true",
        "6.12.117+deb12-amd64  | true",
        "debian:6.12.115+deb12 | false",
        ">= 6.12, debian:6.12.117+deb12 | true",
        ">= 6.13, debian:6.12.117+deb12 | false",
    })
    void containsTheKernel(String range, boolean expected) {
        assertThat(KernelRange.parse(range).contains(RELEASE, REFERENCE)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "*              | *",
        "<6.9           | < 6.9",
        ">=6.10         | >= 6.10",
        "6.1            | >= 6.1, < 6.2",
        "6.9..6.11      | >= 6.9, < 6.12",
        "6.9..6.15      | >= 6.9, < 6.16",
        ">= 6.9, <= 6.12 | >= 6.9, < 6.13",
        "> 6.18         | >= 6.19",
        "<= 6.19        | < 6.20",
        "== 6.12.117    | >= 6.12.117, < 6.12.118",
        "<= 7           | < 8.0",
    })
    void everySyntaxMeansOneCanonicalRange(String written, String canonical) {
        KernelRange range = KernelRange.parse(written);
        assertThat(range.canonical()).isEqualTo(canonical);
        assertThat(KernelRange.parse(canonical).canonical()).isEqualTo(canonical);
        assertThat(KernelRange.parse(canonical).since()).isEqualTo(range.since());
        assertThat(KernelRange.parse(canonical).until()).isEqualTo(range.until());
    }

    @Test
    void theSpecsSinceAndUntilAreTheSameRange() {
        KernelRange fields = KernelRange.of(Optional.of(KernelVersion.of(6, 9)), Optional.of(KernelVersion.of(6, 16)));
        assertThat(fields.canonical()).isEqualTo(">= 6.9, < 6.16");
        assertThat(fields.since()).isEqualTo(KernelRange.parse(">= 6.9, < 6.16").since());
        assertThat(fields.until()).isEqualTo(KernelRange.parse(">= 6.9, < 6.16").until());
        assertThat(fields.contains(KernelVersion.parse("6.15.9"))).isTrue();
        assertThat(fields.contains(KernelVersion.parse("6.16.12+deb13-amd64"))).isFalse();
        assertThat(fields.contains(KernelVersion.parse("6.8.12"))).isFalse();
        assertThat(KernelRange.of(Optional.empty(), Optional.empty()).canonical()).isEqualTo("*");
    }

    @Test
    void seriesBoundsCoverEveryPatchLevel() {
        KernelRange before = KernelRange.parse("<6.9");
        assertThat(before.contains(KernelVersion.parse("6.8.12"))).isTrue();
        assertThat(before.contains(KernelVersion.parse("6.9"))).isFalse();
        assertThat(before.contains(KernelVersion.parse("6.1.0-56-amd64"))).isTrue();
        assertThat(KernelRange.parse(">=6.10").contains(KernelVersion.parse("6.12.117+deb12-amd64"))).isTrue();
        assertThat(KernelRange.parse("6.1").contains(KernelVersion.parse("6.1.0-56-amd64"))).isTrue();
        assertThat(KernelRange.parse(">= 7.0").contains(KernelVersion.parse("7.3.4+deb13-amd64"))).isTrue();
    }

    @Test
    void aRangeNamingKernelsHoldsNoBareVersion() {
        assertThat(KernelRange.parse("debian:6.12.117+deb12").contains(KernelVersion.parse("6.12.117"))).isFalse();
        assertThat(KernelRange.parse("debian:6.12.117+deb12").kernels()).containsExactly("debian:6.12.117+deb12");
    }

    @Test
    void overlapsWhenSomeVersionIsInBoth() {
        assertThat(KernelRange.parse("<6.7").overlaps(KernelRange.parse(">=6.7"))).isFalse();
        assertThat(KernelRange.parse("<6.7").overlaps(KernelRange.parse("6.6..6.8"))).isTrue();
        assertThat(KernelRange.parse("6.9..6.15").overlaps(KernelRange.parse(">= 6.16"))).isFalse();
        assertThat(KernelRange.ALL.overlaps(KernelRange.parse("6.1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ">= ", "=> 6.9", ">= 6.x", "six twelve", "6.9...6.11", "6.9..", "..6.9", ">= 6.9..6.11",
        ">= 6.16, < 6.9", "6.12, 6.13", "debian:6.12.117+deb12 extra", ">= 6.9,"})
    void rejectsWhatItCannotRead(String range) {
        assertThatThrownBy(() -> KernelRange.parse(range)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageNeverEchoesControlCharacters() {
        assertThatThrownBy(() -> KernelRange.parse(">= 6.9, \u001b[2Jboom"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\u001b");
    }
}
