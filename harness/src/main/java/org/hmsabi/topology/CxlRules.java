package org.hmsabi.topology;

/**
 * Rules about the CXL host bridge. QEMU's own checks are few; the 256 MiB granule is where both
 * QEMU and Linux draw the line: QEMU refuses a fixed memory window that is not a multiple of
 * 256 MiB (QEMU 10.0: "Size of a CXL fixed memory window must be a multiple of 256MiB", seen), and Linux partitions a device's capacity in 256 MiB units
 * (drivers/cxl/cxlmem.h {@code CXL_CAPACITY_MULTIPLIER}). A region on the window holds device
 * memory, so the window must be able to hold all of it. The generic port is a node of its own
 * that describes the host bridge: no CPUs, no memory, no initiator.
 */
final class CxlRules {
    /** QEMU's and Linux's granule for CXL capacity. */
    static final long GRANULE = 256L << 20;
    /**
     * hmsabi: one host bridge with a root port per device; more tests nothing new on a 2-core host.
     * The count is a power of two: the cxl suite's region interleaves over every device, and its
     * window has the one bridge as its only target, whose ways Linux requires the region's to be a
     * power-of-two multiple of (drivers/cxl/core/region.c {@code interleave_ways_store}: 3 ways on
     * a one-target window is EINVAL).
     */
    static final int MAX_DEVICES = 4;

    private CxlRules() {
    }

    static void check(Topology topology, Problems problems) {
        if (topology.cxl().isEmpty()) {
            return;
        }
        CxlHostBridge cxl = topology.cxl().get();
        if (cxl.windowBytes() <= 0 || cxl.windowBytes() % GRANULE != 0) {
            problems.add("cxl.window is " + ByteSize.format(cxl.windowBytes()) + "; give a positive multiple of 256M"
                    + " (QEMU's fixed memory windows come in 256 MiB units), e.g. 4G");
        }
        int devices = cxl.deviceBytes().size();
        if (devices == 0 || devices > MAX_DEVICES || Integer.bitCount(devices) != 1) {
            problems.add("cxl.devices lists " + devices + " devices; give 1, 2 or " + MAX_DEVICES + " devices, each {size: <n>M}"
                    + " (a region interleaves over every device of the one host bridge, and Linux takes only a power of two"
                    + " of ways on a window with one target)");
        }
        for (int i = 0; i < cxl.deviceBytes().size(); i++) {
            long size = cxl.deviceBytes().get(i);
            if (size <= 0 || size % GRANULE != 0) {
                problems.add("cxl.devices[" + i + "] has size " + ByteSize.format(size) + "; give a positive multiple of"
                        + " 256M (Linux partitions CXL capacity in 256 MiB units)");
            }
        }
        if (cxl.totalDeviceBytes() > cxl.windowBytes()) {
            problems.add("cxl.devices hold " + ByteSize.format(cxl.totalDeviceBytes()) + " but cxl.window is only "
                    + ByteSize.format(cxl.windowBytes()) + "; make the window at least as large as the devices together");
        }
        cxl.genericPortNode().ifPresent(id -> checkGenericPort(topology, id, problems));
    }

    private static void checkGenericPort(Topology topology, int id, Problems problems) {
        String name = "cxl.generic-port: node " + id;
        var node = topology.node(id);
        if (node.isEmpty()) {
            problems.add(name + " is not a node of this topology; declare it as a node without cpus or memory");
            return;
        }
        if (node.get().hasCpus() || node.get().hasMemory() || topology.receivesHotPlug(id)) {
            problems.add(name + " has CPUs or memory; the generic port stands for the host bridge alone:"
                    + " declare it as {id: " + id + "} without cpus or memory");
        }
        if (topology.isGenericInitiator(id)) {
            problems.add(name + " is also a generic initiator; give the generic port a node of its own");
        }
        node.get().initiator().ifPresent(initiator -> problems.add(name + " names initiator " + initiator
                + "; a generic port has none, remove 'initiator: " + initiator + "' and give HMAT entries to node " + id));
    }
}
