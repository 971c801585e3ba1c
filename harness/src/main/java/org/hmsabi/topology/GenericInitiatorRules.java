package org.hmsabi.topology;

import java.util.HashSet;
import java.util.Set;

/**
 * Rules about generic initiators. QEMU 9.0 takes any existing node for
 * {@code -object acpi-generic-initiator} (hw/acpi/acpi_generic_initiator.c only checks the id);
 * hmsabi asks for what a fixture means by one: an accelerator's own node, without CPUs (a CPU
 * node is an initiator already) and without memory (the accelerator's memory is a node of its
 * own whose {@code initiator:} names this one).
 */
final class GenericInitiatorRules {

    private GenericInitiatorRules() {
    }

    static void check(Topology topology, Problems problems) {
        Set<Integer> seen = new HashSet<>();
        for (GenericInitiator initiator : topology.genericInitiators()) {
            String name = "generic-initiators: node " + initiator.node();
            var node = topology.node(initiator.node());
            if (node.isEmpty()) {
                problems.add(name + " is not a node of this topology; declare the node (without cpus or memory) or fix 'node:'");
                continue;
            }
            if (!seen.add(initiator.node())) {
                problems.add(name + " is listed twice; list each generic initiator node once");
                continue;
            }
            if (node.get().hasCpus()) {
                problems.add(name + " has CPUs, which make it an initiator already; give the generic initiator a node"
                        + " without 'cpus:'");
            }
            if (node.get().hasMemory() || topology.receivesHotPlug(initiator.node())) {
                problems.add(name + " has memory; keep the device's memory on a node of its own with 'initiator: "
                        + initiator.node() + "' and remove 'memory:' from node " + initiator.node());
            }
            node.get().initiator().ifPresent(named -> problems.add(name + " names initiator " + named
                    + ", but a generic initiator is its own; remove 'initiator: " + named + "'"));
            // Linux numbers proximity domains in the order it parses the SRAT: CPUs and generic
            // initiators in one pass, memory in the next (drivers/acpi/numa/srat.c acpi_numa_init).
            // A CPU-less memory node below a generic initiator's id swaps ids with it in the guest
            // (seen on 7.3.4 by GenericInitiatorRoundTripTest: node 1's memory shown on node 2).
            topology.nodes().stream().filter(other -> other.id() < initiator.node() && !other.hasCpus()
                            && !topology.isGenericInitiator(other.id()) && (other.hasMemory() || topology.receivesHotPlug(other.id())))
                    .findFirst().ifPresent(memory -> problems.add(name + " comes after CPU-less memory node " + memory.id()
                            + ", and Linux numbers generic initiators before memory-only nodes, so the guest would show them"
                            + " under each other's ids; give the generic initiators the ids right after the CPU nodes"));
        }
    }
}
