package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hmsabi.model.Snapshot.KernelInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelRangeTest {
    private static final KernelInfo DEBIAN_6_12 = new KernelInfo("6.12.117+deb12-amd64", "debian:6.12.117+deb12");

    @ParameterizedTest(name = "''{0}'' contains 6.12.117: {1}")
    @CsvSource(delimiter = '|', value = {
        "*                     | true",
        ">= 6.9                | true",
        ">= 6.9, < 6.13        | true",
        "< 6.12                | false",
        "<= 6.12               | true",
        "== 6.12               | true",
        "== 6.12.116           | false",
        "> 6.12.117            | false",
        "debian:6.12.117+deb12 | true",
        "6.12.117+deb12        | true",
        "6.12.117+deb12-amd64  | true",
        "debian:6.12.115+deb12 | false",
    })
    void containsTheCandidate(String range, boolean expected) {
        assertThat(KernelRange.parse(range).contains(DEBIAN_6_12)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ">= ", "=> 6.9", ">= 6.x", "six twelve"})
    void rejectsWhatItCannotRead(String range) {
        assertThatThrownBy(() -> KernelRange.parse(range)).isInstanceOf(IllegalArgumentException.class);
    }
}
