package org.hmsabi.topology;

/**
 * What a fixture is expected to add to the wall time of the shard it falls to, in arbitrary units
 * (about 50 ms each on the 2-core CI machine at load 7), for splitting a run's matrix into balanced
 * shards ({@code org.hmsabi.Shard}); derived from the fixture alone. The weights follow the gate's
 * measured time per fixture, every guest restored from its saved state (docs/performance.md):
 * about 2 s for a small fixture's cell, 6 s for the 36-node one, and 11 s more for the two
 * host-plugged devices of {@code cxl-far-memory}.
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
 * </ul>
 */
public final class RunCost {
    /** A guest's fixed part. */
    static final long GUEST = 20;
    /** Guests' worth of work per host-plugged device: its own guest, and its events and snapshots. */
    static final long GUESTS_PER_HOTPLUG_DEVICE = 2;
    /** Host-plugged devices run one at a time, the boot-time guests two at a time (the default). */
    static final long ONE_AT_A_TIME = 2;

    private RunCost() {
    }

    /** The expected cost of one fixture's cell: its boot-time guest and its host-plugged devices. */
    public static long of(Topology topology) {
        long guest = GUEST + topology.nodes().size() + topology.totalCpus();
        long hotPlugged = topology.hotPlug().map(room -> room.hostPlugged().size()).orElse(0);
        return guest + hotPlugged * GUESTS_PER_HOTPLUG_DEVICE * ONE_AT_A_TIME * guest;
    }
}
