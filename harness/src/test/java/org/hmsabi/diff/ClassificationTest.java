package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hmsabi.diff.SnapshotBuilder.NODE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hmsabi.BadInputException;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.model.ThpPlacement;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.Stability;
import org.hmsabi.spec.ValueClass;
import org.junit.jupiter.api.Test;

/** Every classification of docs/gate.md ("Diff classification") on one changed path at a time. */
class ClassificationTest {
    private static final AbiSpec SPEC = AbiSpec.bundled();
    private final Snapshot baseline = SnapshotBuilder.fourNodes().build();

    private List<Finding> diff(SnapshotBuilder candidate) {
        return new SnapshotDiff(SPEC, Waivers.none(), false).compare(baseline, candidate.build()).findings();
    }

    private Finding only(SnapshotBuilder candidate) {
        List<Finding> findings = diff(candidate);
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void theSameMachineOnAnotherKernelReleaseHasNoFindings() {
        DiffResult result = new SnapshotDiff(SPEC, Waivers.none(), true)
                .compare(baseline, SnapshotBuilder.candidateOf(baseline).build());
        assertThat(result.findings()).isEmpty();
        assertThat(result.passes()).isTrue();
    }

    @Test
    void snapshotsOfDifferentTopologiesCannotBeCompared() {
        Snapshot other = SnapshotBuilder.from(baseline).topologyHash("another-hash").build();
        assertThatThrownBy(() -> new SnapshotDiff(SPEC, Waivers.none(), false).compare(baseline, other))
                .isInstanceOf(BadInputException.class).hasMessageContaining("different topologies");
    }

    @Test
    void aPathOnlyInTheCandidateIsAddedInformation() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).file("/sys/kernel/mm/numa/new_knob", "1\n"));
        assertThat(finding.kind()).isEqualTo(Kind.ADDED);
        assertThat(finding.severity()).isEqualTo(Severity.INFO);
        assertThat(finding.candidate()).contains("1\n");
    }

    @Test
    void aStablePathOnlyInTheBaselineIsARemovalThatFails() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).without(NODE + "online"));
        assertThat(finding.kind()).isEqualTo(Kind.REMOVED);
        assertThat(finding.stability()).isEqualTo(Stability.STABLE);
        assertThat(finding.severity()).isEqualTo(Severity.FAILURE);
        assertThat(finding.paths()).containsExactly(NODE + "online");
    }

    @Test
    void aDifferentEntryTypeIsAFormatChange() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).entry(NODE + "online", new Entry.Unreadable("0444", "EIO")));
        assertThat(finding.kind()).isEqualTo(Kind.FORMAT_CHANGED);
        assertThat(finding.baseline()).contains("0-3\n");
        assertThat(finding.candidate()).contains("unreadable (EIO)");
    }

    @Test
    void aDeterministicValueThatDiffersIsAValueChange() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).file(NODE + "online", "0-4\n"));
        assertThat(finding.kind()).isEqualTo(Kind.VALUE_CHANGED);
        assertThat(finding.baseline()).contains("0-3\n");
        assertThat(finding.candidate()).contains("0-4\n");
    }

    @Test
    void volatileValuesCompareByFormatOnly() {
        Snapshot before = SnapshotBuilder.from(baseline).volatileFile("/sys/x/power/runtime_active_time", "17").build();
        Snapshot sameFormat = SnapshotBuilder.candidateOf(before).volatileFile("/sys/x/power/runtime_active_time", "123456").build();
        Snapshot otherFormat = SnapshotBuilder.candidateOf(before).volatileFile("/sys/x/power/runtime_active_time", "17 ms").build();
        SnapshotDiff diff = new SnapshotDiff(SPEC, Waivers.none(), false);
        assertThat(diff.compare(before, sameFormat).findings()).isEmpty();
        assertThat(diff.compare(before, otherFormat).findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.FORMAT_CHANGED);
            assertThat(finding.baseline()).contains("<int>");
            assertThat(finding.candidate()).contains("<int> ms");
        });
    }

    @Test
    void aValueTheSpecCallsVolatileComparesByFormatEvenIfCapturedAsAValue() {
        // numastat is volatile in the spec; a snapshot taken before it was would hold values
        String numastat = NODE + "node0/numastat";
        Snapshot before = SnapshotBuilder.from(baseline).table(numastat,
                Map.of("numa_hit", new Cell.Value(ValueClass.DETERMINISTIC, "100"))).build();
        Snapshot after = SnapshotBuilder.candidateOf(before).table(numastat,
                Map.of("numa_hit", new Cell.Value(ValueClass.DETERMINISTIC, "200"))).build();
        assertThat(new SnapshotDiff(SPEC, Waivers.none(), false).compare(before, after).findings()).isEmpty();
    }

    @Test
    void aRowThatDisappearsIsTheRemovalOfPathHashRow() {
        Snapshot before = SnapshotBuilder.from(baseline).table(NODE + "node0/meminfo", Map.of(
                "MemTotal", new Cell.Value(ValueClass.DETERMINISTIC, "524288 kB"), "MemFree", Cell.volatileOf("1000 kB"))).build();
        Snapshot after = SnapshotBuilder.candidateOf(before).table(NODE + "node0/meminfo", Map.of(
                "MemTotal", new Cell.Value(ValueClass.DETERMINISTIC, "524288 kB"))).build();
        List<Finding> findings = new SnapshotDiff(SPEC, Waivers.none(), false).compare(before, after).findings();
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.REMOVED);
            assertThat(finding.paths()).containsExactly(NODE + "node0/meminfo#MemFree");
            assertThat(finding.severity()).isEqualTo(Severity.FAILURE);
        });
    }

    @Test
    void aRowThatAppearsIsAnAddition() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).procfs("/proc/vmstat", SnapshotBuilder.table(Map.of(
                "nr_free_pages", Cell.volatileOf("1"), "pgdemote_direct", Cell.volatileOf("0")))));
        assertThat(finding.kind()).isEqualTo(Kind.ADDED);
        assertThat(finding.paths()).containsExactly("/proc/vmstat#pgdemote_direct");
    }

    @Test
    void aPermissionChangeIsAFindingAboutTheMode() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).entry(NODE + "online",
                new Entry.File("0400", new Cell.Value(ValueClass.DETERMINISTIC, "0-3\n"))));
        assertThat(finding.kind()).isEqualTo(Kind.VALUE_CHANGED);
        assertThat(finding.subject()).isEqualTo("mode of " + NODE + "online");
        assertThat(finding.baseline()).contains("0444");
        assertThat(finding.candidate()).contains("0400");
    }

    @Test
    void aDifferentErrnoWhenReadingIsAnErrnoChange() {
        Snapshot before = SnapshotBuilder.from(baseline).entry("/sys/x/autosuspend_delay_ms", new Entry.Unreadable("0644", "EIO")).build();
        Snapshot after = SnapshotBuilder.candidateOf(before).entry("/sys/x/autosuspend_delay_ms", new Entry.Unreadable("0644", "EINVAL")).build();
        assertThat(new SnapshotDiff(SPEC, Waivers.none(), false).compare(before, after).findings()).singleElement()
                .satisfies(finding -> assertThat(finding.kind()).isEqualTo(Kind.ERRNO_CHANGED));
    }

    @Test
    void aDifferentLinkTargetIsAValueChange() {
        Snapshot before = SnapshotBuilder.from(baseline).entry("/sys/x/subsystem", new Entry.Link("../bus/a")).build();
        Snapshot after = SnapshotBuilder.candidateOf(before).entry("/sys/x/subsystem", new Entry.Link("../bus/b")).build();
        assertThat(new SnapshotDiff(SPEC, Waivers.none(), false).compare(before, after).findings()).singleElement()
                .satisfies(finding -> assertThat(finding.kind()).isEqualTo(Kind.VALUE_CHANGED));
    }

    private static SyscallRecord mbind(long result, String errno, List<Integer> placement) {
        return new SyscallRecord("mbind/BIND/memory-only-node", "mbind", new TreeMap<>(Map.of("mode", "MPOL_BIND")),
                result, errno, placement);
    }

    @Test
    void aSyscallThatFailsDifferentlyIsAnErrnoChangeOfStableAbi() {
        Finding finding = only(SnapshotBuilder.candidateOf(baseline).syscall(mbind(-1, "EINVAL", List.of())));
        assertThat(finding.kind()).isEqualTo(Kind.ERRNO_CHANGED);
        assertThat(finding.stability()).isEqualTo(Stability.STABLE);
        assertThat(finding.severity()).isEqualTo(Severity.FAILURE);
        assertThat(finding.baseline()).contains("0 placement [2, 2]");
        assertThat(finding.candidate()).contains("-1 EINVAL");
    }

    @Test
    void aSyscallWhosePagesLandElsewhereIsAResultChange() {
        assertThat(only(SnapshotBuilder.candidateOf(baseline).syscall(mbind(0, null, List.of(2, 0)))).kind())
                .isEqualTo(Kind.RESULT_CHANGED);
        assertThat(only(SnapshotBuilder.candidateOf(baseline).syscall(mbind(1, null, List.of(2, 2)))).kind())
                .isEqualTo(Kind.RESULT_CHANGED);
    }

    private static SyscallRecord thp(List<Integer> basePages, List<Integer> thpKb) {
        return new SyscallRecord("mbind/BIND/backing=thp", "mbind", new TreeMap<>(Map.of("backing", "thp", "mode", "BIND")),
                0, null, List.of(), ThpPlacement.of(basePages, thpKb));
    }

    private static List<Integer> onNodes(int first, int rest) {
        List<Integer> pages = new java.util.ArrayList<>(java.util.Collections.nCopies(ThpPlacement.BASE_PAGES, rest));
        pages.set(0, first);
        return pages;
    }

    @Test
    void aThpThatANewKernelSplitsIsAResultChangeThatSaysSo() {
        Snapshot thpBaseline = SnapshotBuilder.from(baseline).syscall(thp(onNodes(2, 2), List.of(0, 2048))).build();
        Snapshot split = SnapshotBuilder.candidateOf(thpBaseline).syscall(thp(onNodes(2, 2), List.of(0, 0))).build();
        List<Finding> findings = new SnapshotDiff(SPEC, Waivers.none(), false).compare(thpBaseline, split).findings();
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.RESULT_CHANGED);
            assertThat(finding.subject()).isEqualTo("mbind/BIND/backing=thp");
            assertThat(finding.baseline()).contains("0 THP faulted 0->2048 kB; 512 on node 2");
            assertThat(finding.candidate()).contains("0 no THP 0->0 kB; 512 on node 2");
        });
    }

    @Test
    void thpBasePagesOnAnotherNodeAreAResultChangeNamingTheRuns() {
        Snapshot thpBaseline = SnapshotBuilder.from(baseline).syscall(thp(onNodes(2, 2), List.of(2048, 2048))).build();
        Snapshot moved = SnapshotBuilder.candidateOf(thpBaseline).syscall(thp(onNodes(0, 2), List.of(2048, 0))).build();
        Finding finding = new SnapshotDiff(SPEC, Waivers.none(), false).compare(thpBaseline, moved).findings().get(0);
        assertThat(finding.kind()).isEqualTo(Kind.RESULT_CHANGED);
        assertThat(finding.candidate()).contains("0 THP split 2048->0 kB; 1 on node 0, 511 on node 2");
    }

    @Test
    void aSnapshotTakenBeforeThpPlacementWasRecordedIsNotADifference() {
        SyscallRecord recorded = thp(onNodes(2, 2), List.of(0, 2048));
        SyscallRecord before = new SyscallRecord(recorded.id(), recorded.call(), recorded.args(), 0, null, List.of());
        Snapshot old = SnapshotBuilder.from(baseline).syscall(before).build();
        assertThat(new SnapshotDiff(SPEC, Waivers.none(), false).compare(old,
                SnapshotBuilder.candidateOf(old).syscall(recorded).build()).findings()).isEmpty();
        SyscallRecord unread = new SyscallRecord(recorded.id(), recorded.call(), recorded.args(), 0, null, List.of(),
                ThpPlacement.of(onNodes(2, 2), List.of()));
        assertThat(new SnapshotDiff(SPEC, Waivers.none(), false).compare(SnapshotBuilder.from(baseline).syscall(recorded).build(),
                SnapshotBuilder.candidateOf(old).syscall(unread).build()).findings()).singleElement()
                .satisfies(f -> assertThat(f.candidate()).contains("0 AnonHugePages unreadable; 512 on node 2"));
    }

    @Test
    void syscallCasesPairByIdAndMissingOrNewOnesAreRemovalsOrAdditions() {
        SnapshotBuilder candidate = SnapshotBuilder.candidateOf(baseline).withoutSyscall("mbind/BIND/memory-only-node")
                .syscall(new SyscallRecord("get_mempolicy/default", "get_mempolicy", new TreeMap<>(), 0, null, List.of()));
        assertThat(diff(candidate)).extracting(Finding::kind, Finding::subject, Finding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, "mbind/BIND/memory-only-node", Severity.FAILURE),
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "get_mempolicy/default", Severity.INFO));
    }

    @Test
    void noFindingCarriesAWaiverUnlessOneApplied() {
        assertThat(diff(SnapshotBuilder.candidateOf(baseline).without(NODE + "online"))).allMatch(f -> f.waiver().equals(Optional.empty()));
    }
}
