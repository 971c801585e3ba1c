package org.hmsabi.hotplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hmsabi.diff.Finding;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.ValueClass;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Test;

class EventDiffTest {
    private static final String NODE = "/sys/devices/system/node";
    private final Topology topology = ShippedFixtures.load("cxl-far-memory");

    private static Snapshot snapshot(SortedMap<String, Entry> sysfs) {
        return new Snapshot(Snapshot.SCHEMA, new Snapshot.KernelInfo("6.12.117+deb12-amd64", "debian:6.12.117+deb12"),
                new Snapshot.TopologyInfo("cxl-far-memory", "hash"), sysfs, new TreeMap<>(), List.of());
    }

    private static Entry file(String value) {
        return new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, value + "\n"));
    }

    private static SortedMap<String, Entry> beforeTree() {
        SortedMap<String, Entry> tree = new TreeMap<>();
        tree.put(NODE + "/online", file("0-2"));
        tree.put(NODE + "/has_memory", file("0-2"));
        tree.put(NODE + "/node0/distance", file("10 21 31"));
        tree.put(NODE + "/node1/cpulist", file("1"));
        return tree;
    }

    @Test
    void aNewNodesEntriesAndTheNecessaryChangesAreExpected() {
        SortedMap<String, Entry> after = beforeTree();
        after.put(NODE + "/online", file("0-3"));
        after.put(NODE + "/has_memory", file("0-3"));
        after.put(NODE + "/node0/distance", file("10 21 31 31")); // the fixture's distance 0 -> 3
        after.put(NODE + "/node3", new Entry.Directory("0755"));
        after.put(NODE + "/node3/distance", file("31 41 51 10"));
        after.put(NODE + "/node0/access0/targets/node3", new Entry.Link("../../../node3"));

        EventDiff.Judged judged = new EventDiff().acrossAdd(snapshot(beforeTree()), snapshot(after), 3, topology);

        assertThat(judged.unexpected()).isEmpty();
        assertThat(judged.expected()).isNotEmpty().allSatisfy(finding -> assertThat(finding.waiver()).isPresent());
    }

    @Test
    void anythingElseIsUnexpected() {
        SortedMap<String, Entry> after = beforeTree();
        after.put(NODE + "/online", file("0-3"));
        after.put(NODE + "/node1/cpulist", file("0-1"));               // not the new node's business
        after.put(NODE + "/node0/distance", file("10 21 31 99"));      // a column, but not the fixture's distance
        after.put(NODE + "/node2/access0/targets/node3", new Entry.Link("../../../node3")); // node 2 is not node 3's initiator

        EventDiff.Judged judged = new EventDiff().acrossAdd(snapshot(beforeTree()), snapshot(after), 3, topology);

        assertThat(judged.unexpected()).flatExtracting(Finding::paths).containsExactlyInAnyOrder(
                NODE + "/node1/cpulist", NODE + "/node0/distance", NODE + "/node2/access0/targets/node3");
    }

    @Test
    void afterRemovalEveryDifferenceIsUnexpected() {
        SortedMap<String, Entry> back = beforeTree();
        back.put(NODE + "/node0/access0/targets/node3", new Entry.Link("../../../node3"));

        EventDiff.Judged judged = new EventDiff().backToBefore(snapshot(beforeTree()), snapshot(back));

        assertThat(judged.unexpected()).singleElement().satisfies(finding ->
                assertThat(finding.kind()).isEqualTo(Finding.Kind.ADDED));
        assertThat(new EventDiff().backToBefore(snapshot(beforeTree()), snapshot(beforeTree())).findings()).isEmpty();
    }

    // Weighted interleave in auto mode, on the golden file of Debian 7.3.4 on cxl-far-memory: node 3's
    // memory arriving brings its HMAT bandwidth, the kernel recalculates every weight (14,14,3 -> 13,13,3,
    // node3 2, as 7.3.4 did), and the all-memory-nodes case's 8 pages move from node 0 to node 1.
    private static final java.nio.file.Path GOLDEN = java.nio.file.Path.of(System.getProperty("hmsabi.repo", ".."))
            .resolve("fixtures/golden/cxl-far-memory/7.3.4+deb13.json");
    private static final String WEIGHTS = "/sys/kernel/mm/mempolicy/weighted_interleave";

    private static Snapshot golden() {
        return org.hmsabi.model.SnapshotFiles.read(GOLDEN);
    }

    private static Snapshot withWeights(Snapshot base, String auto, java.util.Map<Integer, Integer> weights, List<Integer> placement) {
        SortedMap<String, Entry> sysfs = new TreeMap<>(base.sysfs());
        sysfs.put(WEIGHTS + "/auto", file(auto));
        weights.forEach((node, weight) -> sysfs.put(WEIGHTS + "/node" + node, file(String.valueOf(weight))));
        List<org.hmsabi.model.SyscallRecord> syscalls = base.syscalls().stream().map(r -> r.id().endsWith("WEIGHTED_INTERLEAVE/all-memory-nodes")
                ? new org.hmsabi.model.SyscallRecord(r.id(), r.call(), r.args(), r.result(), r.errno(), placement) : r).toList();
        return new Snapshot(base.schema(), base.kernel(), base.topology(), sysfs, base.procfs(), syscalls);
    }

    @Test
    void inAutoModeEveryWeightAndThePagesThatFollowThemMayChangeWhenBandwidthArrives() {
        Snapshot before = withWeights(golden(), "true", java.util.Map.of(0, 14, 1, 14, 2, 3), List.of(0, 0, 0, 0, 0, 0, 0, 0));
        Snapshot after = withWeights(golden(), "true", java.util.Map.of(0, 13, 1, 13, 2, 3, 3, 2), List.of(1, 1, 1, 1, 1, 1, 1, 1));

        EventDiff.Judged judged = new EventDiff().acrossAdd(before, after, 3, topology);

        assertThat(judged.unexpected()).isEmpty();
        assertThat(judged.expected()).flatExtracting(Finding::paths).contains(WEIGHTS + "/node0",
                "mbind/WEIGHTED_INTERLEAVE/all-memory-nodes", "set_mempolicy/WEIGHTED_INTERLEAVE/all-memory-nodes");
        // Removal brings no bandwidth data: the weights the add left stay, and so do the pages.
        assertThat(new EventDiff().backToBefore(before, after, topology).unexpected()).extracting(Finding::subject)
                .noneMatch(subject -> subject.contains("weighted_interleave") || subject.contains("WEIGHTED_INTERLEAVE"));
    }

    @Test
    void pagesTheWeightsDoNotPutThereAndWeightsChangedInManualModeAreUnexpected() {
        Snapshot before = withWeights(golden(), "true", java.util.Map.of(0, 14, 1, 14, 2, 3), List.of(0, 0, 0, 0, 0, 0, 0, 0));
        Snapshot wrongPages = withWeights(golden(), "true", java.util.Map.of(0, 13, 1, 13, 2, 3, 3, 2), List.of(2, 2, 2, 2, 2, 2, 2, 2));
        assertThat(new EventDiff().acrossAdd(before, wrongPages, 3, topology).unexpected()).flatExtracting(Finding::paths)
                .containsExactlyInAnyOrder("mbind/WEIGHTED_INTERLEAVE/all-memory-nodes", "set_mempolicy/WEIGHTED_INTERLEAVE/all-memory-nodes");

        Snapshot manualBefore = withWeights(golden(), "false", java.util.Map.of(0, 14, 1, 14, 2, 3), List.of(0, 0, 0, 0, 0, 0, 0, 0));
        Snapshot manualAfter = withWeights(golden(), "false", java.util.Map.of(0, 13, 1, 13, 2, 3, 3, 2), List.of(1, 1, 1, 1, 1, 1, 1, 1));
        assertThat(new EventDiff().acrossAdd(manualBefore, manualAfter, 3, topology).unexpected()).flatExtracting(Finding::paths)
                .contains(WEIGHTS + "/node0", WEIGHTS + "/node1").doesNotContain(WEIGHTS + "/node3");
    }

    private static Snapshot withResult(Snapshot base, String id, long result, java.util.function.UnaryOperator<List<Integer>> placement) {
        List<org.hmsabi.model.SyscallRecord> syscalls = base.syscalls().stream().map(r -> r.id().equals(id)
                ? new org.hmsabi.model.SyscallRecord(r.id(), r.call(), r.args(), result, r.errno(), placement.apply(r.placement())) : r).toList();
        return new Snapshot(base.schema(), base.kernel(), base.topology(), base.sysfs(), base.procfs(), syscalls);
    }

    // 7.3.4 once counted a page of the child process it could not move (validate-driver, 2026-12-03)
    // while moving every page of the case: a count the contract leaves open, not a change of the ABI.
    @Test
    void aCountTheContractLeavesOpenMayDifferWhileThePagesStayWhereTheyAre() {
        String id = "migrate_pages/pid=child";
        Snapshot before = withResult(golden(), id, 0, pages -> pages);
        Snapshot counted = withResult(golden(), id, 1, pages -> pages);
        assertThat(new EventDiff().backToBefore(before, counted, topology).unexpected()).isEmpty();
        assertThat(new EventDiff().acrossAdd(before, counted, 3, topology).unexpected()).isEmpty();

        Snapshot moved = withResult(golden(), id, 1, pages -> pages.stream().map(node -> node == 0 ? 1 : 0).toList());
        assertThat(new EventDiff().backToBefore(before, moved, topology).unexpected()).flatExtracting(Finding::paths).contains(id);
        Snapshot failed = withResult(golden(), id, -1, pages -> pages);
        assertThat(new EventDiff().backToBefore(before, failed, topology).unexpected()).flatExtracting(Finding::paths).contains(id);
    }
}
