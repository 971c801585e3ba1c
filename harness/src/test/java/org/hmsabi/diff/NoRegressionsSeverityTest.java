package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.Stability;
import org.junit.jupiter.api.Test;

/**
 * The no-regressions rules on the golden files of the pinned Debian 6.12 and 7.3 on two-socket-hbm:
 * the runtime-PM attributes that left the access-class and memory-side-cache devices in 6.16
 * (testing ABI, documented in the spec with {@code until: "6.16"}) are information naming the
 * spec entry, not failures; the vmstat rows 6.16 and 6.17 dropped are stable table rows and fail.
 */
class NoRegressionsSeverityTest {

    private final Snapshot lts = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "6.12");
    private final Snapshot newest = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "7.3");
    private final List<Finding> findings = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(lts, newest).findings();

    @Test
    void aRemovalTheSpecDocumentsWithUntilIsInformationNamingTheEntry() {
        List<Finding> runtimePm = findings.stream().filter(f -> f.subject().contains("/power/runtime_")).toList();
        assertThat(runtimePm).isNotEmpty().allSatisfy(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.REMOVED);
            assertThat(finding.stability()).isEqualTo(Stability.TESTING);
            assertThat(finding.severity()).isEqualTo(Severity.INFO);
            assertThat(finding.waiver()).hasValueSatisfying(w -> assertThat(w).startsWith("removed as documented: spec/attributes.yaml ")
                    .contains(" until 6.16"));
        });
    }

    @Test
    void theSameRemovalWithoutKernelsToCompareFailsAsTestingAbiThatBroke() {
        Snapshot unknownKernel = new Snapshot(newest.schema(), new Snapshot.KernelInfo("unknown", "a bzImage"), newest.topology(),
                newest.sysfs(), newest.procfs(), newest.syscalls());
        List<Finding> undated = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(lts, unknownKernel).findings();
        assertThat(undated.stream().filter(f -> f.subject().contains("/power/runtime_")))
                .isNotEmpty().allSatisfy(finding -> assertThat(finding.severity()).isEqualTo(Severity.FAILURE));
    }

    @Test
    void stableVmstatRowsThatWentAwayFail() {
        assertThat(findings).filteredOn(f -> f.kind() == Kind.REMOVED && f.subject().startsWith("rows of /proc/vmstat"))
                .singleElement().satisfies(finding -> {
                    assertThat(finding.severity()).isEqualTo(Severity.FAILURE);
                    assertThat(finding.paths()).contains("/proc/vmstat#nr_bounce", "/proc/vmstat#nr_writeback_temp");
                });
    }

    @Test
    void theRepositorysWaiversAcceptEachVmstatRowByTheCommitThatRemovedIt() {
        Waivers waivers = Waivers.load(Path.of(System.getProperty("hmsabi.repo", "..")).resolve("fixtures/waivers.yaml"));
        List<Finding> waived = new SnapshotDiff(AbiSpec.bundled(), waivers, false).compare(lts, newest).findings();
        assertThat(waived).filteredOn(f -> f.kind() == Kind.REMOVED && f.subject().contains("vmstat"))
                .hasSize(2).allSatisfy(finding -> {
                    assertThat(finding.severity()).isEqualTo(Severity.INFO);
                    assertThat(finding.waiver()).hasValueSatisfying(w -> assertThat(w).contains("194df9f66db8")
                            .contains("NR_WRITEBACK_TEMP"));
                });
    }

    @Test
    void aRowRemovedBeforeTheReleaseItsWaiverNamesStillFails() {
        Waivers waivers = Waivers.load(Path.of(System.getProperty("hmsabi.repo", "..")).resolve("fixtures/waivers.yaml"));
        Snapshot claims616 = new Snapshot(newest.schema(), new Snapshot.KernelInfo("6.16.12+deb13-amd64", "debian:6.16.12+deb13"),
                newest.topology(), newest.sysfs(), newest.procfs(), newest.syscalls());
        List<Finding> waived = new SnapshotDiff(AbiSpec.bundled(), waivers, false).compare(lts, claims616).findings();
        // nr_writeback_temp left in 6.17: on a 6.16 kernel its absence is not what the waiver accepts.
        assertThat(waived).filteredOn(f -> f.kind() == Kind.REMOVED && f.subject().contains("vmstat"))
                .isNotEmpty().allSatisfy(finding -> assertThat(finding.severity()).isEqualTo(Severity.FAILURE));
    }
}
