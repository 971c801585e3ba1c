package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.kernel.KernelVersion;
import org.junit.jupiter.api.Test;

/** The seeded cases of check --suite syscalls: reproducible, every call, every one judged by some contract rule. */
class SyscallCaseGeneratorTest {
    /** two-socket-hbm: CPU nodes 0-1, HBM nodes 2-3. */
    private static final SyscallFacts FACTS = new SyscallFacts(new TreeSet<>(List.of(0, 1, 2, 3)), new TreeSet<>(List.of(0, 1, 2, 3)), 4);
    private static final KernelVersion KERNEL = KernelVersion.parse("6.12.117");

    @Test
    void theSameSeedGivesTheSameCasesAndAnotherSeedOthers() {
        List<SyscallCase> first = new SyscallCaseGenerator(42, FACTS, KERNEL).next(500);
        assertThat(new SyscallCaseGenerator(42, FACTS, KERNEL).next(500)).isEqualTo(first);
        assertThat(new SyscallCaseGenerator(43, FACTS, KERNEL).next(500)).isNotEqualTo(first);
    }

    @Test
    void everyCallAndTheContractsArgumentKindsComeUp() {
        List<SyscallCase> cases = new SyscallCaseGenerator(7, FACTS, KERNEL).next(2000);
        Set<MempolicyCall> calls = EnumSet.noneOf(MempolicyCall.class);
        cases.forEach(c -> calls.add(c.call()));
        assertThat(calls).containsExactlyInAnyOrder(MempolicyCall.values());
        assertThat(cases).anyMatch(c -> c.mode() == MempolicyMode.INVALID);
        assertThat(cases).anyMatch(c -> c.nodes().nodes().stream().anyMatch(n -> n >= SyscallFacts.MAX_NUMNODES));
        assertThat(cases).anyMatch(c -> c.maxnode() > 4096L * 8);
        assertThat(cases).anyMatch(c -> c.addr() == MempolicyAddress.UNALIGNED);
        assertThat(cases).anyMatch(SyscallCase::noSuchProcess);
        assertThat(cases).anyMatch(c -> c.prelude().isPresent());
    }

    @Test
    void theAgentCanRunEveryCaseAndTheContractDecidesEach() {
        SyscallContract contract = SyscallContract.bundled();
        for (String release : List.of("6.1.0", "6.12.117", "7.3.4")) {
            KernelVersion kernel = KernelVersion.parse(release);
            for (SyscallCase c : new SyscallCaseGenerator(11, FACTS, kernel).next(3000)) {
                assertThat(c.agentArgs()).isNotEmpty();
                assertThat(contract.expected(c, FACTS, kernel)).isNotNull();
                // Before 6.9 no prelude uses the mode the kernel does not have yet.
                if (kernel.compareTo(KernelVersion.of(6, 9)) < 0) {
                    assertThat(c.prelude().filter(p -> p.mode() == MempolicyMode.WEIGHTED_INTERLEAVE)).isEmpty();
                }
            }
        }
    }
}
