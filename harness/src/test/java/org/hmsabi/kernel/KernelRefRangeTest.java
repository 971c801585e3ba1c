package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hmsabi.BadInputException;
import org.junit.jupiter.api.Test;

class KernelRefRangeTest {
    private final KernelIndex index = KernelIndex.of(List.of(
            "linux-image-6.12.117+deb12-amd64-unsigned", "linux-image-6.16.3+deb13-amd64", "linux-image-6.16.12+deb13-amd64",
            "linux-image-6.18.15+deb13-amd64", "linux-image-6.19.14+deb13-amd64", "linux-binary-6.19.14+deb13-amd64",
            "linux-binary-7.3.4+deb13-amd64", "linux-modules-7.3.4+deb13-amd64"));

    @Test
    void seriesEndsTakeTheWholeSeries() {
        assertThat(KernelRefRange.expand("debian:6.16..debian:7.3", index)).containsExactly(
                "debian:6.16.3+deb13", "debian:6.16.12+deb13", "debian:6.18.15+deb13", "debian:6.19.14+deb13", "debian:7.3.4+deb13");
    }

    @Test
    void exactEndsAreThemselves() {
        assertThat(KernelRefRange.expand("debian:6.16.12+deb13..debian:6.19", index))
                .containsExactly("debian:6.16.12+deb13", "debian:6.18.15+deb13", "debian:6.19.14+deb13");
        assertThat(KernelRefRange.expand("debian:6.18..debian:latest", index))
                .containsExactly("debian:6.18.15+deb13", "debian:6.19.14+deb13", "debian:7.3.4+deb13");
        assertThat(KernelRefRange.expand("debian:6.12.117+deb12", index)).containsExactly("debian:6.12.117+deb12");
    }

    @Test
    void aBackwardOrMalformedRangeIsBadInput() {
        assertThatThrownBy(() -> KernelRefRange.expand("debian:7.3..debian:6.16", index))
                .isInstanceOf(BadInputException.class).hasMessageContaining("write the older end first");
        assertThatThrownBy(() -> KernelRefRange.expand("debian:6.16..debian:6.17", index))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no 6.17 kernel");
        assertThatThrownBy(() -> KernelRefRange.expand("debian:6.16..", index)).isInstanceOf(BadInputException.class);
    }
}
