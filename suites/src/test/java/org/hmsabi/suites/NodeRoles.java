package org.hmsabi.suites;

import java.util.List;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;

/**
 * What each node id of the booted fixture is for the properties: nodes with CPUs, memory-only
 * nodes, every node with memory, and the ids that are no node at all (from {@code firstUnusedId}
 * to MAX_NUMNODES - 1). Derived from the fixture, which the snapshot suites check the guest shows.
 */
record NodeRoles(List<Integer> cpuNodes, List<Integer> memoryOnlyNodes, List<Integer> memoryNodes, int firstUnusedId) {

    static NodeRoles of(Topology topology) {
        List<NumaNode> nodes = topology.nodes();
        return new NodeRoles(
                nodes.stream().filter(NumaNode::hasCpus).map(NumaNode::id).sorted().toList(),
                nodes.stream().filter(n -> n.hasMemory() && !n.hasCpus()).map(NumaNode::id).sorted().toList(),
                nodes.stream().filter(NumaNode::hasMemory).map(NumaNode::id).sorted().toList(),
                nodes.stream().mapToInt(NumaNode::id).max().orElse(-1) + 1);
    }

    /** The node the agent's own pages and local allocations land on: the agent is pinned to CPU 0. */
    int agentNode() {
        return cpuNodes.get(0);
    }

    /** Ids that are certainly not a node of this machine, below MAX_NUMNODES. */
    int lastUnusedId() {
        return SyscallFacts.MAX_NUMNODES - 1;
    }

    String kind(int node) {
        return cpuNodes.contains(node) ? "cpu" : memoryOnlyNodes.contains(node) ? "memory-only" : "no node";
    }
}
