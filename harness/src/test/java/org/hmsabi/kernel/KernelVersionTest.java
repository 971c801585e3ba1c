package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelVersionTest {

    @ParameterizedTest(name = "{0} is {1}.{2}.{3}")
    @CsvSource({
        "6.12.117+deb12-amd64, 6, 12, 117",
        "6.1.0-56-amd64, 6, 1, 0",
        "7.3.4+deb13, 7, 3, 4",
        "7.3.4+deb13-amd64, 7, 3, 4",
        "debian:6.12.117+deb12, 6, 12, 117",
        "6.16.12+deb13-cloud-amd64, 6, 16, 12",
        "6.9, 6, 9, 0",
        "6.12.117, 6, 12, 117",
        "' 6.19 ', 6, 19, 0",
    })
    void readsTheUpstreamVersionOfAReleaseOrReference(String text, int major, int minor, int patch) {
        assertThat(KernelVersion.parse(text)).isEqualTo(new KernelVersion(major, minor, patch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "six", "6", "6.x", "6.12.117.4", "v6.9", "6.123456"})
    void refusesWhatIsNoVersion(String text) {
        assertThatThrownBy(() -> KernelVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(KernelVersion.tryParse(text)).isEmpty();
    }

    @Test
    void ordersByMajorMinorAndPatch() {
        assertThat(KernelVersion.parse("6.9")).isLessThan(KernelVersion.parse("6.10"));
        assertThat(KernelVersion.parse("6.19.14")).isLessThan(KernelVersion.parse("7.0"));
        assertThat(KernelVersion.parse("6.12.107+deb12")).isLessThan(KernelVersion.parse("6.12.117+deb12"));
        assertThat(KernelVersion.parse("6.12.117+deb12-amd64").series()).isEqualTo(KernelVersion.of(6, 12));
        assertThat(KernelVersion.parse("6.12.117").atLeast(KernelVersion.of(6, 12))).isTrue();
    }

    @Test
    void printsAsUpstreamNamesIt() {
        assertThat(KernelVersion.parse("6.9")).hasToString("6.9");
        assertThat(KernelVersion.parse("6.1.0-56-amd64")).hasToString("6.1");
        assertThat(KernelVersion.parse("7.3.4+deb13")).hasToString("7.3.4");
    }
}
