package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.topology.HmatDataType;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.MemoryHierarchy;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;

/**
 * What a guest must show of a machine with generic initiators, derived from the fixture and from
 * what the kernel's source says it does with it (the reasoning is in {@link GenericInitiatorTest}):
 * {@code has_generic_initiator}, {@code has_cpu}, {@code has_memory}, no CPUs on an initiator's
 * node, and per memory node the initiators drivers/acpi/numa/hmat.c links under access0 (generic
 * initiators included) and access1 (CPU nodes only), with the best one's figures where the node
 * has no attached initiator. Shared by GenericInitiatorTest and the round-trip property.
 */
final class GenericInitiatorExpectations {
    private static final String NODE = "/sys/devices/system/node";
    /** hmat.c's enum locality_types: the order in which the best initiators are narrowed down. */
    private static final List<HmatDataType> NARROWING = List.of(HmatDataType.WRITE_LATENCY, HmatDataType.READ_LATENCY,
            HmatDataType.WRITE_BANDWIDTH, HmatDataType.READ_BANDWIDTH);

    private GenericInitiatorExpectations() {
    }

    /** Asserts all of it on {@code snapshot}; {@code context} goes into every message (e.g. the replay command). */
    static void check(Snapshot snapshot, Topology topology, String context) {
        SnapshotView view = new SnapshotView(snapshot);
        List<Integer> generic = topology.genericInitiators().stream().map(gi -> gi.node()).toList();
        assertThat(view.value(NODE + "/has_generic_initiator")).as("has_generic_initiator (%s)", context).hasValue(NodeLists.format(generic));
        assertThat(view.value(NODE + "/has_cpu")).as("has_cpu (%s)", context)
                .hasValue(NodeLists.format(topology.cpuNodes().stream().map(NumaNode::id).toList()));
        assertThat(view.value(NODE + "/has_memory")).as("has_memory (%s)", context)
                .hasValue(NodeLists.format(topology.nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList()));
        for (int node : generic) {
            assertThat(view.value(NODE + "/node" + node + "/cpulist")).as("cpulist of generic initiator node %d (%s)", node, context).hasValue("");
            assertThat(snapshot.sysfs().keySet()).as("cpu links of node %d (%s)", node, context)
                    .noneMatch(path -> path.matches(NODE + "/node" + node + "/cpu[0-9]+"));
        }
        for (NumaNode target : topology.nodes().stream().filter(NumaNode::hasMemory).toList()) {
            for (int access = 0; access <= 1; access++) {
                List<Integer> expected = bestInitiators(topology, target, access == 1);
                String dir = NODE + "/node" + target.id() + "/access" + access + "/initiators";
                List<Integer> linked = view.children(dir).stream().filter(name -> name.matches("node[0-9]+"))
                        .map(name -> Integer.parseInt(name.substring(4))).sorted().toList();
                assertThat(linked).as("%s (from the fixture's HMAT; %s)", dir, context).isEqualTo(expected);
                expected.forEach(initiator -> assertThat(snapshot.sysfs().get(dir + "/node" + initiator)).as("%s (%s)", dir, context)
                        .isEqualTo(new Entry.Link("../../../node" + initiator)));
                if (target.initiator().isEmpty() && !target.hasCpus()) {
                    int best = expected.get(0);
                    assertThat(view.value(dir + "/read_latency")).as("%s/read_latency (%s)", dir, context)
                            .hasValue(String.valueOf(figure(topology, best, target.id(), HmatDataType.READ_LATENCY)));
                    assertThat(view.value(dir + "/read_bandwidth")).as("%s/read_bandwidth (%s)", dir, context)
                            .hasValue(String.valueOf(figure(topology, best, target.id(), HmatDataType.READ_BANDWIDTH)));
                }
            }
        }
    }

    /**
     * The initiators hmat.c links under {@code target}'s access0 ({@code cpuOnly} false) or access1
     * ({@code cpuOnly} true): an attached initiator (a CPU node is its own) if there is one, else
     * the candidates narrowed by each value in turn.
     */
    static List<Integer> bestInitiators(Topology topology, NumaNode target, boolean cpuOnly) {
        Optional<Integer> attached = target.hasCpus() ? Optional.of(target.id()) : target.initiator().stream().boxed().findFirst();
        if (attached.isPresent()) { // an attached initiator is always a CPU node here (QEMU takes no other)
            return List.of(attached.get());
        }
        List<Integer> candidates = new ArrayList<>(topology.initiatorNodes().stream()
                .filter(node -> !cpuOnly || node.hasCpus()).map(NumaNode::id).toList());
        for (HmatDataType type : NARROWING) {
            Comparator<Integer> better = Comparator.comparingLong(initiator -> figure(topology, initiator, target.id(), type));
            if (!type.isLatency()) {
                better = better.reversed();
            }
            Integer best = candidates.stream().min(better).orElseThrow();
            long bestValue = figure(topology, best, target.id(), type);
            candidates.removeIf(initiator -> figure(topology, initiator, target.id(), type) != bestValue);
        }
        return candidates.stream().sorted().toList();
    }

    /** A read or write figure; an access figure (HMAT's "access" data types) stands for both, as in hmat_add_locality. */
    static long figure(Topology topology, int initiator, int target, HmatDataType type) {
        var values = entry(topology, initiator, target).performance().values();
        return values.getOrDefault(type, values.get(type.isLatency() ? HmatDataType.ACCESS_LATENCY : HmatDataType.ACCESS_BANDWIDTH));
    }

    private static HmatEntry entry(Topology topology, int initiator, int target) {
        return topology.hmat().stream().filter(entry -> entry.hierarchy() == MemoryHierarchy.MEMORY
                && entry.initiator() == initiator && entry.target() == target).findFirst().orElseThrow();
    }
}
