package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.WriteRecord;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.Stability;
import org.junit.jupiter.api.Test;

/** The writes section in the diff: a changed errno on a write is a finding, judged by the attribute's stability. */
class WriteComparisonTest {
    private static final AbiSpec SPEC = AbiSpec.bundled();
    private static final String WEIGHT = "/sys/kernel/mm/mempolicy/weighted_interleave/node0";
    private static final String BALANCING = "/proc/sys/kernel/numa_balancing";

    private final Snapshot baseline = SnapshotBuilder.fourNodes().kernel("6.12.117+deb12-amd64", "debian:6.12.117+deb12").build()
            .withWrites(List.of(
                    record("weighted_interleave/node/0", WEIGHT, "0644", "ok", "1"),
                    record("weighted_interleave/node/3", WEIGHT, "0644", "ok", "3"),
                    record("kernel/numa_balancing/5", BALANCING, "0644", "EINVAL", "1")));

    private List<Finding> findings(List<WriteRecord> candidateWrites) {
        Snapshot candidate = SnapshotBuilder.fourNodes().kernel("7.3.4+deb13-amd64", "debian:7.3.4+deb13").build().withWrites(candidateWrites);
        return new SnapshotDiff(SPEC, Waivers.none(), false).compare(baseline, candidate).findings();
    }

    @Test
    void theSameOutcomesAreNoFinding() {
        assertThat(findings(baseline.writes())).isEmpty();
    }

    @Test
    void aChangedErrnoOnAWriteIsAFinding() {
        List<Finding> findings = findings(List.of(
                record("weighted_interleave/node/0", WEIGHT, "0644", "EINVAL", "1"),
                record("weighted_interleave/node/3", WEIGHT, "0644", "ok", "3"),
                record("kernel/numa_balancing/5", BALANCING, "0644", "ERANGE", "1")));
        assertThat(findings).hasSize(2).allMatch(f -> f.kind() == Finding.Kind.ERRNO_CHANGED);
        Finding weight = findings.stream().filter(f -> f.subject().contains("weighted_interleave")).findFirst().orElseThrow();
        assertThat(weight.baseline()).contains("ok, reads '1'");
        assertThat(weight.candidate()).contains("EINVAL");
        assertThat(weight.stability()).isEqualTo(Stability.TESTING);
        assertThat(weight.severity()).isEqualTo(Finding.Severity.WARNING);
        // numa_balancing is stable ABI (Documentation/admin-guide/sysctl/kernel.rst): another errno fails.
        Finding balancing = findings.stream().filter(f -> f.subject().contains("numa_balancing")).findFirst().orElseThrow();
        assertThat(balancing.severity()).isEqualTo(Finding.Severity.FAILURE);
    }

    @Test
    void modeReadBackAndPresenceChangesAreFindingsToo() {
        List<Finding> findings = findings(List.of(
                record("weighted_interleave/node/0", WEIGHT, "0600", "ok", "1"),
                record("weighted_interleave/node/3", WEIGHT, "0644", "ok", "4"),
                record("numa/demotion_enabled/yes", "/sys/kernel/mm/numa/demotion_enabled", "0644", "ok", "true")));
        assertThat(findings).extracting(Finding::kind).containsExactlyInAnyOrder(Finding.Kind.FORMAT_CHANGED,
                Finding.Kind.VALUE_CHANGED, Finding.Kind.REMOVED, Finding.Kind.ADDED);
    }

    @Test
    void anotherDefaultIsNoWriteDifference() {
        // auto_online_blocks reads offline on 6.1 and online on 6.12 (the kernel's configuration): a refused write
        // leaves either as it was, and the sysfs section already shows the default.
        WriteRecord refused = new WriteRecord("kernel/numa_balancing/5", BALANCING, "0644", "5", "EINVAL", "0", "0", null);
        WriteRecord unchanged612 = new WriteRecord("weighted_interleave/node/0", WEIGHT, "0644", "0", "ok", "1", "1", null);
        List<Finding> findings = findings(List.of(unchanged612, record("weighted_interleave/node/3", WEIGHT, "0644", "ok", "3"), refused));
        assertThat(findings).isEmpty();
    }

    @Test
    void aSnapshotWithoutWritesIsComparedWithNothing() {
        assertThat(findings(List.of())).isEmpty();
    }

    private static WriteRecord record(String id, String path, String mode, String outcome, String readBack) {
        return new WriteRecord(id, path, mode, id.substring(id.lastIndexOf('/') + 1), outcome, "1", readBack, null);
    }
}
