package org.hmsabi.topology;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One NUMA node of a topology.
 *
 * @param id          the node id, as the guest numbers it ({@code /sys/devices/system/node/nodeN})
 * @param cpus        how many vCPUs the node has; 0 for a memory-only (CPU-less) node
 * @param memoryBytes boot memory of the node; 0 for a node without boot memory
 * @param initiator   for a CPU-less node, the CPU node HMAT names as its attached initiator
 */
public record NumaNode(int id, int cpus, long memoryBytes, OptionalInt initiator) {

    public NumaNode {
        Objects.requireNonNull(initiator, "initiator");
    }

    /** A node with CPUs and memory, its own initiator. */
    public static NumaNode withCpus(int id, int cpus, long memoryBytes) {
        return new NumaNode(id, cpus, memoryBytes, OptionalInt.empty());
    }

    /** A CPU-less node with memory whose attached initiator is {@code initiator}. */
    public static NumaNode memoryOnly(int id, long memoryBytes, int initiator) {
        return new NumaNode(id, 0, memoryBytes, OptionalInt.of(initiator));
    }

    public boolean hasCpus() {
        return cpus > 0;
    }

    public boolean hasMemory() {
        return memoryBytes > 0;
    }

    /** True for a node without CPUs (a "memory-only" or CPU-less node). */
    public boolean isCpuLess() {
        return !hasCpus();
    }
}
