package org.hmsabi.topology;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Rules about the nodes themselves: ids, CPUs, memory and initiators. */
final class NodeRules {

    private NodeRules() {
    }

    /**
     * Checks the nodes. Returns false when the ids are unusable (empty, duplicated, gapped or too
     * many), in which case the other rules, which index tables by node id, must not run.
     */
    static boolean check(Topology topology, Problems problems) {
        if (!checkIds(topology.nodes(), problems)) {
            return false;
        }
        for (NumaNode node : topology.nodes()) {
            checkNode(topology, node, problems);
        }
        checkCpus(topology, problems);
        return true;
    }

    private static boolean checkIds(List<NumaNode> nodes, Problems problems) {
        if (nodes.isEmpty()) {
            problems.add("declares no nodes; add at least one node with 'cpus:' and 'memory:'");
            return false;
        }
        int before = problems.list().size();
        if (nodes.size() > TopologyLimits.MAX_NODES) {
            problems.add("declares " + nodes.size() + " nodes but QEMU supports at most " + TopologyLimits.MAX_NODES
                    + "; remove " + (nodes.size() - TopologyLimits.MAX_NODES) + " nodes");
        }
        Set<Integer> seen = new TreeSet<>();
        for (NumaNode node : nodes) {
            if (node.id() < 0 || node.id() >= TopologyLimits.MAX_NODES) {
                problems.add("node " + node.id() + " is outside QEMU's node ids 0.." + (TopologyLimits.MAX_NODES - 1)
                        + "; number the nodes from 0 without gaps");
            } else if (!seen.add(node.id())) {
                problems.add("node " + node.id() + " is declared twice; give each node its own id");
            }
        }
        int expected = 0;
        for (int id : seen) {
            if (id != expected) {
                problems.add("node ids skip " + describeGap(expected, id) + " (QEMU rejects gaps); number the "
                        + "nodes 0.." + (seen.size() - 1) + " without gaps");
                break;
            }
            expected++;
        }
        return problems.list().size() == before;
    }

    private static String describeGap(int first, int next) {
        return next - first == 1 ? "node " + first : "nodes " + first + "-" + (next - 1);
    }

    private static void checkNode(Topology topology, NumaNode node, Problems problems) {
        String name = "node " + node.id();
        if (node.cpus() < 0) {
            problems.add(name + " has " + node.cpus() + " cpus; give 'cpus:' a count of 0 or more");
        }
        if (node.memoryBytes() < 0) {
            problems.add(name + " has negative memory; give 'memory:' a size such as 128M");
        } else if (node.memoryBytes() % TopologyLimits.SIZE_GRANULE != 0) {
            problems.add(name + " has memory " + ByteSize.format(node.memoryBytes()) + ", not a multiple of 2M;"
                    + " round 'memory:' to a multiple of 2M");
        }
        if (!node.hasCpus() && !node.hasMemory() && !topology.receivesHotPlug(node.id()) && !topology.isGenericInitiator(node.id())
                && !topology.isGenericPort(node.id())) {
            problems.add(name + " has neither CPUs nor memory; give it 'cpus:' or 'memory:', or remove it");
        }
        checkInitiator(topology, node, problems);
    }

    private static void checkInitiator(Topology topology, NumaNode node, Problems problems) {
        String name = "node " + node.id();
        if (node.hasCpus()) {
            // QEMU hw/core/machine.c: "The initiator of CPU NUMA node %d should be itself".
            node.initiator().ifPresent(initiator -> problems.add(name + " has CPUs, so it is its own initiator;"
                    + " remove 'initiator: " + initiator + "'"));
            return;
        }
        if (topology.isGenericInitiator(node.id()) || topology.isGenericPort(node.id())) {
            return; // its own initiator (GenericInitiatorRules), or none at all (CxlRules)
        }
        if (node.initiator().isEmpty() && servedByGenericInitiator(topology, node.id())) {
            // Deliberately none: the guest then picks the initiators of access0 from HMAT performance,
            // generic initiators included; QEMU refuses a generic initiator as 'initiator:' ("The
            // initiator of NUMA node %d is invalid", hw/core/machine.c numa_validate_initiator).
            return;
        }
        if (node.initiator().isEmpty()) {
            // QEMU 7.2 would accept this and leave the HMAT "initiator valid" flag clear; the guest
            // then picks initiators from HMAT performance alone, which is not what a fixture means.
            problems.add(name + " has no CPUs and no initiator; add 'initiator: <cpu node id>'" + cpuNodeHint(topology));
            return;
        }
        int initiator = node.initiator().getAsInt();
        var initiatorNode = topology.node(initiator);
        if (initiatorNode.isEmpty()) {
            problems.add(name + " names initiator " + initiator + ", which is not a node of this topology;"
                    + " set 'initiator:' to a node with CPUs" + cpuNodeHint(topology));
        } else if (topology.isGenericInitiator(initiator)) {
            // QEMU 10.0 hw/core/machine.c numa_validate_initiator: "The initiator of NUMA node %d is invalid".
            problems.add(name + " names generic initiator " + initiator + " as its initiator, which QEMU refuses;"
                    + " remove 'initiator:' and give HMAT entries from node " + initiator + " instead");
        } else if (!initiatorNode.get().hasCpus()) {
            // QEMU hw/core/machine.c numa_validate_initiator: "The initiator of NUMA node %d is invalid".
            problems.add(name + " names initiator " + initiator + ", which has no CPUs;"
                    + " set 'initiator:' to a node with CPUs" + cpuNodeHint(topology));
        }
    }

    /** True when HMAT gives figures from a generic initiator to this node. */
    private static boolean servedByGenericInitiator(Topology topology, int nodeId) {
        return topology.hmat().stream().anyMatch(entry -> entry.target() == nodeId && topology.isGenericInitiator(entry.initiator()));
    }

    private static void checkCpus(Topology topology, Problems problems) {
        List<NumaNode> cpuNodes = topology.cpuNodes();
        if (cpuNodes.isEmpty()) {
            problems.add("has no node with CPUs; give at least one node 'cpus:'");
            return;
        }
        NumaNode first = cpuNodes.get(0);
        for (NumaNode node : cpuNodes) {
            if (node.cpus() != first.cpus()) {
                // Each CPU node is one QEMU socket, and -smp gives all sockets the same core count.
                problems.add("node " + node.id() + " has " + node.cpus() + " cpus but node " + first.id() + " has "
                        + first.cpus() + "; give every CPU node the same 'cpus:' (each is one QEMU socket)");
                break;
            }
        }
        if (topology.totalCpus() > TopologyLimits.MAX_CPUS) {
            problems.add("has " + topology.totalCpus() + " vCPUs but QEMU's q35 machine takes at most "
                    + TopologyLimits.MAX_CPUS + "; lower the nodes' 'cpus:'");
        }
    }

    /** " (CPU nodes: 0, 1)" to tell the reader which values would do. */
    static String cpuNodeHint(Topology topology) {
        List<NumaNode> cpuNodes = topology.cpuNodes();
        if (cpuNodes.isEmpty()) {
            return "";
        }
        return " (nodes with CPUs: " + cpuNodes.stream().map(node -> String.valueOf(node.id()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
