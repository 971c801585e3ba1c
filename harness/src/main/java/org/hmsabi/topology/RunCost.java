package org.hmsabi.topology;

/**
 * What a cell of a run's matrix is expected to add to the wall time of the shard it falls to, in
 * arbitrary units (about 50 ms each on the 2-core CI machine at load 7), for splitting the matrix
 * into balanced shards ({@code org.hmsabi.Shard}); derived from the fixture alone, so every machine
 * computes the same costs. The weights follow the gate's measured time per cell, every guest
 * restored from its saved state (docs/performance.md, "Shards, one cell at a time"): each cell run
 * alone as a shard of its own ({@code --shard I/11}), less an empty shard's fixed cost, at load 3.5
 * to 4: about 1 to 1.5 s for a small fixture's boot-time cell, 2.2 to 2.7 s for the 36-node one,
 * 2.7 to 2.8 s for {@code cxl-far-memory}'s 256 MiB DIMM and 3.7 to 4.7 s for its 512 MiB virtio-mem
 * device.
 *
 * <ul>
 *   <li>A guest costs a fixed part (restoring it, the agent's batch, the judging) plus one unit per
 *       node (firmware tables, the kernel's per-node setup, the snapshot's per-node attributes and
 *       the checks over them grow with them) and per CPU (TCG emulates every vCPU on the host's few
 *       cores). Every shipped fixture's guest is restored from a saved state (device-memory's too,
 *       since its ivshmem-plain device is the migrating side), so no fixture pays a fresh boot.</li>
 *   <li>Each device the host hot-plugs gets a guest of its own, plus its memory's events: every
 *       memory block added, onlined, offlined and removed, twice; and those guests run one at a
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
    /**
     * A host-plugged device's events per 128 MiB of its memory (a memory block): added, onlined,
     * offlined and removed twice. Fitted to the DIMM (2 blocks) and virtio-mem device (4 blocks) of
     * cxl-far-memory, whose guest is 26 units: 2.7-2.8 s and 3.7-4.7 s alone.
     */
    static final long PER_MEMORY_BLOCK = 14;
    static final long MEMORY_BLOCK = 128L << 20;
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

    /** One host-plugged device of the fixture: its own guest and its memory's events, one at a time. */
    public static long hotPlugDevice(Topology topology, HotPlugDevice device) {
        long blocks = (device.sizeBytes() + MEMORY_BLOCK - 1) / MEMORY_BLOCK;
        return ONE_AT_A_TIME * (bootTime(topology) + blocks * PER_MEMORY_BLOCK);
    }

    /** The CXL path of a fixture with a {@code cxl:} section: the region built in a freshly booted guest. */
    public static long afterRegion(Topology topology) {
        return AFTER_REGION;
    }

    /**
     * The whole fixture as one cell (a run whose cells are fixtures: {@code check}, {@code history}):
     * its boot-time guest, its host-plugged devices and its CXL region.
     */
    public static long of(Topology topology) {
        return bootTime(topology) + topology.hotPlug().map(room -> room.hostPlugged().stream()
                .mapToLong(device -> hotPlugDevice(topology, device)).sum()).orElse(0L)
                + topology.cxl().map(cxl -> afterRegion(topology)).orElse(0L);
    }
}
