package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import java.nio.file.Path;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Boots the pinned default kernels on real QEMU and checks that the captured snapshot shows
 * what the fixture describes: expectations come from the fixture, never from a recorded run.
 */
@Tag("guest")
class SnapshotMatchesFixtureTest {

    static Stream<String> defaultKernels() {
        return TestGuests.defaultKernelReferences().stream();
    }

    @ParameterizedTest(name = "{0} on two-socket-hbm")
    @MethodSource("defaultKernels")
    void twoSocketHbmShowsTheFixture(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("two-socket-hbm");
        Snapshot snapshot = TestGuests.capture(kernel, topology);

        assertThat(snapshot.kernel().release()).isEqualTo(kernel.release());
        assertThat(snapshot.topology().hash()).isEqualTo(topology.contentHash());
        assertMatchesFixture(snapshot, topology);
        assertThat(SysfsExpectations.expectedAccessLinks(topology)).isNotEmpty()
                .allSatisfy((path, target) -> assertThat(snapshot.sysfs().get(path)).as(path).isEqualTo(new Entry.Link(target)));
        assertMemoryTiersPartitionTheMemoryNodes(snapshot, topology);
        assertWeightedInterleaveFollowsTheKernelVersion(snapshot, topology);
        // The CPU-less nodes really are CPU-less: no cpuN links below them.
        for (NumaNode node : topology.memoryOnlyNodes()) {
            assertThat(snapshot.sysfs().keySet()).as("cpu links of memory-only node %d", node.id())
                    .noneMatch(path -> path.matches(SysfsExpectations.NODE + "/node" + node.id() + "/cpu[0-9]+"));
        }
    }

    @Test
    void twoBootsOfTheSameKernelAndTopologyGiveByteIdenticalSnapshots() {
        Kernel kernel = TestGuests.kernel(TestGuests.defaultKernelReferences().get(1));
        Topology topology = TestGuests.topology("two-socket-hbm");
        GuestSpec fresh = GuestSpecs.of(kernel, topology, TestGuests.workspace().cacheRoot()).withSavedStates(false);
        String first;
        String second;
        try (Guest guest = Guest.boot(fresh)) {
            first = SnapshotFiles.toCanonicalJson(Snapshots.capture(guest, kernel, topology));
        }
        try (Guest guest = Guest.boot(fresh)) {
            second = SnapshotFiles.toCanonicalJson(Snapshots.capture(guest, kernel, topology));
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aGuestRestoredFromItsSavedStateShowsWhatTheBootedOneShowed(@TempDir Path cache) {
        Kernel kernel = TestGuests.kernel(TestGuests.defaultKernelReferences().get(0));
        Topology topology = TestGuests.topology("two-socket-hbm");
        GuestSpec spec = GuestSpecs.of(kernel, topology, cache); // an empty cache: nothing to restore yet
        List<String> snapshots = TestGuests.bootedThenRestored(spec, kernel, topology);
        assertThat(snapshots.get(1)).isEqualTo(snapshots.get(0));
    }

    @Test
    void hms4s32gBootsWith36NodesAndTheFixturesDistanceMatrix() {
        String reference = TestGuests.defaultKernelReferences().get(1);
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("hms-4s32g");
        assertThat(topology.nodes()).hasSize(36);
        Snapshot snapshot = TestGuests.capture(kernel, topology);
        assertThat(value(snapshot.sysfs(), SysfsExpectations.NODE + "/online")).isEqualTo("0-35");
        assertThat(snapshot.sysfs().keySet().stream()
                .filter(path -> path.matches(SysfsExpectations.NODE + "/node[0-9]+/distance"))).hasSize(36);
        assertMatchesFixture(snapshot, topology);
        assertMemoryTiersPartitionTheMemoryNodes(snapshot, topology);
    }

    /** Every node with memory is in exactly one memory tier (Documentation/ABI/testing/sysfs-kernel-mm-memory-tiers). */
    static void assertMemoryTiersPartitionTheMemoryNodes(Snapshot snapshot, Topology topology) {
        List<Integer> tiered = new ArrayList<>();
        snapshot.sysfs().keySet().stream()
                .filter(path -> path.matches("/sys/devices/virtual/memory_tiering/memory_tier[0-9]+/nodelist"))
                .forEach(path -> tiered.addAll(parseList(value(snapshot.sysfs(), path))));
        List<Integer> withMemory = topology.nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList();
        assertThat(tiered).as("nodes of all memory tiers on %s", snapshot.kernel().release())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(withMemory);
    }

    /** Weighted interleave came in Linux 6.9: one weight per node from then on, nothing before. */
    static void assertWeightedInterleaveFollowsTheKernelVersion(Snapshot snapshot, Topology topology) {
        String[] version = snapshot.kernel().release().split("[.-]");
        boolean since69 = Integer.parseInt(version[0]) > 6 || (Integer.parseInt(version[0]) == 6 && Integer.parseInt(version[1]) >= 9);
        List<String> weights = snapshot.sysfs().keySet().stream()
                .filter(path -> path.matches("/sys/kernel/mm/mempolicy/weighted_interleave/node[0-9]+")).toList();
        List<String> expected = since69
                ? topology.nodes().stream().map(node -> "/sys/kernel/mm/mempolicy/weighted_interleave/node" + node.id()).toList()
                : List.of();
        assertThat(weights).as("weighted_interleave weights on %s", snapshot.kernel().release())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** "0-2,5" → [0, 1, 2, 5]. */
    static List<Integer> parseList(String list) {
        return new ArrayList<>(NodeLists.parse(list));
    }

    static void assertMatchesFixture(Snapshot snapshot, Topology topology) {
        Map<String, String> expected = SysfsExpectations.expectedFiles(topology);
        assertThat(expected).isNotEmpty();
        expected.forEach((path, value) -> assertThat(value(snapshot.sysfs(), path)).as("%s on %s", path, snapshot.kernel().release())
                .isEqualTo(value));
    }

    /** A captured file's value without its trailing newline; fails naming the path if it is absent or not a plain file. */
    static String value(SortedMap<String, Entry> sysfs, String path) {
        Entry entry = sysfs.get(path);
        assertThat(entry).as("%s is in the snapshot", path).isInstanceOf(Entry.File.class);
        Cell content = ((Entry.File) entry).content();
        assertThat(content).as("%s is compared by value", path).isInstanceOf(Cell.Value.class);
        return ((Cell.Value) content).value().stripTrailing();
    }
}
