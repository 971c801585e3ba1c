package org.hmsabi.suites;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hmsabi.topology.HmatDataType;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.MemoryHierarchy;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;

/**
 * What the guest's /sys/devices/system/node must show for a topology, derived from the fixture
 * alone (never from a recorded run): masks, CPU lists, distances, HMAT access values, caches.
 */
final class SysfsExpectations {
    static final String NODE = "/sys/devices/system/node";

    private SysfsExpectations() {
    }

    /** A sorted list of ids in the kernel's list format ("0-3,8,10-11"). */
    static String nodeList(List<Integer> ids) {
        return NodeLists.format(ids);
    }

    /** Path (under the node directory) → expected value without the trailing newline. */
    static Map<String, String> expectedFiles(Topology topology) {
        Map<String, String> expected = new TreeMap<>();
        // A node whose memory only comes by hot-plug is possible (QEMU's SRAT hot-plug range) but
        // offline, without a nodeN directory, until memory arrives. A generic initiator's node has
        // neither CPUs nor memory and is online (arch/x86/mm/numa.c init_gi_nodes).
        java.util.Set<Integer> initiators = new java.util.TreeSet<>(topology.genericInitiators().stream()
                .map(org.hmsabi.topology.GenericInitiator::node).toList());
        List<Integer> all = topology.nodes().stream().filter(node -> node.hasCpus() || node.hasMemory() || initiators.contains(node.id()))
                .map(NumaNode::id).toList();
        expected.put(NODE + "/online", nodeList(all));
        expected.put(NODE + "/possible", nodeList(topology.nodes().stream().map(NumaNode::id).toList()));
        expected.put(NODE + "/has_cpu", nodeList(topology.cpuNodes().stream().map(NumaNode::id).toList()));
        expected.put(NODE + "/has_memory",
                nodeList(topology.nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList()));
        for (NumaNode node : topology.nodes()) {
            if (!all.contains(node.id())) {
                continue;
            }
            String dir = NODE + "/node" + node.id();
            expected.put(dir + "/cpulist", nodeList(topology.cpuIds(node.id())));
            expected.put(dir + "/distance", all.stream().map(to -> String.valueOf(topology.distance(node.id(), to)))
                    .collect(Collectors.joining(" ")));
        }
        expected.putAll(expectedAccessClasses(topology));
        topology.caches().forEach(cache -> {
            String dir = NODE + "/node" + cache.node() + "/memory_side_cache/index" + cache.level();
            expected.put(dir + "/size", String.valueOf(cache.sizeBytes()));
            expected.put(dir + "/line_size", String.valueOf(cache.lineBytes()));
            expected.put(dir + "/indexing", String.valueOf(cache.associativity().sysfsIndexing()));
            expected.put(dir + "/write_policy", String.valueOf(cache.policy().sysfsWritePolicy()));
        });
        return expected;
    }

    /**
     * A memory node with an attached initiator (QEMU's initiator=, a CPU node's own id) is
     * reported in access0 and access1 with that initiator's HMAT figures (drivers/acpi/numa/hmat.c).
     */
    private static Map<String, String> expectedAccessClasses(Topology topology) {
        Map<String, String> expected = new TreeMap<>();
        for (NumaNode target : topology.nodes()) {
            if (!target.hasMemory()) {
                continue;
            }
            int initiator = target.initiator().orElse(target.id());
            for (HmatEntry entry : topology.hmat()) {
                if (entry.hierarchy() != MemoryHierarchy.MEMORY || entry.initiator() != initiator || entry.target() != target.id()) {
                    continue;
                }
                for (String access : List.of("access0", "access1")) {
                    String dir = NODE + "/node" + target.id() + "/" + access + "/initiators";
                    entry.performance().values().forEach((type, value) -> {
                        for (String attribute : type.sysfsAttributes()) {
                            expected.put(dir + "/" + attribute, String.valueOf(value));
                        }
                    });
                }
            }
        }
        return expected;
    }


    /** Link path → expected target: each memory node lists its initiator, each initiator its targets. */
    static Map<String, String> expectedAccessLinks(Topology topology) {
        Map<String, String> expected = new TreeMap<>();
        if (topology.hmat().isEmpty()) {
            return expected;
        }
        for (NumaNode target : topology.nodes()) {
            if (!target.hasMemory()) {
                continue;
            }
            int initiator = target.initiator().orElse(target.id());
            for (String access : List.of("access0", "access1")) {
                expected.put(NODE + "/node" + target.id() + "/" + access + "/initiators/node" + initiator, "../../../node" + initiator);
                expected.put(NODE + "/node" + initiator + "/" + access + "/targets/node" + target.id(), "../../../node" + target.id());
            }
        }
        return expected;
    }
}
