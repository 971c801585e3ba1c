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
     * The facts a guest booted on this topology shows: nodes with boot memory hold memory, nodes
     * with CPUs or memory are online, and so is a generic initiator's node, which has neither
     * (arch/x86/mm/numa.c {@code init_gi_nodes}: "ensure the node is online" so that the device's
     * allocations work; seen on 7.3.4: set_mempolicy_home_node accepts it as home); a node whose
     * memory only comes by hot-plug is possible but offline until then; ids are possible up to
     * the highest.
     */
    public static SyscallFacts of(Topology topology) {
        List<Integer> withMemory = topology.nodes().stream().filter(NumaNode::hasMemory).map(NumaNode::id).toList();
        java.util.Set<Integer> initiators = new TreeSet<>(topology.genericInitiators().stream()
                .map(org.hmsabi.topology.GenericInitiator::node).toList());
        List<Integer> online = topology.nodes().stream().filter(node -> node.hasMemory() || node.hasCpus() || initiators.contains(node.id()))
                .map(NumaNode::id).toList();
        int highest = topology.nodes().stream().mapToInt(NumaNode::id).max().orElse(0);
        return new SyscallFacts(new TreeSet<>(withMemory), new TreeSet<>(online), highest + 1);
    }

    /** The same machine after memory arrived on {@code node} (hot-plug): it is online and holds memory. */
    public SyscallFacts withMemoryOn(int node) {
        SortedSet<Integer> memory = new TreeSet<>(memoryNodes);
        memory.add(node);
        SortedSet<Integer> online = new TreeSet<>(onlineNodes);
        online.add(node);
        return new SyscallFacts(memory, online, Math.max(possibleNodes, node + 1));
    }

    public boolean hasMemory(int node) {
        return memoryNodes.contains(node);
    }
}
