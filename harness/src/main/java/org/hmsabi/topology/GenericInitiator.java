package org.hmsabi.topology;

/**
 * A generic initiator (ACPI 6.3 SRAT Generic Initiator Affinity): a device that accesses memory
 * (a GPU, an accelerator) in a proximity domain of its own, without CPUs and without memory.
 * HMAT may then give latency and bandwidth from that node to memory nodes like from a CPU node;
 * Linux lists the node in {@code /sys/devices/system/node/has_generic_initiator} and counts it
 * among the initiators of {@code access0} (never {@code access1}, which is CPUs only).
 *
 * @param node the node the device is in
 */
public record GenericInitiator(int node) {

    /** How messages name it, e.g. {@code generic initiator on node 2}. */
    public String describe() {
        return "generic initiator on node " + node;
    }
}
