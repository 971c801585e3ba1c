package org.hmsabi.topology;

import java.util.Objects;

/**
 * The HMAT latency and bandwidth from one initiator (a node with CPUs) to one target node.
 *
 * @param initiator   id of the node whose CPUs access the memory
 * @param target      id of the node whose memory is accessed
 * @param hierarchy   whether the figures describe the memory or one of its memory-side caches
 * @param performance the figures
 */
public record HmatEntry(int initiator, int target, MemoryHierarchy hierarchy, HmatPerformance performance) {

    public HmatEntry {
        Objects.requireNonNull(hierarchy, "hierarchy");
        Objects.requireNonNull(performance, "performance");
    }

    /** An entry for the memory itself with one figure for all accesses. */
    public static HmatEntry access(int initiator, int target, long latencyNs, long bandwidthMiBps) {
        return new HmatEntry(initiator, target, MemoryHierarchy.MEMORY,
                new HmatPerformance.Access(new HmatMeasurement(latencyNs, bandwidthMiBps)));
    }

    /** How messages name this entry, e.g. {@code hmat entry initiator 0 -> target 2}. */
    public String describe() {
        return "hmat entry initiator " + initiator + " -> target " + target
                + (hierarchy == MemoryHierarchy.MEMORY ? "" : " (hierarchy " + hierarchy.qemuName() + ")");
    }
}
