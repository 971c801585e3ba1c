package org.hmsabi.bisect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.diff.Finding;
import org.hmsabi.spec.Stability;
import org.junit.jupiter.api.Test;

class BisectReportTest {
    private static final Finding REMOVED_AUTO = new Finding(Finding.Kind.REMOVED, Finding.Severity.FAILURE, Stability.TESTING,
            "/sys/kernel/mm/mempolicy/weighted_interleave/auto", List.of("/sys/kernel/mm/mempolicy/weighted_interleave/auto"),
            Optional.of("true"), Optional.empty(), Optional.empty());
    private static final Map<String, String> UPSTREAM = Map.of("debian:6.17.13+deb13", "6.17.13", "debian:6.18.5+deb13", "6.18.5");

    private final BisectResult.FirstBad found = new BisectResult.FirstBad("debian:6.17.13+deb13", "debian:6.18.5+deb13", REMOVED_AUTO,
            1.0, List.of(), List.of(Check.of(2, "debian:6.18.5+deb13", List.of(new Observation.Bad(REMOVED_AUTO)))), List.of());

    @Test
    void aRegressionReportIsReadyForTheListsAndRegzbot() {
        String mail = BisectReport.mailReport(found, BisectReport.Direction.REGRESSION, "two-socket-hbm", UPSTREAM::get,
                "hmsabi bisect --kernels debian:6.17.13+deb13,debian:6.18.5+deb13 --finding auto --topology two-socket-hbm");

        assertThat(mail).startsWith("Subject: [REGRESSION] /sys/kernel/mm/mempolicy/weighted_interleave/auto changed between v6.17.13 and v6.18.5\n")
                .contains("  REMOVED FAILURE /sys/kernel/mm/mempolicy/weighted_interleave/auto (was true)\n")
                .contains("  last good: debian:6.17.13+deb13 (upstream v6.17.13)\n")
                .contains("  first bad: debian:6.18.5+deb13 (upstream v6.18.5)\n")
                .contains("Reproduce:\n  hmsabi bisect --kernels debian:6.17.13+deb13,debian:6.18.5+deb13")
                .endsWith("#regzbot introduced: v6.17.13..v6.18.5\n");
    }

    @Test
    void aFixIsNamedAsOne() {
        assertThat(BisectReport.render(found, BisectReport.Direction.FIX))
                .startsWith("first fixed debian:6.18.5+deb13, last broken debian:6.17.13+deb13\n")
                .contains("  debian:6.18.5+deb13: fixed (1 of 1 runs agree)");
        assertThat(BisectReport.mailReport(found, BisectReport.Direction.FIX, "two-socket-hbm", UPSTREAM::get, "hmsabi bisect …"))
                .contains("fixed between v6.17.13 and v6.18.5").contains("  first fixed: debian:6.18.5+deb13")
                .doesNotContain("#regzbot introduced").contains("'#regzbot fix: <commit>'");
        assertThat(BisectReport.render(found)).startsWith("first bad debian:6.18.5+deb13, last good debian:6.17.13+deb13\n");
    }
}
