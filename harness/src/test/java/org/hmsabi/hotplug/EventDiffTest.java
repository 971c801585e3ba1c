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
}
