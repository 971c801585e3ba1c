package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.junit.jupiter.api.Test;

class KernelIndexTest {
    private final KernelIndex index = KernelIndex.of(List.of(
            "linux-image-6.1.0-9-amd64-unsigned",
            "linux-image-6.1.0-56-amd64-unsigned",
            "linux-image-6.1.0-47-amd64-unsigned",
            "linux-image-6.1.0-57-cloud-amd64-unsigned",
            "linux-image-6.1.0-57-rt-amd64-unsigned",
            "linux-image-6.12.107+deb12-amd64-unsigned",
            "linux-image-6.12.117+deb12-amd64-unsigned",
            "linux-image-6.12.113+deb12-amd64-unsigned",
            "linux-image-6.12.119+deb12-rt-amd64-unsigned",
            "linux-image-amd64-unsigned",
            "linux-image-6.1.0-56-amd64-dbg",
            "linux-headers-6.1.0-56-amd64"));

    @Test
    void newestOfASeriesComparesVersionsNotStrings() {
        assertThat(index.newestIn("6.1")).contains(new DebianKernel("6.1.0-56"));
        assertThat(index.newestIn("6.12")).contains(new DebianKernel("6.12.117+deb12"));
    }

    @Test
    void aSeriesIsAPrefixOfWholeComponents() {
        assertThat(index.inSeries("6.1")).extracting(DebianKernel::abi)
                .containsExactly("6.1.0-9", "6.1.0-47", "6.1.0-56");
    }

    @Test
    void flavoursAndOtherPackagesAreIgnored() {
        assertThat(index.kernels()).extracting(DebianKernel::abi).containsExactly(
                "6.1.0-9", "6.1.0-47", "6.1.0-56", "6.12.107+deb12", "6.12.113+deb12", "6.12.117+deb12");
        assertThat(index.series()).containsExactly("6.1", "6.12");
    }

    @Test
    void unknownSeriesHasNoNewest() {
        assertThat(index.newestIn("5.10")).isEmpty();
        assertThat(KernelIndex.of(List.of()).isEmpty()).isTrue();
    }
}
