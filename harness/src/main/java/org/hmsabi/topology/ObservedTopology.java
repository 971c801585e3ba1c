package org.hmsabi.topology;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;

/**
 * The heterogeneous topology a captured tree shows (as opposed to the {@link Topology} a
 * fixture asks for): what {@code hmsabi topology --root} prints. Values the tree lacks are empty.
 *
 * @param nodes the nodes by id; ids may have gaps
 */
public record ObservedTopology(List<Node> nodes) {

    public ObservedTopology {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param distances node id → distance, for every node the distance row covers
     * @param access    access class name (access0, access1) → what that class says for this node
     * @param tier      the memory tier the node is in, where memory tiers exist
     * @param cpusFrom  which file the CPUs were read from ({@code cpulist}, else {@code cpumap})
     */
    public record Node(int id, List<Integer> cpus, CpuSource cpusFrom, OptionalLong memTotalKiB, SortedMap<Integer, Integer> distances,
                       SortedMap<String, AccessClass> access, List<Cache> caches, OptionalInt tier) {
        public Node {
            cpus = List.copyOf(cpus);
            java.util.Objects.requireNonNull(cpusFrom, "cpusFrom");
            caches = List.copyOf(caches);
        }

        public boolean hasCpus() {
            return !cpus.isEmpty();
        }
    }

    /**
     * One access class of one node: the initiators that reach its memory at the reported
     * performance, the targets it reaches as an initiator, and the performance values
     * (latencies in ns, bandwidths in MB/s as sysfs names them).
     */
    public record AccessClass(List<Integer> initiators, List<Integer> targets, OptionalLong readLatencyNs,
                              OptionalLong writeLatencyNs, OptionalLong readBandwidthMBps, OptionalLong writeBandwidthMBps) {
        public AccessClass {
            initiators = List.copyOf(initiators);
            targets = List.copyOf(targets);
        }
    }

    /** One memory-side cache level as {@code memory_side_cache/indexN} shows it. */
    public record Cache(int level, OptionalLong sizeBytes, OptionalLong lineBytes, OptionalLong indexing, OptionalLong writePolicy) {
    }

    public Optional<Node> node(int id) {
        return nodes.stream().filter(node -> node.id() == id).findFirst();
    }
}
