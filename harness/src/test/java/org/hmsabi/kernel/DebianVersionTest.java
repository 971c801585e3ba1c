package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {

    /** Each row: lower < higher, as {@code dpkg --compare-versions lower lt higher} says. */
    @ParameterizedTest
    @CsvSource({
        "6.1.0-9, 6.1.0-56",
        "6.1.0-47, 6.1.0-56",
        "6.12.107+deb12, 6.12.117+deb12",
        "6.12.9+deb12, 6.12.10+deb12",
        "6.1.0-56, 6.12.107+deb12",
        "6.1.158-1, 6.1.192-2",
        "6.12.117-1~deb12u1, 6.12.117-1",
        "1.0~rc1, 1.0",
        "1.0, 1.0+b1",
        "1.0, 1.0a",
        "1.0-1, 1.0-1.1",
        "2.0, 1:0.1",
        "1.0-9, 1.0-10",
        "1.0, 1.0-0.1",
    })
    void ordersLikeDpkg(String lower, String higher) {
        assertThat(new DebianVersion(lower)).isLessThan(new DebianVersion(higher));
        assertThat(new DebianVersion(higher)).isGreaterThan(new DebianVersion(lower));
    }

    @ParameterizedTest
    @CsvSource({"6.1.0-56, 6.1.0-56", "1.0, 1.00", "0:1.0, 1.0", "1.0-0, 1.0"})
    void equalVersions(String a, String b) {
        assertThat(DebianVersion.ORDER.compare(a, b)).isZero();
    }

    @Test
    void sortsAbisNumericallyNotAlphabetically() {
        List<String> abis = new ArrayList<>(List.of("6.1.0-56", "6.1.0-9", "6.1.0-47", "6.1.0-100"));
        abis.sort(DebianVersion.ORDER);
        assertThat(abis).containsExactly("6.1.0-9", "6.1.0-47", "6.1.0-56", "6.1.0-100");
    }
}
