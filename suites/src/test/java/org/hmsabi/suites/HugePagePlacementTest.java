package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hmsabi.capture.HugePages;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyFlag;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.spec.WriteSpec;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 2 MiB hugetlb pages (MAP_HUGETLB) under the mempolicy calls, on every memory node of
 * two-socket-hbm: LTP's move_pages12 without its soft-offline race, numa01.sh 8, the hugetlb part
 * of the selftest mm/migration.c (one move, no concurrent access). Two pages are reserved in each
 * node's pool through the attribute spec/writes.yaml names ({@value #POOL}); then BIND and
 * PREFERRED put a faulted huge page on the node, move_pages and mbind with MPOL_MF_MOVE move one
 * from the agent's node there, and a BIND to a node whose pool is empty leaves the page absent
 * (the fault is SIGBUS, which the agent survives: mm/hugetlb.c alloc_hugetlb_folio() finds no
 * page on the policy's nodes). A node whose pool could not be filled is "not available", named
 * in the output; with fewer than two such nodes the test is aborted with that reason, never
 * passed. The pools are filled and emptied again by {@link HugePages}, as around the catalog.
 */
@Tag("guest")
class HugePagePlacementTest {
    static final String POOL = HugePages.POOL;
    private static final int RESERVE = HugePages.RESERVE;

    @ParameterizedTest(name = "{0} on two-socket-hbm")
    @MethodSource("org.hmsabi.suites.TestGuests#defaultKernelReferences")
    void hugePagesFollowThePolicyAndMoveBetweenNodes(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("two-socket-hbm");
        SyscallFacts facts = SyscallFacts.of(topology);
        List<Integer> memoryNodes = List.copyOf(facts.memoryNodes());
        WriteSpec.Attribute pool = HugePages.pool();
        int local = memoryNodes.get(0); // the agent runs on CPU 0, on the lowest memory node

        Map<Integer, Integer> reserved;
        List<SyscallCase> cases = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        List<MempolicyOutcome> outcomes;
        MempolicyOutcome emptyPoolOutcome;
        MempolicyOutcome afterwards;
        try (Guest guest = TestGuests.boot(kernel, topology)) {
            MempolicyClient client = new MempolicyClient(guest.session());
            try (HugePages pages = HugePages.around(client, memoryNodes, List.of(huge(SyscallCase.of(MempolicyCall.MBIND))))) {
                reserved = pages.reserved();
                List<Integer> available = memoryNodes.stream().filter(node -> reserved.get(node) >= RESERVE).toList();
                List<Integer> notAvailable = memoryNodes.stream().filter(node -> !available.contains(node)).toList();
                if (!notAvailable.isEmpty()) {
                    System.err.println("huge pages not available on nodes " + notAvailable + " of two-socket-hbm on " + reference
                            + " (pools after writing " + RESERVE + ": " + reserved + ")");
                }
                Assumptions.assumeTrue(available.size() >= 2 && available.contains(local),
                        "not available: 2 MiB huge pages could not be reserved on two memory nodes including node " + local
                                + " (pools after writing " + RESERVE + " to " + POOL + ": " + reserved + ")");
                for (int node : available) {
                    for (MempolicyCall call : List.of(MempolicyCall.MBIND, MempolicyCall.SET_MEMPOLICY)) {
                        for (MempolicyMode mode : List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED)) {
                            cases.add(huge(SyscallCase.of(call).withMode(mode).withNodes(node)).touched());
                            expected.add(node);
                        }
                    }
                    if (node != local) {
                        // Faulted on the agent's node by the default policy, then moved.
                        cases.add(huge(SyscallCase.of(MempolicyCall.MOVE_PAGES).withTo(MempolicyNodeMask.of(node))
                                .withFlags(MempolicyFlag.MF_MOVE)));
                        expected.add(node);
                        cases.add(huge(SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(node)
                                .withFlags(MempolicyFlag.MF_MOVE)).prefaulted());
                        expected.add(node);
                    }
                }
                outcomes = client.run(cases);
                // A node whose pool is empty: the fault under BIND finds no page there.
                int emptied = available.get(available.size() - 1);
                assertThat(client.write(pool.instance(emptied), "0")).as("emptying node %d's pool", emptied).isEmpty();
                emptyPoolOutcome = client.run(List.of(huge(SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND)
                        .withNodes(emptied)).touched())).get(0);
                afterwards = client.run(List.of(SyscallCase.of(MempolicyCall.SET_MEMPOLICY).withMode(MempolicyMode.BIND)
                        .withNodes(local).touched())).get(0);
            }
        }

        for (int i = 0; i < cases.size(); i++) {
            SyscallCase c = cases.get(i);
            MempolicyOutcome outcome = outcomes.get(i);
            assertThat(outcome.problem()).as("%s", c).isEmpty();
            assertThat(outcome.errno()).as("%s", c).isEmpty();
            assertThat(outcome.pages()).as("%s: the huge page's node", c).containsExactly(expected.get(i));
            if (c.call() == MempolicyCall.MOVE_PAGES) {
                assertThat(outcome.status()).as("%s: move_pages' status", c).containsExactly(expected.get(i));
            }
        }
        assertThat(emptyPoolOutcome.problem()).as("BIND to a node with an empty pool").isEmpty();
        assertThat(emptyPoolOutcome.result()).as("BIND to a node with an empty pool: mbind itself").isZero();
        assertThat(emptyPoolOutcome.pages()).as("BIND to a node with an empty pool: no page (the fault was SIGBUS)")
                .hasSize(1).allMatch(node -> node < 0);
        assertThat(afterwards.pages()).as("the agent answers after the SIGBUS").containsOnly(local);
    }

    /** One 2 MiB page of private hugetlb memory. */
    static SyscallCase huge(SyscallCase c) {
        return c.withBacking(MempolicyBacking.HUGETLB).withPages(1);
    }
}
