package org.hmsabi.spec;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A case as the kernel sees it, in the classes the contract's {@code when} clauses name (see
 * the header of spec/syscalls.yaml): the node mask after maxnode, the range, the prelude policy.
 */
public final class SyscallTraits {

    /** The single-valued keys of a {@code when} clause. */
    public enum Key { MODE, MASK, FROM, TO, MAXNODE, ADDR, RANGE, POLICY, HOME, PID, PAGES, USER, BACKING, CUT }

    private static final long MAX_MASK_BITS = 4096L * 8; // PAGE_SIZE * BITS_PER_BYTE

    private SyscallTraits() {
    }

    public static Map<Key, String> of(SyscallCase c, SyscallFacts facts) {
        Map<Key, String> traits = new EnumMap<>(Key.class);
        traits.put(Key.MODE, c.mode().name());
        traits.put(Key.MASK, maskClass(c.nodes(), c.maxnode(), facts));
        traits.put(Key.FROM, maskClass(c.from(), c.maxnode(), facts));
        traits.put(Key.TO, c.call() == MempolicyCall.MOVE_PAGES ? targetClass(c.to(), c.pages(), facts) : maskClass(c.to(), c.maxnode(), facts));
        traits.put(Key.MAXNODE, outputMaskClass(c, facts));
        // A second mapping of the case's file is the case's own mapping as much as the first.
        traits.put(Key.ADDR, c.addr() == MempolicyAddress.ALIAS ? "map" : c.addr().name().toLowerCase(java.util.Locale.ROOT));
        traits.put(Key.RANGE, c.pages() == 0 ? "empty" : "pages");
        traits.put(Key.POLICY, c.prelude().map(p -> p.mode().name()).orElse("NONE"));
        traits.put(Key.HOME, c.home() >= SyscallFacts.MAX_NUMNODES ? "beyond-max" : facts.onlineNodes().contains(c.home()) ? "online" : "offline");
        traits.put(Key.PID, c.process().contractClass());
        traits.put(Key.USER, c.unprivileged() ? "nobody" : "root");
        traits.put(Key.PAGES, pagesClass(c, facts));
        traits.put(Key.BACKING, c.backing().agentText());
        traits.put(Key.CUT, c.cut().agentText());
        return traits;
    }

    /**
     * Where the range's pages are before the call, measured against the node mask as the kernel
     * reads it: {@code none} (nothing prefaulted in the agent's own range), {@code inside} (every
     * page on a node the mask names) or {@code outside}. A prefaulted page lands on the agent's
     * node (the default policy is local and the agent runs on CPU 0, on the lowest memory node of
     * every shipped fixture); a prelude's policy comes after the prefault and moves nothing.
     */
    static String pagesClass(SyscallCase c, SyscallFacts facts) {
        if (!c.prefault() || c.pages() == 0 || c.addr() != MempolicyAddress.MAP || facts.memoryNodes().isEmpty()) {
            return "none";
        }
        long bits = c.maxnode() - 1;
        int local = facts.memoryNodes().first();
        boolean named = !c.nodes().isNull() && Long.compareUnsigned(local, bits) < 0 && c.nodes().nodes().contains(local);
        return named ? "inside" : "outside";
    }

    /** get_nodes(): the kernel reads maxnode - 1 bits (unsigned: maxnode 0 wraps around). */
    static String maskClass(MempolicyNodeMask mask, long maxnode, SyscallFacts facts) {
        long bits = maxnode - 1;
        if (mask.isNull() || bits == 0) {
            return "empty";
        }
        if (Long.compareUnsigned(bits, MAX_MASK_BITS) > 0) {
            return "too-large";
        }
        if (mask.isBad()) {
            return "bad-address";
        }
        List<Integer> seen = mask.nodes().stream().filter(node -> node < bits).toList();
        if (seen.stream().anyMatch(node -> node >= SyscallFacts.MAX_NUMNODES)) {
            return "beyond-max";
        }
        if (seen.isEmpty()) {
            return "empty";
        }
        if (seen.stream().noneMatch(facts::hasMemory)) {
            return "no-memory";
        }
        // Nodes with memory and ids without: the same as `memory` wherever the mask is cut to the
        // nodes with memory, but not a subset of a cpuset (migrate_pages without CAP_SYS_NICE).
        return seen.stream().allMatch(facts::hasMemory) ? "memory" : "mixed";
    }

    /** move_pages' per-page targets: the worst page decides. */
    /** move_pages reads one target node per page: only the first {@code pages} entries count. */
    static String targetClass(MempolicyNodeMask targets, int pages, SyscallFacts facts) {
        if (targets.isNull()) {
            return "null";
        }
        if (targets.isBad()) {
            return "bad-address";
        }
        java.util.List<Integer> read = targets.nodes().stream().limit(Math.max(0, pages)).toList();
        if (read.stream().anyMatch(node -> node >= SyscallFacts.MAX_NUMNODES)) {
            return "beyond-max";
        }
        return read.stream().allMatch(facts::hasMemory) ? "memory" : "no-memory";
    }

    /** get_mempolicy: the output mask must cover every possible node and fit in a page. */
    static String outputMaskClass(SyscallCase c, SyscallFacts facts) {
        if (c.nodes().isNull()) {
            return "ok";
        }
        if (Long.compareUnsigned(c.maxnode(), facts.possibleNodes()) < 0) {
            return "below-possible";
        }
        long copyBytes = ((c.maxnode() - 1 + 63) / 64) * 8;
        long possibleBytes = ((facts.possibleNodes() + 63L) / 64) * 8;
        return copyBytes > possibleBytes && copyBytes > 4096 ? "too-large" : "ok";
    }
}
