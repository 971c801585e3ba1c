package org.hmsabi.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/**
 * The golden files of cxl-far-memory (three nodes with memory) on 6.1 and 6.12: interleave starts
 * on another node (the contract's interleave-index-bits explains it), and any other placement
 * change is not a documented difference.
 */
class GateChecksTest {
    private static final Workspace WORKSPACE = Workspace.locate(Optional.empty());
    private static final String INTERLEAVE = "mbind/INTERLEAVE/all-memory-nodes";

    private final Topology topology = TopologyLoader.load("cxl-far-memory", WORKSPACE.topologiesDir());
    private final Snapshot on61 = org.hmsabi.model.ShippedGolden.read("cxl-far-memory", "6.1");
    private final Snapshot on612 = org.hmsabi.model.ShippedGolden.read("cxl-far-memory", "6.12");
    private final GateChecks checks = new GateChecks(AbiSpec.bundled(), SyscallContract.bundled());

    private List<Finding> syscallFindings(Snapshot candidate) {
        List<Finding> findings = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(on61, candidate).findings();
        return checks.acknowledgeContractDifferences(findings, on61, candidate, topology).stream()
                .filter(f -> f.kind() == Finding.Kind.RESULT_CHANGED || f.kind() == Finding.Kind.ERRNO_CHANGED).toList();
    }

    @Test
    void pagesPlacedAfterAnotherOutcomeFollowFromIt() {
        // EINVAL on 6.1 (touched under the default policy), accepted on 6.12 (interleaved).
        Finding weighted = syscallFindings(on612).stream()
                .filter(f -> f.paths().contains("mbind/WEIGHTED_INTERLEAVE/all-memory-nodes")).findFirst().orElseThrow();
        assertThat(weighted.kind()).isEqualTo(Finding.Kind.ERRNO_CHANGED);
        assertThat(weighted.severity()).isEqualTo(Finding.Severity.INFO);
    }

    @Test
    void aCaseTheGuestCouldNotRunIsSkippedWithTheReasonNotJudged() {
        SyscallRecord missing = new SyscallRecord("mbind/BIND/backing=hugetlb", "mbind", new TreeMap<>(), -1, SyscallRecord.NOT_AVAILABLE, List.of());
        assertThat(GateChecks.syscallMismatches(SyscallContract.bundled(), List.of(missing), topology, "6.12.118+deb12-amd64",
                "debian:6.12", "syscalls")).as("not judged against the contract").isEmpty();
        assertThat(GateChecks.notAvailable(List.of(missing), "debian:6.12", "syscalls")).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(org.hmsabi.check.CheckResult.Status.SKIPPED);
            assertThat(check.name()).isEqualTo("mbind/BIND/backing=hugetlb");
            assertThat(check.message()).hasValueSatisfying(m -> assertThat(m).startsWith("not available: 2 MiB huge pages"));
        });
    }

    @Test
    void interleaveStartingElsewhereIsDocumentedByTheIndexWidth() {
        Finding interleave = syscallFindings(on612).stream().filter(f -> f.paths().contains(INTERLEAVE)).findFirst().orElseThrow();
        assertThat(interleave.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(interleave.waiver()).hasValueSatisfying(w -> assertThat(w).contains("spec/syscalls.yaml"));
    }

    /**
     * 6.16 takes weighted-interleave weights from HMAT bandwidth (auto): on two-socket-hbm the HBM
     * nodes weigh 4, and pages land [3, 3, 3, 3, 0, 1, 2, 2] instead of round robin. The weights
     * each kernel shows predict both placements, so the change is documented, not a regression;
     * the same placement with weights that do not produce it is not.
     */
    @Test
    void weightedInterleaveFollowsTheWeightsEachKernelShows() {
        Topology hbm = TopologyLoader.load("two-socket-hbm", WORKSPACE.topologiesDir());
        Snapshot lts = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "6.12");
        Snapshot newest = SnapshotFiles.read(WORKSPACE.goldenDir().resolve("two-socket-hbm/7.3.4+deb13.json"));
        assertThat(org.hmsabi.diff.InterleaveWeights.of(newest)).containsEntry(2, 4).containsEntry(3, 4);
        String weighted = "mbind/WEIGHTED_INTERLEAVE/all-memory-nodes";

        Finding documented = weightedFinding(hbm, lts, newest, weighted);
        assertThat(documented.kind()).isEqualTo(Finding.Kind.RESULT_CHANGED);
        assertThat(documented.severity()).isEqualTo(Finding.Severity.INFO);

        Map<String, org.hmsabi.model.Entry> evenWeights = new TreeMap<>(newest.sysfs());
        evenWeights.replaceAll((path, entry) -> path.matches(".*/weighted_interleave/node[0-9]+")
                ? lts.sysfs().getOrDefault(path, entry) : entry);
        Snapshot lying = new Snapshot(newest.schema(), newest.kernel(), newest.topology(), new TreeMap<>(evenWeights), newest.procfs(),
                newest.syscalls());
        assertThat(weightedFinding(hbm, lts, lying, weighted).severity()).isEqualTo(Finding.Severity.FAILURE);
    }

    private Finding weightedFinding(Topology hbm, Snapshot before, Snapshot after, String id) {
        List<Finding> findings = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(before, after).findings();
        return checks.acknowledgeContractDifferences(findings, before, after, hbm).stream()
                .filter(f -> f.paths().contains(id)).findFirst().orElseThrow();
    }

    @Test
    void aBindPlacementChangeIsNotDocumented() {
        String bind = "mbind/BIND/cpu-node";
        List<SyscallRecord> moved = new ArrayList<>();
        for (SyscallRecord r : on612.syscalls()) {
            moved.add(r.id().equals(bind)
                    ? new SyscallRecord(r.id(), r.call(), r.args(), r.result(), r.errno(), r.placement().stream().map(n -> n + 1).toList())
                    : r);
        }
        Snapshot candidate = new Snapshot(on612.schema(), on612.kernel(), on612.topology(), on612.sysfs(), on612.procfs(), moved);
        Finding finding = syscallFindings(candidate).stream().filter(f -> f.paths().contains(bind)).findFirst().orElseThrow();
        assertThat(finding.waiver()).isEmpty();
        assertThat(finding.severity()).isNotEqualTo(Finding.Severity.INFO);
    }

    @Test
    void aWriteOutcomeEachKernelHasAsTheWriteSpecSaysIsDocumentedAndAnotherIsNot() {
        Topology hbm = TopologyLoader.load("two-socket-hbm", WORKSPACE.topologiesDir());
        Snapshot lts = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "6.12");
        Snapshot newest = SnapshotFiles.read(WORKSPACE.goldenDir().resolve("two-socket-hbm/7.3.4+deb13.json"));
        String zero = "write weighted_interleave/node/0"; // 6.12 accepts 0 (reads 1), 7.3 refuses it: both as specified
        assertThat(weightedFinding(hbm, lts, newest, zero).waiver()).hasValueSatisfying(w -> assertThat(w).contains("spec/writes.yaml"));

        // 7.3 accepting 0 as 6.12 did would be a difference the spec does not describe
        List<org.hmsabi.model.WriteRecord> accepting = newest.writes().stream().map(w -> w.id().equals("weighted_interleave/node/0")
                ? new org.hmsabi.model.WriteRecord(w.id(), w.path(), w.mode(), w.value(), "ok", w.before(), "1", w.restore()) : w).toList();
        Snapshot lenient = new Snapshot(newest.schema(), newest.kernel(), newest.topology(), newest.sysfs(), newest.procfs(),
                newest.syscalls(), accepting);
        Snapshot refusing = new Snapshot(lts.schema(), lts.kernel(), lts.topology(), lts.sysfs(), lts.procfs(), lts.syscalls(),
                lts.writes().stream().map(w -> w.id().equals("weighted_interleave/node/0")
                        ? new org.hmsabi.model.WriteRecord(w.id(), w.path(), w.mode(), w.value(), "EINVAL", w.before(), null, w.restore()) : w)
                        .toList());
        Finding undocumented = weightedFinding(hbm, refusing, lenient, zero);
        assertThat(undocumented.waiver()).isEmpty();
        assertThat(undocumented.severity()).isNotEqualTo(Finding.Severity.INFO);
    }

    @Test
    void aHugetlbPageMovedByItsSecondBasePageFromSixSevenOnIsDocumentedByTheBehaviour() {
        Topology hbm = TopologyLoader.load("two-socket-hbm", WORKSPACE.topologiesDir());
        Snapshot old = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "6.1");
        Snapshot lts = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "6.12");
        String tail = "move_pages/to=target/MF_MOVE/cut=first/backing=hugetlb";
        assertThat(weightedFinding(hbm, old, lts, tail).waiver()).hasValueSatisfying(w -> assertThat(w).contains("spec/syscalls.yaml"));

        // 6.12 leaving the page where it was, as 6.1 does, is not what its behaviour says
        SyscallRecord left = old.syscalls().stream().filter(r -> r.id().equals(tail)).findFirst().orElseThrow();
        List<SyscallRecord> stayed = lts.syscalls().stream().map(r -> r.id().equals(tail)
                ? new SyscallRecord(r.id(), r.call(), r.args(), r.result(), r.errno(), left.placement().stream().map(n -> n == 0 ? 1 : 0).toList())
                : r).toList();
        Snapshot wrong = new Snapshot(lts.schema(), lts.kernel(), lts.topology(), lts.sysfs(), lts.procfs(), stayed, lts.writes());
        Finding undocumented = weightedFinding(hbm, old, wrong, tail);
        assertThat(undocumented.waiver()).isEmpty();
    }

    @Test
    void weightsTheCandidatesAutoModeComputedAreDocumentedOnlyAgainstAKernelWithoutIt() {
        Topology hbm = TopologyLoader.load("two-socket-hbm", WORKSPACE.topologiesDir());
        Snapshot lts = org.hmsabi.model.ShippedGolden.read("two-socket-hbm", "6.12");
        Snapshot newest = SnapshotFiles.read(WORKSPACE.goldenDir().resolve("two-socket-hbm/7.3.4+deb13.json"));
        List<Finding> findings = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(lts, newest).findings();
        Finding weights = checks.acknowledgeContractDifferences(findings, lts, newest, hbm).stream()
                .filter(f -> f.kind() == Finding.Kind.VALUE_CHANGED && f.paths().stream().allMatch(p -> p.contains("weighted_interleave/node")))
                .findFirst().orElseThrow();
        assertThat(weights.waiver()).hasValueSatisfying(w -> assertThat(w).contains("auto mode"));

        // Both in auto mode: a weight that moved is the kernel's arithmetic changing, still a warning.
        SortedMap<String, Entry> moved = new TreeMap<>(newest.sysfs());
        moved.put("/sys/kernel/mm/mempolicy/weighted_interleave/node2", new Entry.File("0644",
                new org.hmsabi.model.Cell.Value(org.hmsabi.spec.ValueClass.DETERMINISTIC, "9\n")));
        Snapshot other = new Snapshot(newest.schema(), newest.kernel(), newest.topology(), moved, newest.procfs(), newest.syscalls(),
                newest.writes());
        List<Finding> autoToAuto = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(newest, other).findings();
        assertThat(checks.acknowledgeContractDifferences(autoToAuto, newest, other, hbm))
                .filteredOn(f -> f.paths().contains("/sys/kernel/mm/mempolicy/weighted_interleave/node2"))
                .isNotEmpty().allSatisfy(f -> assertThat(f.waiver()).isEmpty());
    }
}
