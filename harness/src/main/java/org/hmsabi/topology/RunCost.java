package org.hmsabi.topology;

/**
 * What a fixture is expected to cost a run, in arbitrary units, for splitting a run's matrix into
 * balanced shards ({@code org.hmsabi.Shard}); derived from the fixture alone.
 *
 * <ul>
 *   <li>A guest costs a fixed part (QEMU, restoring or booting, the agent's batch, the judging)
 *       plus one unit per node (firmware tables, the kernel's per-node setup, the snapshot's
 *       per-node attributes and the checks over them grow with them) and per CPU (TCG emulates
 *       every vCPU on the host's few cores).</li>
 *   <li>A guest that can never be restored from a saved state boots afresh every time, which costs
 *       about as much as a few restored guests: a fixture with {@code device-memory} devices is one,
 *       since QEMU's ivshmem-plain (not {@code master=on}) blocks migration, so no state is saved
 *       (hw/misc/ivshmem.c, ivshmem_common_realize: "Migration is disabled when using feature 'peer
 *       mode'").</li>
 *   <li>Each device the host hot-plugs adds two guests (its scenario on the candidate and, without
 *       a golden file, on the baseline) and a fresh boot's worth of waiting for the memory events;
 *       they run one at a time after the boot-time guests.</li>
 * </ul>
 */
public final class RunCost {
    /** A guest's fixed part. */
    static final long GUEST = 8;
    /** What a fresh boot costs more than a restored guest. */
    static final long FRESH_BOOT = 32;
    /** Guests per host-plugged device. */
    static final long GUESTS_PER_HOTPLUG_DEVICE = 2;

    private RunCost() {
    }

    /** The expected cost of one fixture's cell: its guests, what one of them costs, fresh boots. */
    public static long of(Topology topology) {
        long guest = GUEST + topology.nodes().size() + topology.totalCpus();
        boolean neverRestored = topology.hotPlug().filter(room -> !room.devices(HotPlugDeviceKind.DEVICE_MEMORY).isEmpty()).isPresent();
        long hotPlugged = topology.hotPlug().map(room -> room.hostPlugged().size()).orElse(0);
        return guest + (neverRestored ? FRESH_BOOT : 0) + hotPlugged * (GUESTS_PER_HOTPLUG_DEVICE * guest + FRESH_BOOT);
    }
}
