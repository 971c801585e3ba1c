package org.hmsabi.hotplug;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.InfrastructureException;

/**
 * Brings hot-added memory online the way user space must when the kernel does not. The kernels
 * differ: {@code auto_online_blocks} may say {@code online} (the kernel onlines each new block,
 * in ZONE_NORMAL), {@code online_movable}, or {@code offline} (blocks wait for user space, as a
 * udev rule would online them). What the kernel did is recorded, never assumed; what it left
 * offline is onlined {@code online_movable}, the zone from which memory can be removed again.
 *
 * <p>Where the kernel would online new blocks into ZONE_NORMAL ({@code online}, {@code online_kernel}),
 * the suite first sets {@code auto_online_blocks} to {@code online_movable}, as a machine whose
 * memory must be removable again is configured (Documentation/admin-guide/mm/memory-hotplug.rst:
 * memory in ZONE_NORMAL can usually not be offlined; only ZONE_MOVABLE makes removal reliable).
 * Seen: 6.12.117 happened to offline its ZONE_NORMAL blocks again, 7.3.4 refused, so the DIMM was
 * never ejected. The kernel's own default stays in the record.
 */
public final class OnlinePolicy {
    static final String ONLINE_HOW = "online_movable";

    private OnlinePolicy() {
    }

    /**
     * What happened to a hot-added node's blocks.
     *
     * @param policy        auto_online_blocks as the kernel reported it
     * @param byKernel      blocks the kernel had onlined by itself when first seen
     * @param byHarness     blocks the harness onlined through sysfs
     * @param zones         the zones the blocks ended in
     */
    public record Record(String policy, int byKernel, int byHarness, Set<String> zones) {
        public Record {
            zones = Set.copyOf(new TreeSet<>(zones));
        }

        public String describe() {
            return "auto_online_blocks=" + policy + "; kernel onlined " + byKernel + " block(s), harness onlined " + byHarness
                    + " (" + ONLINE_HOW + "); zone " + String.join(",", new TreeSet<>(zones));
        }
    }

    /** The kernel's auto_online_blocks, and what the suite set it to (empty where it left it). */
    public record Default(String kernel, Optional<String> setBySuite) {
        public String describe() {
            return setBySuite.map(set -> "kernel default auto_online_blocks=" + kernel + ", set to " + set + " by the suite; ")
                    .orElse("");
        }
    }

    /**
     * Before memory arrives: where the kernel would online it into ZONE_NORMAL, asks for
     * {@code online_movable} instead. A kernel that refuses the write fails the event, naming the errno.
     */
    public static Default preferMovable(GuestMemory memory, String context) {
        String kernelDefault = memory.autoOnlinePolicy();
        if (!kernelDefault.equals("online") && !kernelDefault.equals("online_kernel")) {
            return new Default(kernelDefault, Optional.empty());
        }
        Optional<String> refused = memory.setAutoOnlinePolicy(ONLINE_HOW);
        if (refused.isPresent()) {
            throw new InfrastructureException(context + ": the kernel refused auto_online_blocks=" + ONLINE_HOW + " ("
                    + GuestMemory.bounded(refused.get()) + ")");
        }
        return new Default(kernelDefault, Optional.of(ONLINE_HOW));
    }

    /**
     * Waits until {@code node} has {@code expectedBlocks} memory blocks, all online, onlining any
     * the kernel left offline as they appear (virtio-mem adds its blocks one after another and
     * waits for each to be onlined before it plugs more).
     */
    public static Record bringOnline(GuestMemory memory, int node, long expectedBlocks, Duration timeout, String context) {
        String policy = memory.autoOnlinePolicy();
        Set<Integer> seen = new TreeSet<>();
        Set<Integer> tried = new TreeSet<>();
        Set<Integer> onlinedByHarness = new TreeSet<>();
        List<String> refusals = new ArrayList<>();
        try {
            memory.await(context, "node " + node + " to have " + expectedBlocks + " online memory block(s)", timeout, () -> {
                List<GuestMemory.Block> blocks = memory.blocks(node);
                boolean allOnline = true;
                for (GuestMemory.Block block : blocks) {
                    seen.add(block.index());
                    if (!block.isOnline()) {
                        allOnline = false;
                        if (tried.add(block.index())) {
                            memory.online(block, ONLINE_HOW).ifPresentOrElse(
                                    errno -> refusals.add("memory" + block.index() + ": " + errno),
                                    () -> onlinedByHarness.add(block.index()));
                        }
                    }
                }
                return allOnline && blocks.size() == expectedBlocks;
            });
        } catch (InfrastructureException timedOut) {
            throw new InfrastructureException(timedOut.getMessage() + "; blocks seen " + seen
                    + (refusals.isEmpty() ? "" : ", onlining refused: " + refusals));
        }
        Set<String> zones = new TreeSet<>();
        memory.blocks(node).forEach(block -> zones.add(block.zone()));
        return new Record(policy, seen.size() - onlinedByHarness.size(), onlinedByHarness.size(), zones);
    }

    /**
     * Waits until {@code node} is back to {@code remainingBlocks} memory blocks, and out of
     * has_memory if that is none: the removed memory is gone.
     */
    public static void awaitRemoved(GuestMemory memory, int node, int remainingBlocks, Duration timeout, String context) {
        memory.await(context, "node " + node + " to be back to " + remainingBlocks + " memory block(s)"
                        + (remainingBlocks == 0 ? " and out of has_memory" : ""), timeout,
                () -> memory.blocks(node).size() == remainingBlocks
                        && (remainingBlocks > 0 || !memory.mask("has_memory").contains(node)));
    }
}
