package org.hmsabi.topology;

/**
 * Rules for {@code device-memory}: RAM in a PCI BAR that a driver adds to a node
 * ({@code ivshmem-plain}; see vm-images/example-driver/). Where the node may be is a rule of every
 * hot-plug device (HotPlugRules: a memory-less target is the last node).
 */
final class DeviceMemoryRules {

    private DeviceMemoryRules() {
    }

    static void check(HotPlugDevice device, Problems problems) {
        long size = device.sizeBytes();
        if (Long.bitCount(size) != 1) {
            // A PCI BAR's size is a power of two: QEMU 7.2 aborts otherwise (hw/pci/pci.c pci_register_bar assert).
            problems.add(device.describe() + " has size " + ByteSize.format(size)
                    + "; a PCI BAR is a power of two in size, use e.g. " + ByteSize.format(Long.highestOneBit(size)));
        } else if (size % TopologyLimits.LINUX_MEMORY_BLOCK != 0) {
            problems.add(device.describe() + " has size " + ByteSize.format(size)
                    + "; a driver adds memory in whole 128M memory blocks, make it at least 128M");
        }
    }
}
