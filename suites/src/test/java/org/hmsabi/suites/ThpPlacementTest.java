package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.capture.HugePages;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyCut;
import org.hmsabi.spec.MempolicyFlag;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transparent huge pages under the mempolicy calls, on every memory node of two-socket-hbm: LTP's
 * numa01.sh test 9 and the THP part of the selftest mm/migration.c (one move, no concurrent
 * access). The guest's THP mode is set to madvise through spec/writes.yaml's
 * {@value HugePages#THP_ENABLED} ({@link HugePages}) and read back; the agent's range is 2 MiB
 * aligned and advised MADV_HUGEPAGE. That THP was used is observed, not assumed: the agent reports
 * the range's AnonHugePages from /proc/self/smaps before and after each call, and the node of every
 * 4 KiB base page.
 *
 * <p>What the kernel source says and the test demands: a THP faulted under BIND or PREFERRED is
 * allocated whole on the node (mm/mempolicy.c vma_alloc_folio() / alloc_pages_mpol() with the
 * PMD order), so all 512 base pages are there; under INTERLEAVE each THP is one unit of the round
 * robin (interleave_nid() indexes by the huge page, `ilx >> order`), so each THP's base pages share
 * a node and four THPs cover the four memory nodes; move_pages and mbind MPOL_MF_MOVE migrate a THP
 * whole (mbind: queue_folios_pmd() -> migrate_folio_add(folio); move_pages: the folio of the address;
 * mm/migrate.c migrate_pages_batch() allocates a PMD-order folio on the target, splitting
 * only when that fails, which a fresh guest's node does not), so it is still one THP afterwards;
 * a policy on part of a THP range splits the VMA, so the PMD mapping is split (AnonHugePages 0),
 * but the folio stays one: mbind MPOL_MF_MOVE queues the whole large folio of a base page inside
 * the range (queue_folios_pte_range() -> migrate_folio_add(folio); 6.1 queue_pages_pte_range() ->
 * migrate_page_add(), compound_head()), so the base page outside the range moves with it.
 */
@Tag("guest")
class ThpPlacementTest {
    private static final int BASE_PAGES = 512;

    /** On the default kernels and the oldest series, 6.1 (before the folio conversions of mm/mempolicy.c). */
    @ParameterizedTest(name = "{0} on two-socket-hbm")
    @MethodSource("org.hmsabi.suites.TestGuests#sixOneAndDefaultKernels")
    void transparentHugePagesFollowThePolicyAndMoveWhole(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("two-socket-hbm");
        List<Integer> memoryNodes = List.copyOf(SyscallFacts.of(topology).memoryNodes());
        int local = memoryNodes.get(0); // the agent runs on CPU 0, on the lowest memory node

        List<SyscallCase> placed = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int node : memoryNodes) {
            for (MempolicyCall call : List.of(MempolicyCall.MBIND, MempolicyCall.SET_MEMPOLICY)) {
                for (MempolicyMode mode : List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED)) {
                    placed.add(thp(SyscallCase.of(call).withMode(mode).withNodes(node), 1).touched());
                    expected.add(node);
                }
            }
            if (node != local) {
                placed.add(thp(SyscallCase.of(MempolicyCall.MOVE_PAGES).withTo(MempolicyNodeMask.of(node)).withFlags(MempolicyFlag.MF_MOVE), 1));
                expected.add(node);
                placed.add(thp(SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(node)
                        .withFlags(MempolicyFlag.MF_MOVE), 1).prefaulted());
                expected.add(node);
            }
        }
        int target = memoryNodes.get(memoryNodes.size() - 1);
        SyscallCase interleave = thp(SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.INTERLEAVE)
                .withNodes(MempolicyNodeMask.of(memoryNodes.toArray(Integer[]::new))), memoryNodes.size()).touched();
        SyscallCase cut = thp(SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(target)
                .withFlags(MempolicyFlag.MF_MOVE), 1).withCut(MempolicyCut.FIRST).prefaulted();

        List<MempolicyOutcome> outcomes;
        MempolicyOutcome interleaved;
        MempolicyOutcome cutOutcome;
        String mode;
        try (Guest guest = TestGuests.boot(kernel, topology)) {
            MempolicyClient client = new MempolicyClient(guest.session());
            List<SyscallCase> all = new ArrayList<>(placed);
            all.add(interleave);
            all.add(cut);
            try (HugePages pages = HugePages.around(client, memoryNodes, all)) {
                mode = client.read("/sys/kernel/mm/" + HugePages.THP_ENABLED).orElse("").strip();
                outcomes = client.run(placed);
                interleaved = client.run(List.of(interleave)).get(0);
                cutOutcome = client.run(List.of(cut)).get(0);
            }
        }

        assertThat(mode).as("the THP mode after writing " + HugePages.THP_MODE).isEqualTo("always [madvise] never");
        for (int i = 0; i < placed.size(); i++) {
            SyscallCase c = placed.get(i);
            MempolicyOutcome outcome = outcomes.get(i);
            assertThat(outcome.problem()).as("%s", c).isEmpty();
            assertThat(outcome.errno()).as("%s", c).isEmpty();
            assertThat(outcome.thpKb()).as("%s: AnonHugePages before and after (kB): one THP, and still one", c)
                    .containsExactly(c.prefault() || c.call() == MempolicyCall.MOVE_PAGES ? 2048 : 0, 2048);
            assertThat(outcome.pages()).as("%s: the node of every base page", c).hasSize(BASE_PAGES).containsOnly(expected.get(i));
            if (c.call() == MempolicyCall.MOVE_PAGES) {
                assertThat(outcome.status()).as("%s: move_pages' status", c).containsExactly(expected.get(i));
            }
        }

        assertThat(interleaved.errno()).as("INTERLEAVE over THPs").isEmpty();
        assertThat(interleaved.thpKb()).as("INTERLEAVE: every 2 MiB one THP").containsExactly(0, 2048 * memoryNodes.size());
        Set<Integer> nodesOfThps = new TreeSet<>();
        for (int huge = 0; huge < memoryNodes.size(); huge++) {
            List<Integer> basePages = interleaved.pages().subList(huge * BASE_PAGES, (huge + 1) * BASE_PAGES);
            assertThat(new TreeSet<>(basePages)).as("INTERLEAVE: the base pages of THP %d share a node", huge).hasSize(1);
            nodesOfThps.add(basePages.get(0));
        }
        assertThat(nodesOfThps).as("INTERLEAVE: one THP on each memory node").containsExactlyElementsOf(memoryNodes);

        assertThat(cutOutcome.errno()).as("mbind MF_MOVE on all but the first base page of a THP").isEmpty();
        assertThat(cutOutcome.thpKb()).as("the VMA split inside the THP: no longer PMD-mapped").containsExactly(2048, 0);
        assertThat(cutOutcome.pages()).as("every base page of the folio moved, the one outside the range too (the folio is one unit)")
                .hasSize(BASE_PAGES).containsOnly(target);
    }

    /** {@code pages} 2 MiB pages of MADV_HUGEPAGE anonymous memory. */
    private static SyscallCase thp(SyscallCase c, int pages) {
        return c.withBacking(MempolicyBacking.THP).withPages(pages);
    }
}
