package org.hmsabi.topology;

/**
 * Rules for {@code device-memory}: RAM in a PCI BAR that a driver adds to a node
 * ({@code ivshmem-plain}; see vm-images/example-driver/).
 */
final class DeviceMemoryRules {

    private DeviceMemoryRules() {
    }

    static void check(Topology topology, HotPlugDevice device, Problems problems) {
        long size = device.sizeBytes();
        if (Long.bitCount(size) != 1) {
            // A PCI BAR's size is a power of two: QEMU 7.2 aborts otherwise (hw/pci/pci.c pci_register_bar assert).
            problems.add(device.describe() + " has size " + ByteSize.format(size)
                    + "; a PCI BAR is a power of two in size, use e.g. " + ByteSize.format(Long.highestOneBit(size)));
        } else if (size % TopologyLimits.LINUX_MEMORY_BLOCK != 0) {
            problems.add(device.describe() + " has size " + ByteSize.format(size)
                    + "; a driver adds memory in whole 128M memory blocks, make it at least 128M");
        }
        topology.node(device.node()).ifPresent(node -> {
            int lastNode = topology.nodes().stream().mapToInt(NumaNode::id).max().orElse(0);
            // Linux can give memory later only to a node the firmware declared (SRAT). QEMU
            // declares a node without boot memory only through the hot-pluggable range of
            // maxmem, which it always puts on the last node (hw/i386/acpi-build.c build_srat).
            if (!node.hasMemory() && !node.hasCpus() && node.id() != lastNode) {
                problems.add(device.describe() + ": node " + node.id() + " has no boot memory and is not the last node"
                        + " (" + lastNode + "); QEMU declares a memory-less node to the guest only as the last node,"
                        + " renumber it to " + lastNode);
            }
        });
    }
}
