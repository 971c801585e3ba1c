package org.hmsabi.spec;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;

/**
 * What the contract needs to know about the machine: which node ids hold memory, which are
 * online, and how many nodes are possible (the kernel's nr_node_ids).
 */
public record SyscallFacts(SortedSet<Integer> memoryNodes, SortedSet<Integer> onlineNodes, int possibleNodes) {

    /** CONFIG_NODES_SHIFT=10 in both Debian configs. */
    public static final int MAX_NUMNODES = 1024;

    public SyscallFacts {
        memoryNodes = new TreeSet<>(memoryNodes);
        onlineNodes = new TreeSet<>(onlineNodes);
    }

    /**
     * The facts a guest booted on this topology shows: every fixture node is online and holds
     * boot memory (CPU nodes and memory-only nodes alike), and ids are possible up to the highest.
     */
    public static SyscallFacts of(Topology topology) {
        List<Integer> withMemory = topology.nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList();
        List<Integer> all = topology.nodes().stream().map(NumaNode::id).toList();
        int highest = all.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new SyscallFacts(new TreeSet<>(withMemory), new TreeSet<>(all), highest + 1);
    }

    public boolean hasMemory(int node) {
        return memoryNodes.contains(node);
    }
}
