package org.hmsabi.topology;

/**
 * What a cell of a run's matrix is expected to add to the wall time of the shard it falls to, in
 * arbitrary units (about 50 ms each on the 2-core CI machine at load 7), for splitting the matrix
 * into balanced shards ({@code org.hmsabi.Shard}); derived from the fixture alone, so every machine
 * computes the same costs. The weights follow the gate's measured time per cell, every guest
 * restored from its saved state (docs/performance.md): about 2 s for a small fixture's boot-time
 * cell, 6 s for the 36-node one, and 5 to 7 s for each host-plugged device of {@code cxl-far-memory}.
 *
 * <ul>
 *   <li>A guest costs a fixed part (restoring it, the agent's batch, the judging) plus one unit per
 *       node (firmware tables, the kernel's per-node setup, the snapshot's per-node attributes and
 *       the checks over them grow with them) and per CPU (TCG emulates every vCPU on the host's few
 *       cores). Every shipped fixture's guest is restored from a saved state (device-memory's too,
 *       since its ivshmem-plain device is the migrating side), so no fixture pays a fresh boot.</li>
 *   <li>Each device the host hot-plugs gets a guest of its own, and its memory events, the
 *       onlining and a second snapshot cost about as much again; and those guests run one at a
 *       time after the boot-time guests, which run two at a time, so they hold up their shard
 *       twice as long as the same work among the boot-time guests.</li>
 *   <li>A CXL fixture's region is built in a guest booted afresh (its steps change the guest, so no
 *       saved state), under QEMU 9.2 or later: a fresh boot, the region's steps and its snapshots,
 *       66-67 s for 7.3.4 in the trixie container under TCG on the 2-core machine (docs/cxl.md).</li>
 * </ul>
 */
public final class RunCost {
    /** A guest's fixed part. */
    static final long GUEST = 20;
    /** Guests' worth of work per host-plugged device: its own guest, and its events and snapshots. */
    static final long GUESTS_PER_HOTPLUG_DEVICE = 2;
    /** Host-plugged devices run one at a time, the boot-time guests two at a time (the default). */
    static final long ONE_AT_A_TIME = 2;
    /** A fresh boot in the trixie image's QEMU, the region's sysfs steps and its snapshots: about 66 s. */
    static final long AFTER_REGION = 1300;

    private RunCost() {
    }

    /** The boot-time part of a fixture: its baseline (golden file or boot) and candidate, the diff and the checks. */
    public static long bootTime(Topology topology) {
        return GUEST + topology.nodes().size() + topology.totalCpus();
    }

    /** One host-plugged device of the fixture: its own guest, one at a time. */
    public static long hotPlugDevice(Topology topology) {
        return GUESTS_PER_HOTPLUG_DEVICE * ONE_AT_A_TIME * bootTime(topology);
    }

    /** The CXL path of a fixture with a {@code cxl:} section: the region built in a freshly booted guest. */
    public static long afterRegion(Topology topology) {
        return AFTER_REGION;
    }

    /** The whole fixture as one cell (a run whose cells are fixtures): its boot-time guest and its host-plugged devices. */
    public static long of(Topology topology) {
        long hotPlugged = topology.hotPlug().map(room -> room.hostPlugged().size()).orElse(0);
        return bootTime(topology) + hotPlugged * hotPlugDevice(topology);
    }
}
