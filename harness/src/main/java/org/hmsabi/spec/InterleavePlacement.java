package org.hmsabi.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.kernel.KernelVersion;

/**
 * Where MPOL_INTERLEAVE puts the touched pages of the agent's range, as the contract's
 * interleave-index-bits says for a kernel: page i of the range goes to node number
 * ((first page number + i) cut to that many bits) mod k of the k nodes with memory in the mask,
 * in ascending order. The agent's range starts at the fixed address 0x100000000000 (PROTOCOL.md),
 * whose page number is 2^32: exactly where a 32-bit index and a 64-bit one part.
 */
public final class InterleavePlacement {
    /** The agent's fixed range address, as a page number (vm_pgoff of an anonymous mapping). */
    public static final long FIRST_PAGE_NUMBER = 0x100000000000L >>> 12;

    private InterleavePlacement() {
    }

    /**
     * The node of every page of an accepted, touched MPOL_INTERLEAVE case (mbind or set_mempolicy,
     * no mode flags, the agent's own aligned range); empty for any other case or when the
     * contract has no interleave-index-bits for the kernel.
     */
    public static Optional<List<Integer>> predict(SyscallCase c, SyscallFacts facts, SyscallContract contract, KernelVersion kernel) {
        return predict(c, facts, contract, kernel, Map.of());
    }

    /**
     * As {@link #predict(SyscallCase, SyscallFacts, SyscallContract, KernelVersion)}, and
     * for MPOL_WEIGHTED_INTERLEAVE with the weights the kernel shows in
     * {@code /sys/kernel/mm/mempolicy/weighted_interleave/node<N>} ({@code weights}, by node): page
     * i goes where slot (index mod the mask's total weight) falls when the nodes of the mask, in
     * ascending order, each take as many slots as their weight (mm/mempolicy.c,
     * weighted_interleave_nid). Weights are the kernel's own: 1 each before 6.16 unless set, from
     * HMAT bandwidth from 6.16 ("auto"). Empty where a node of the mask shows no weight.
     */
    public static Optional<List<Integer>> predict(SyscallCase c, SyscallFacts facts, SyscallContract contract, KernelVersion kernel,
                                                  Map<Integer, Integer> weights) {
        boolean weighted = c.mode() == MempolicyMode.WEIGHTED_INTERLEAVE;
        boolean plainInterleave = (c.mode() == MempolicyMode.INTERLEAVE || weighted) && c.modeFlags().isEmpty() && c.touch()
                && (c.call() == MempolicyCall.MBIND || c.call() == MempolicyCall.SET_MEMPOLICY)
                && c.addr() == MempolicyAddress.MAP && c.pages() > 0 && c.prelude().isEmpty() && !c.backing().hugePages();
        if (!plainInterleave || !contract.expected(c, facts, kernel).accepts(0, null)) {
            return Optional.empty();
        }
        long bits = c.maxnode() - 1;
        List<Integer> nodes = c.nodes().nodes().stream().filter(n -> n < bits && facts.hasMemory(n)).sorted().distinct().toList();
        Optional<SyscallBehaviour> indexBits = contract.behaviour(SyscallBehaviour.INTERLEAVE_INDEX_BITS, kernel);
        if (nodes.isEmpty() || indexBits.isEmpty() || (weighted && !nodes.stream().allMatch(n -> weights.getOrDefault(n, 0) > 0))) {
            return Optional.empty();
        }
        long indexMask = indexBits.get().value().equals("32") ? 0xffffffffL : -1L;
        List<Integer> slots = new ArrayList<>();
        for (int node : nodes) {
            for (int w = 0; w < (weighted ? weights.get(node) : 1); w++) {
                slots.add(node);
            }
        }
        List<Integer> placement = new ArrayList<>();
        for (int i = 0; i < c.pages(); i++) {
            placement.add(slots.get((int) Long.remainderUnsigned((FIRST_PAGE_NUMBER + i) & indexMask, slots.size())));
        }
        return Optional.of(placement);
    }
}
