package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.kernel.KernelVersion;
import org.junit.jupiter.api.Test;

/** The contract's interleave-index-bits turned into pages: 6.1 and 6.12 part exactly at the agent's fixed address. */
class InterleavePlacementTest {
    private static final SyscallFacts FACTS = new SyscallFacts(new TreeSet<>(Set.of(0, 1, 2, 3)), new TreeSet<>(Set.of(0, 1, 2, 3)), 4);
    private static final KernelVersion V61 = KernelVersion.parse("6.1.0-56-amd64");
    private static final KernelVersion V612 = KernelVersion.parse("6.12.117+deb12-amd64");
    private final SyscallContract contract = SyscallContract.bundled();

    private final SyscallCase threeNodes = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.INTERLEAVE)
            .withNodes(0, 2, 3).withPages(4).touched();

    @Test
    void aThreeNodeMaskStartsOnItsFirstNodeOn61AndItsSecondOn612() {
        // 2^32 mod 3 = 1: the 64-bit index starts one node further.
        assertThat(InterleavePlacement.predict(threeNodes, FACTS, contract, V61)).contains(List.of(0, 2, 3, 0));
        assertThat(InterleavePlacement.predict(threeNodes, FACTS, contract, V612)).contains(List.of(2, 3, 0, 2));
    }

    @Test
    void aFourNodeMaskLooksTheSameOnBoth() {
        SyscallCase four = threeNodes.withNodes(0, 1, 2, 3);
        assertThat(InterleavePlacement.predict(four, FACTS, contract, V61)).isEqualTo(InterleavePlacement.predict(four, FACTS, contract, V612));
    }

    @Test
    void onlyAcceptedPlainInterleaveIsPredicted() {
        assertThat(InterleavePlacement.predict(threeNodes.withMode(MempolicyMode.BIND), FACTS, contract, V612)).isEmpty();
        assertThat(InterleavePlacement.predict(threeNodes.withNodes(7), FACTS, contract, V612)).as("EINVAL: no node with memory").isEmpty();
        assertThat(InterleavePlacement.predict(threeNodes.withMode(MempolicyMode.INTERLEAVE, MempolicyFlag.RELATIVE_NODES), FACTS, contract, V612)).isEmpty();
        assertThat(InterleavePlacement.predict(threeNodes.withNodes(0, 2, 3, 9), FACTS, contract, V612))
                .as("an offline id in the mask is dropped").contains(List.of(2, 3, 0, 2));
    }
}
