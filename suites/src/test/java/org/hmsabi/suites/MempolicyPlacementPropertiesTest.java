package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.statistics.Statistics;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.spec.InterleavePlacement;
import org.hmsabi.spec.MempolicyAddress;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyFlag;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.MempolicyPrelude;
import org.hmsabi.spec.SyscallBehaviour;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallContract;
import net.jqwik.api.Tag;

/**
 * Where pages land under a policy, in one booted guest per target (both default kernels, on
 * two-socket-hbm and on hms-4s32g). Node roles come from the fixture ({@link NodeRoles}), never
 * from a list written here. The agent is pinned to CPU 0 and NUMA balancing is not on in the
 * guest, so placement is deterministic: each property expects exact nodes. Where kernels differ,
 * the expectation comes from the contract's behaviours (spec/syscalls.yaml), not from a test branch.
 */
@Tag("guest")
@AddLifecycleHook(TriesFromSystemProperty.class)
@AddLifecycleHook(OneGuestPerContainer.class)
abstract class MempolicyPlacementPropertiesTest {
    private static final String WEIGHTS_DIR = "/sys/kernel/mm/mempolicy/weighted_interleave/";

    PropertyGuest guest() {
        return PropertyGuest.of(getClass());
    }

    List<Integer> memoryNodes() {
        return guest().roles().memoryNodes();
    }

    @Property(edgeCases = EdgeCasesMode.MIXIN)
    void bindPutsEveryTouchedPageOnTheNode(@ForAll("policySetters") MempolicyCall call,
                                           @ForAll("memoryNode") int node,
                                           @ForAll @IntRange(min = 1, max = 64) int pages) {
        SyscallCase c = SyscallCase.of(call).withMode(MempolicyMode.BIND).withNodes(node).withPages(pages).touched();
        MempolicyOutcome outcome = runClean(c);
        Statistics.label("node").collect(guest().roles().kind(node));
        assertThat(outcome.pages()).as("%s", c).hasSize(pages).containsOnly(node);
    }

    /**
     * Interleave picks node number (page index mod k) of the mask, where the index is the page's
     * virtual page number (the anonymous mapping's pgoff) cut to the width the contract's
     * interleave-index-bits names for the kernel ({@link InterleavePlacement}): from the fixed
     * address the order is known exactly, and every node gets ⌊n/k⌋ or ⌈n/k⌉ pages.
     */
    @Property
    void interleaveSpreadsPagesRoundRobinOverTheMask(@ForAll("policySetters") MempolicyCall call,
                                                      @ForAll("nodeSets") List<Integer> mask,
                                                      @ForAll @IntRange(min = 1, max = 64) int pages) {
        SyscallCase c = SyscallCase.of(call).withMode(MempolicyMode.INTERLEAVE).withNodes(MempolicyNodeMask.of(mask))
                .withPages(pages).touched();
        MempolicyOutcome outcome = runClean(c);
        int k = mask.size();
        List<Integer> expected = InterleavePlacement.predict(c, guest().facts(), SyscallContract.bundled(), guest().version())
                .orElseThrow(() -> new AssertionError("spec/syscalls.yaml predicts no interleave placement for " + c + " on " + guest().release()));
        Statistics.label("interleave index bits").collect(SyscallContract.bundled()
                .behaviour(SyscallBehaviour.INTERLEAVE_INDEX_BITS, guest().version()).map(SyscallBehaviour::value).orElse("none"));
        Statistics.label("mask size").collect(k);
        Map<Integer, Long> perNode = countPerNode(outcome.pages(), mask);
        assertThat(perNode.values()).as("pages per node of %s: %s", mask, perNode)
                .allMatch(count -> count == pages / k || count == (pages + k - 1) / k);
        assertThat(outcome.pages()).as("%s", c).containsExactlyElementsOf(expected);
    }

    @Property
    void movePagesMovesEveryPageAndReportsTheNewNode(@ForAll("pageTargets") List<Integer> targets) {
        SyscallCase c = SyscallCase.of(MempolicyCall.MOVE_PAGES).withPages(targets.size())
                .withTo(MempolicyNodeMask.of(targets)).withFlags(MempolicyFlag.MF_MOVE).prefaulted();
        MempolicyOutcome outcome = runClean(c);
        Statistics.label("pages").collect(targets.size() <= 4 ? "1-4" : "5-16");
        assertThat(outcome.result()).as("%s", c).isZero();
        assertThat(outcome.status()).as("move_pages status of %s", c).containsExactlyElementsOf(targets);
        assertThat(outcome.pages()).as("placement after %s", c).containsExactlyElementsOf(targets);
    }

    /**
     * Pages already on the agent's node, then mbind to other nodes with MPOL_MF_STRICT and without
     * MF_MOVE: the call fails as the contract says (EIO) and no page moves.
     */
    @Property
    void strictWithoutMoveLeavesMisplacedPagesWhereTheyAre(@ForAll("otherThanAgentNode") List<Integer> mask,
                                                          @ForAll("bindingModes") MempolicyMode mode,
                                                          @ForAll @IntRange(min = 1, max = 16) int pages) {
        SyscallCase c = SyscallCase.of(MempolicyCall.MBIND).withMode(mode).withNodes(MempolicyNodeMask.of(mask))
                .withFlags(MempolicyFlag.MF_STRICT).withPages(pages).prefaulted();
        MempolicyOutcome outcome = guest().client().run(List.of(c)).get(0);
        SyscallContract contract = SyscallContract.bundled();
        Statistics.label("mode").collect(mode);
        assertThat(outcome.problem()).as("agent problem for %s", c).isEmpty();
        assertThat(contract.ruleFor(c, guest().facts(), guest().version()).id()).isEqualTo("mbind-strict-misplaced-pages");
        assertThat(contract.check(c, guest().facts(), guest().release(), outcome.result(), outcome.errno().orElse(null)))
                .as("%s on %s", c, guest().where()).isEmpty();
        assertThat(outcome.pages()).as("placement after %s", c).hasSize(pages).containsOnly(guest().roles().agentNode());
    }

    /** The same with MF_MOVE (and STRICT or not): the call succeeds and every page follows the policy. */
    @Property
    void moveMigratesMisplacedPagesOntoTheNode(@ForAll("otherThanAgentNodeOne") int node,
                                               @ForAll boolean strict,
                                               @ForAll @IntRange(min = 1, max = 16) int pages) {
        MempolicyFlag[] flags = strict ? new MempolicyFlag[] {MempolicyFlag.MF_STRICT, MempolicyFlag.MF_MOVE} : new MempolicyFlag[] {MempolicyFlag.MF_MOVE};
        SyscallCase c = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(node)
                .withFlags(flags).withPages(pages).prefaulted();
        MempolicyOutcome outcome = runClean(c);
        Statistics.label("node").collect(guest().roles().kind(node));
        assertThat(outcome.result()).as("%s", c).isZero();
        assertThat(outcome.pages()).as("placement after %s", c).hasSize(pages).containsOnly(node);
    }

    /** A policy put in place (on the thread, or on a range with mbind) is what get_mempolicy reads back. */
    @Property
    void thePolicySetIsThePolicyReadBack(@ForAll("policies") MempolicyPrelude policy) {
        SyscallCase read = SyscallCase.of(MempolicyCall.GET_MEMPOLICY).withPrelude(policy);
        read = policy.scope() == MempolicyPrelude.Scope.RANGE
                ? read.withFlags(MempolicyFlag.F_ADDR).withAddr(MempolicyAddress.MAP)
                : read.withAddr(MempolicyAddress.NULL);
        MempolicyOutcome outcome = runClean(read);
        Statistics.label("policy").collect(policy.scope(), policy.mode());
        assertThat(outcome.result()).as("%s", read).isZero();
        assertThat(outcome.policy()).as("mode read back by %s", read).contains(policy.mode().value());
        assertThat(outcome.nodes()).as("nodes read back by %s", read).containsExactlyElementsOf(policy.nodes().nodes());
    }

    /**
     * Weighted interleave (6.9+) hands each node of the mask as many consecutive pages as its
     * weight: over whole rounds of the weight total, every node gets exactly weight × rounds pages.
     */
    @Property
    @AddLifecycleHook(NeedsWeightedInterleave.class)
    void weightedInterleaveFollowsTheConfiguredWeights(@ForAll("weightedMasks") Map<Integer, Integer> weights,
                                                        @ForAll @IntRange(min = 1, max = 3) int rounds) {
        Map<Integer, String> saved = new LinkedHashMap<>();
        try {
            for (Map.Entry<Integer, Integer> weight : weights.entrySet()) {
                String file = WEIGHTS_DIR + "node" + weight.getKey();
                saved.put(weight.getKey(), guest().client().read(file).orElseThrow(() -> new AssertionError("cannot read " + file)).trim());
                assertThat(guest().client().write(file, String.valueOf(weight.getValue()))).as("writing %s", file).isEmpty();
            }
            int total = weights.values().stream().mapToInt(Integer::intValue).sum();
            List<Integer> mask = List.copyOf(weights.keySet());
            SyscallCase c = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.WEIGHTED_INTERLEAVE)
                    .withNodes(MempolicyNodeMask.of(mask)).withPages(total * rounds).touched();
            MempolicyOutcome outcome = runClean(c);
            Map<Integer, Long> perNode = countPerNode(outcome.pages(), mask);
            Statistics.label("mask size").collect(mask.size());
            weights.forEach((node, weight) -> assertThat(perNode.get(node))
                    .as("pages on node %d (weight %d, %d rounds) of %s: %s", node, weight, rounds, c, outcome.pages())
                    .isEqualTo((long) weight * rounds));
        } finally {
            saved.forEach((node, value) -> guest().client().write(WEIGHTS_DIR + "node" + node, value));
        }
    }

    /** Skips (visibly, with the reason) a property that needs WEIGHTED_INTERLEAVE on a kernel the contract says lacks it. */
    static final class NeedsWeightedInterleave implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            PropertyGuest guest = PropertyGuest.of(context.optionalContainerClass().orElseThrow());
            return weightedInterleaveExists(guest) ? SkipResult.doNotSkip()
                    : SkipResult.skip("WEIGHTED_INTERLEAVE is not in " + guest.release() + " (spec/syscalls.yaml)");
        }
    }

    private MempolicyOutcome runClean(SyscallCase c) {
        MempolicyOutcome outcome = guest().client().run(List.of(c)).get(0);
        assertThat(outcome.problem()).as("agent problem for %s on %s", c, guest().where()).isEmpty();
        assertThat(outcome.errno()).as("errno of %s on %s", c, guest().where()).isEmpty();
        return outcome;
    }

    private static Map<Integer, Long> countPerNode(List<Integer> pages, List<Integer> mask) {
        Map<Integer, Long> perNode = new LinkedHashMap<>();
        mask.forEach(node -> perNode.put(node, pages.stream().filter(p -> p.equals(node)).count()));
        return perNode;
    }

    // --- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<MempolicyCall> policySetters() {
        return Arbitraries.of(MempolicyCall.MBIND, MempolicyCall.SET_MEMPOLICY);
    }

    @Provide
    Arbitrary<Integer> memoryNode() {
        return Arbitraries.of(memoryNodes());
    }

    /** Non-empty sets of memory nodes, in ascending order (the kernel's mask order). */
    @Provide
    Arbitrary<List<Integer>> nodeSets() {
        return Arbitraries.subsetOf(memoryNodes()).ofMinSize(1).map(set -> set.stream().sorted().toList());
    }

    /** Non-empty sets of memory nodes without the agent's node: prefaulted pages lie outside them. */
    @Provide
    Arbitrary<List<Integer>> otherThanAgentNode() {
        List<Integer> others = memoryNodes().stream().filter(n -> n != guest().roles().agentNode()).toList();
        return Arbitraries.subsetOf(others).ofMinSize(1).ofMaxSize(8).map(set -> set.stream().sorted().toList());
    }

    @Provide
    Arbitrary<Integer> otherThanAgentNodeOne() {
        return Arbitraries.of(memoryNodes().stream().filter(n -> n != guest().roles().agentNode()).toList());
    }

    /** The modes that take nodes, each of which STRICT checks the pages against. */
    @Provide
    Arbitrary<MempolicyMode> bindingModes() {
        List<MempolicyMode> modes = new ArrayList<>(List.of(MempolicyMode.BIND, MempolicyMode.PREFERRED, MempolicyMode.INTERLEAVE,
                MempolicyMode.PREFERRED_MANY));
        if (weightedInterleaveExists(guest())) {
            modes.add(MempolicyMode.WEIGHTED_INTERLEAVE);
        }
        return Arbitraries.of(modes);
    }

    /** A target node per page; pages start on the agent's node (it runs on CPU 0). */
    @Provide
    Arbitrary<List<Integer>> pageTargets() {
        return memoryNode().list().ofMinSize(1).ofMaxSize(16);
    }

    /** Policies valid by construction, each with the nodes get_mempolicy must report for it. */
    @Provide
    Arbitrary<MempolicyPrelude> policies() {
        Arbitrary<MempolicyPrelude.Scope> scopes = Arbitraries.of(MempolicyPrelude.Scope.values());
        List<MempolicyMode> modes = new ArrayList<>(List.of(MempolicyMode.DEFAULT, MempolicyMode.PREFERRED, MempolicyMode.BIND,
                MempolicyMode.INTERLEAVE, MempolicyMode.LOCAL, MempolicyMode.PREFERRED_MANY));
        if (weightedInterleaveExists(guest())) {
            modes.add(MempolicyMode.WEIGHTED_INTERLEAVE);
        }
        Arbitrary<MempolicyMode> modeChoice = Arbitraries.of(modes);
        return Combinators.combine(scopes, modeChoice).flatAs((scope, mode) -> (switch (mode) {
            case DEFAULT, LOCAL -> Arbitraries.just(List.<Integer>of());
            case PREFERRED -> memoryNode().map(List::of);
            default -> nodeSets();
        }).map(nodes -> new MempolicyPrelude(scope, mode, MempolicyNodeMask.of(nodes))));
    }

    /** A weight 1..8 for each node of a non-empty mask, in mask order. */
    @Provide
    Arbitrary<Map<Integer, Integer>> weightedMasks() {
        return nodeSets().flatMap(mask -> Arbitraries.integers().between(1, 8).list().ofSize(mask.size()).map(weights -> {
            Map<Integer, Integer> byNode = new LinkedHashMap<>();
            for (int i = 0; i < mask.size(); i++) {
                byNode.put(mask.get(i), weights.get(i));
            }
            return byNode;
        }));
    }

    static boolean weightedInterleaveExists(PropertyGuest guest) {
        SyscallCase probe = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.WEIGHTED_INTERLEAVE).withNodes(guest.roles().agentNode());
        return SyscallContract.bundled().ruleFor(probe, guest.facts(), guest.version()).id().equals("mbind-accepted");
    }
}

// --- the targets: both default kernels on both fixtures of the issue, one guest each -------------

@GuestTarget(kernel = 0, fixture = "two-socket-hbm")
class MempolicyPlacementOnTwoSocketHbmBaselineTest extends MempolicyPlacementPropertiesTest {
}

@GuestTarget(kernel = 1, fixture = "two-socket-hbm")
class MempolicyPlacementOnTwoSocketHbmCandidateTest extends MempolicyPlacementPropertiesTest {
}

/** 36 nodes: fewer tries, each one still a real boot's worth of calls. */
@GuestTarget(kernel = 0, fixture = "hms-4s32g", tries = 15)
class MempolicyPlacementOnHms4s32gBaselineTest extends MempolicyPlacementPropertiesTest {
}

@GuestTarget(kernel = 1, fixture = "hms-4s32g", tries = 15)
class MempolicyPlacementOnHms4s32gCandidateTest extends MempolicyPlacementPropertiesTest {
}
