package org.hmsabi.topology;

/**
 * What a fixture is expected to cost a run, in arbitrary units, for splitting a run's matrix into
 * balanced shards ({@code org.hmsabi.Shard}); derived from the fixture alone. A guest costs a fixed
 * part (QEMU, firmware, kernel start) plus a part per node (the firmware tables, the kernel's
 * per-node setup and the snapshot's per-node attributes grow with them) and per CPU (TCG emulates
 * every vCPU on the host's few cores). Each device a fixture hot-plugs from the host adds two
 * guests (its scenario on the candidate and, without a golden file, on the baseline), which run
 * one at a time after the boot-time guests.
 */
public final class RunCost {
    /** A guest's fixed part. */
    static final long GUEST = 8;
    /** Guests per host-plugged device. */
    static final long GUESTS_PER_HOTPLUG_DEVICE = 2;

    private RunCost() {
    }

    /** The expected cost of one fixture's cell: its guests times what one of its guests costs. */
    public static long of(Topology topology) {
        long guest = GUEST + topology.nodes().size() + topology.totalCpus();
        long hotPlugged = topology.hotPlug().map(room -> room.hostPlugged().size()).orElse(0);
        return guest * (1 + GUESTS_PER_HOTPLUG_DEVICE * hotPlugged);
    }
}
