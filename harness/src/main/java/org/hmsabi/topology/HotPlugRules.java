package org.hmsabi.topology;

/** Rules about the hot-plug room and the declared hot-plug devices. */
final class HotPlugRules {

    private HotPlugRules() {
    }

    static void check(Topology topology, Problems problems) {
        topology.hotPlug().ifPresent(hotPlug -> {
            checkRoom(topology, hotPlug, problems);
            for (HotPlugDevice device : hotPlug.devices()) {
                checkDevice(topology, device, problems);
            }
            checkFit(topology, hotPlug, problems);
            checkMemoryLessTargets(topology, hotPlug, problems);
        });
    }

    /**
     * QEMU 7.2 puts the SRAT's hot-pluggable memory range on the last node only (hw/i386/acpi-build.c
     * {@code build_srat}), and Linux makes a node without boot memory possible only from SRAT: a
     * memory-less target anywhere else never becomes a node, and its memory lands on the last one.
     */
    private static void checkMemoryLessTargets(Topology topology, MemoryHotPlug hotPlug, Problems problems) {
        int last = topology.nodes().isEmpty() ? -1 : topology.nodes().get(topology.nodes().size() - 1).id();
        hotPlug.devices().stream().map(HotPlugDevice::node).distinct()
                .filter(node -> node != last)
                .filter(node -> topology.node(node).filter(target -> !target.hasMemory() && !target.hasCpus()).isPresent())
                .forEach(node -> problems.add("hotplug target node " + node + " has no boot memory but is not the last node ("
                        + last + "); QEMU 7.2 describes hot-pluggable memory on the last node only, so renumber it to be the"
                        + " last node or give it boot memory"));
    }

    private static void checkRoom(Topology topology, MemoryHotPlug hotPlug, Problems problems) {
        if (hotPlug.slots() < 0 || hotPlug.slots() > TopologyLimits.MAX_RAM_SLOTS) {
            // QEMU hw/i386/pc.c: "unsupported amount of memory slots".
            problems.add("hotplug slots is " + hotPlug.slots() + "; QEMU takes 0 to " + TopologyLimits.MAX_RAM_SLOTS
                    + " DIMM slots, change 'slots:'");
        }
        long boot = topology.totalMemoryBytes();
        if (hotPlug.maxMemoryBytes() <= boot) {
            // QEMU softmmu/vl.c: maxmem "must be at least the initial memory size", and with slots
            // it must be larger; equal leaves no room, which no hot-plug fixture means.
            problems.add("hotplug maxmem " + ByteSize.format(hotPlug.maxMemoryBytes()) + " is not above the boot memory "
                    + ByteSize.format(boot) + "; maxmem counts the boot memory too, raise it above "
                    + ByteSize.format(boot));
        } else if (hotPlug.maxMemoryBytes() % TopologyLimits.SIZE_GRANULE != 0) {
            problems.add("hotplug maxmem " + ByteSize.format(hotPlug.maxMemoryBytes()) + " is not a multiple of 2M;"
                    + " round it to a multiple of 2M");
        }
        int dimms = hotPlug.devices(HotPlugDeviceKind.DIMM).size();
        if (dimms > hotPlug.slots()) {
            // QEMU hw/mem/pc-dimm.c: "no free slots available" (virtio-mem needs no slot).
            problems.add("hotplug declares " + dimms + " dimm(s) but " + hotPlug.slots() + " slot(s); raise 'slots:' to "
                    + dimms + " or declare fewer dimms");
        }
    }

    private static void checkDevice(Topology topology, HotPlugDevice device, Problems problems) {
        if (topology.node(device.node()).isEmpty()) {
            // QEMU pc-dimm / virtio-mem: "'node' property ... exceeds the number of numa nodes".
            problems.add(device.describe() + ": node " + device.node() + " is not a node of this topology;"
                    + " fix 'node:' or declare the node");
        }
        if (device.sizeBytes() <= 0 || device.sizeBytes() % TopologyLimits.SIZE_GRANULE != 0) {
            // QEMU hw/mem/memory-device.c: "backend memory size must be multiple of 0x200000".
            problems.add(device.describe() + " has size " + ByteSize.format(device.sizeBytes())
                    + "; give a positive multiple of 2M");
        } else if (device.kind() == HotPlugDeviceKind.DIMM && device.sizeBytes() % TopologyLimits.LINUX_MEMORY_BLOCK != 0) {
            problems.add(device.describe() + " has size " + ByteSize.format(device.sizeBytes())
                    + "; Linux onlines hot-added DIMMs in 128M memory blocks, make it a multiple of 128M");
        } else if (device.kind() == HotPlugDeviceKind.DEVICE_MEMORY) {
            DeviceMemoryRules.check(device, problems);
        }
    }

    private static void checkFit(Topology topology, MemoryHotPlug hotPlug, Problems problems) {
        long room = hotPlug.maxMemoryBytes() - topology.totalMemoryBytes();
        if (room > 0 && hotPlug.deviceBytes() > room) {
            // QEMU hw/mem/memory-device.c: "not enough space, currently 0x%x in use of total space for memory devices".
            problems.add("hotplug devices add " + ByteSize.format(hotPlug.deviceBytes()) + " but maxmem leaves "
                    + ByteSize.format(room) + " above the boot memory; raise maxmem to at least "
                    + ByteSize.format(topology.totalMemoryBytes() + hotPlug.deviceBytes()));
        }
    }
}
