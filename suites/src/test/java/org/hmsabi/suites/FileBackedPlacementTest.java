package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.spec.MempolicyAddress;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyFlag;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.MempolicyPrelude;
import org.hmsabi.spec.MempolicyProcess;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where BIND, PREFERRED and INTERLEAVE put pages on every memory node of the machine, for private
 * anonymous memory and for shmem (a memfd and a file on the guest's tmpfs, both mapped shared, and
 * the tmpfs file's page cache written with write(2)): LTP's mbind04 and set_mempolicy01 (every
 * node, not two), set_mempolicy03 and 04 (file-backed). And the shared policy: mbind through one
 * mapping of a file is the file's (mm/shmem.c shmem_set_policy), so a second mapping reads it back
 * with get_mempolicy(MPOL_F_ADDR) (shmem_get_policy) and its faults follow it. And the forked child
 * of mbind04 and set_mempolicy01 on every memory node: the pages a child faults after fork follow
 * the thread or range policy it inherited (the catalog has the child on the target node only).
 * Expectations come from the fixture's nodes and the modes' definitions, never from a recorded run.
 */
@Tag("guest")
class FileBackedPlacementTest {
    private static final int PAGES = 4;

    @ParameterizedTest(name = "{0} on two-socket-hbm")
    @MethodSource("org.hmsabi.suites.TestGuests#defaultKernelReferences")
    void policiesPlaceSharedAndFileBackedPagesOnEveryMemoryNode(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("two-socket-hbm");
        SyscallFacts facts = SyscallFacts.of(topology);
        List<Integer> memoryNodes = List.copyOf(facts.memoryNodes());
        assertThat(memoryNodes).as("two-socket-hbm's memory nodes").hasSizeGreaterThan(1);

        List<SyscallCase> onOneNode = new ArrayList<>();
        List<SyscallCase> interleaved = new ArrayList<>();
        List<SyscallCase> secondMapping = new ArrayList<>();
        for (MempolicyBacking backing : MempolicyBacking.SMALL_PAGES) {
            for (MempolicyCall call : List.of(MempolicyCall.MBIND, MempolicyCall.SET_MEMPOLICY)) {
                for (int node : memoryNodes) {
                    for (MempolicyMode mode : List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED, MempolicyMode.INTERLEAVE)) {
                        onOneNode.add(SyscallCase.of(call).withMode(mode).withNodes(node).withPages(PAGES).withBacking(backing).touched());
                    }
                }
                interleaved.add(SyscallCase.of(call).withMode(MempolicyMode.INTERLEAVE).withNodes(MempolicyNodeMask.of(memoryNodes))
                        .withPages(2 * memoryNodes.size() + 1).withBacking(backing).touched());
            }
            if (backing.isFile()) {
                for (int node : memoryNodes) {
                    for (MempolicyMode mode : List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED, MempolicyMode.INTERLEAVE)) {
                        secondMapping.add(SyscallCase.of(MempolicyCall.GET_MEMPOLICY).withFlags(MempolicyFlag.F_ADDR).withPages(PAGES)
                                .withBacking(backing).withAddr(MempolicyAddress.ALIAS).touched()
                                .withPrelude(new MempolicyPrelude(MempolicyPrelude.Scope.RANGE, mode, MempolicyNodeMask.of(List.of(node)))));
                    }
                }
            }
        }

        List<SyscallCase> forkedChild = new ArrayList<>();
        for (int node : memoryNodes) {
            for (MempolicyPrelude.Scope scope : List.of(MempolicyPrelude.Scope.THREAD, MempolicyPrelude.Scope.RANGE)) {
                List<MempolicyMode> modes = scope == MempolicyPrelude.Scope.THREAD ? List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED)
                        : List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED, MempolicyMode.INTERLEAVE);
                for (MempolicyMode mode : modes) {
                    // move_pages with no target nodes: a query of where the child's pages are.
                    forkedChild.add(SyscallCase.of(MempolicyCall.MOVE_PAGES).withPages(PAGES).withProcess(MempolicyProcess.CHILD)
                            .withPrelude(new MempolicyPrelude(scope, mode, MempolicyNodeMask.of(List.of(node)))));
                }
            }
        }
        // set_mempolicy02's child: INTERLEAVE over every memory node, inherited, spreads its pages round robin.
        interleaved.add(SyscallCase.of(MempolicyCall.MOVE_PAGES).withPages(2 * memoryNodes.size() + 1).withProcess(MempolicyProcess.CHILD)
                .withPrelude(new MempolicyPrelude(MempolicyPrelude.Scope.THREAD, MempolicyMode.INTERLEAVE, MempolicyNodeMask.of(memoryNodes))));

        List<MempolicyOutcome> one;
        List<MempolicyOutcome> spread;
        List<MempolicyOutcome> second;
        List<MempolicyOutcome> child;
        try (Guest guest = TestGuests.boot(kernel, topology)) {
            MempolicyClient client = new MempolicyClient(guest.session());
            one = client.run(onOneNode);
            spread = client.run(interleaved);
            second = client.run(secondMapping);
            child = client.run(forkedChild);
        }

        for (int i = 0; i < onOneNode.size(); i++) {
            SyscallCase c = onOneNode.get(i);
            MempolicyOutcome outcome = one.get(i);
            succeeded(c, outcome);
            assertThat(outcome.pages()).as("%s: every page on the policy's one node", c)
                    .hasSize(PAGES).containsOnly(c.nodes().nodes().get(0));
        }
        for (int i = 0; i < interleaved.size(); i++) {
            SyscallCase c = interleaved.get(i);
            MempolicyOutcome outcome = spread.get(i);
            succeeded(c, outcome);
            assertThat(outcome.pages()).as("%s: every page on a node of the mask", c)
                    .hasSize(c.pages()).allMatch(memoryNodes::contains);
            // Round robin from wherever the index starts (shmem biases it by the inode number):
            // each page on the mask's node after the previous page's.
            for (int page = 1; page < c.pages(); page++) {
                int previous = memoryNodes.indexOf(outcome.pages().get(page - 1));
                assertThat(outcome.pages().get(page)).as("%s: page %d of %s", c, page, outcome.pages())
                        .isEqualTo(memoryNodes.get((previous + 1) % memoryNodes.size()));
            }
        }
        for (int i = 0; i < secondMapping.size(); i++) {
            SyscallCase c = secondMapping.get(i);
            MempolicyOutcome outcome = second.get(i);
            MempolicyPrelude prelude = c.prelude().orElseThrow();
            succeeded(c, outcome);
            assertThat(outcome.policy()).as("%s: the shared policy read through the second mapping", c).contains(prelude.mode().value());
            assertThat(outcome.nodes()).as("%s: its nodes", c).containsExactlyElementsOf(prelude.nodes().nodes());
            assertThat(outcome.pages()).as("%s: faults through the second mapping follow it", c)
                    .hasSize(PAGES).containsOnly(prelude.nodes().nodes().get(0));
        }
        for (int i = 0; i < forkedChild.size(); i++) {
            SyscallCase c = forkedChild.get(i);
            MempolicyOutcome outcome = child.get(i);
            int node = c.prelude().orElseThrow().nodes().nodes().get(0);
            succeeded(c, outcome);
            assertThat(outcome.status()).as("%s: move_pages' status for the child's pages", c).hasSize(PAGES).containsOnly(node);
            assertThat(outcome.pages()).as("%s: every page the forked child faulted on the inherited policy's node", c)
                    .hasSize(PAGES).containsOnly(node);
        }
    }

    private static void succeeded(SyscallCase c, MempolicyOutcome outcome) {
        assertThat(outcome.problem()).as("%s", c).isEmpty();
        assertThat(outcome.result()).as("%s", c).isZero();
    }
}
