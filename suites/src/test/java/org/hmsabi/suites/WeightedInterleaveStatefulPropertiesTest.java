package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.SyscallBehaviour;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallContract;
import net.jqwik.api.Tag;

/**
 * A stateful sequence against the one piece of mempolicy state that outlives an agent request:
 * the weighted-interleave weight table in sysfs (the agent resets thread and range policy after
 * every case, so policy itself cannot be carried from one action to the next). Actions write
 * weights, write invalid weights, read them back and place pages; a model of the table predicts
 * every outcome, and a failing chain shrinks to the shortest sequence that shows the break.
 */
@Tag("guest")
@AddLifecycleHook(TriesFromSystemProperty.class)
class WeightedInterleaveStatefulPropertiesTest {
    /** The nodes whose weights the chain writes: every node with memory of the fixture. */
    private static List<Integer> memoryNodes = List.of();
    private static final String WEIGHTS_DIR = "/sys/kernel/mm/mempolicy/weighted_interleave/";

    private static PropertyGuest shared;
    /** The table as the guest booted with it, put back before power-off (the guest is restored from saved states). */
    private static Map<Integer, String> bootWeights = Map.of();

    @BeforeContainer
    static void bootOneGuest() {
        shared = PropertyGuest.boot(1, "two-socket-hbm");
        memoryNodes = shared.roles().memoryNodes();
        Map<Integer, String> weights = new LinkedHashMap<>();
        for (int node : memoryNodes) {
            shared.client().read(WEIGHTS_DIR + "node" + node).ifPresent(value -> weights.put(node, value.trim()));
        }
        bootWeights = Map.copyOf(weights);
    }

    @AfterContainer
    static void powerOff() {
        if (shared != null) {
            bootWeights.forEach((node, value) -> write(node, value));
            shared.close();
            shared = null;
        }
    }

    /** Skips the chain visibly on a kernel the contract says has no WEIGHTED_INTERLEAVE (before 6.9). */
    static final class NeedsWeightedInterleave implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            SyscallCase probe = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.WEIGHTED_INTERLEAVE).withNodes(0);
            String rule = SyscallContract.bundled().ruleFor(probe, shared.facts(), shared.version()).id();
            return rule.equals("mbind-accepted") ? SkipResult.doNotSkip()
                    : SkipResult.skip("WEIGHTED_INTERLEAVE is not in " + shared.release() + " (spec/syscalls.yaml rule " + rule + ")");
        }
    }

    /** The model: what the weight of each node must read as. */
    static final class WeightTable {
        final Map<Integer, Integer> weights = new LinkedHashMap<>();

        @Override
        public String toString() {
            return "weights " + weights;
        }
    }

    @Property
    @AddLifecycleHook(NeedsWeightedInterleave.class)
    void theWeightTableBehavesLikeItsModel(@ForAll("weightChains") ActionChain<WeightTable> chain) {
        chain.run();
        Statistics.label("chain length").collect(chain.transformations().size());
    }

    @Provide
    Arbitrary<ActionChain<WeightTable>> weightChains() {
        return ActionChain.<WeightTable>startWith(WeightTable::new)
                .withAction(3, setWeight())
                .withAction(1, rejectInvalidWeight())
                .withAction(1, resetWeight())
                .withAction(2, readBack())
                .withAction(2, placePages())
                .withMaxTransformations(12);
    }

    /** A valid weight (1..255, a u8 that must not be 0) is stored as written. */
    private static Action.Independent<WeightTable> setWeight() {
        return () -> Combinators.combine(Arbitraries.of(memoryNodes), Arbitraries.integers().between(1, 255))
                .as((node, weight) -> Transformer.mutate("node" + node + " := " + weight, table -> {
                    assertThat(write(node, String.valueOf(weight))).as("writing weight %d to node%d", weight, node).isEmpty();
                    table.weights.put(node, weight);
                }));
    }

    /**
     * Weight 0: what it does is the contract's weight-zero-write for this kernel. "reset" (6.9 ..
     * 6.15): accepted, stored as "no weight set", read and placed as the default weight, 1
     * (get_il_weight); found by this chain when 0 was modelled as invalid. "EINVAL" (6.16 on):
     * refused, the weight stays.
     */
    private static Action.Independent<WeightTable> resetWeight() {
        SyscallBehaviour zero = SyscallContract.bundled().behaviour(SyscallBehaviour.WEIGHT_ZERO_WRITE, shared.version())
                .orElseThrow(() -> new AssertionError("spec/syscalls.yaml has no weight-zero-write for " + shared.release()));
        boolean resets = zero.value().equals("reset");
        return () -> Arbitraries.of(memoryNodes).map(node -> Transformer.mutate("node" + node + " := 0 (" + zero.value() + ")", table -> {
            java.util.Optional<String> refused = write(node, "0");
            if (resets) {
                assertThat(refused).as("writing 0 to node%d (%s)", node, zero.describe()).isEmpty();
                table.weights.put(node, 1);
            } else {
                assertThat(refused).as("writing 0 to node%d (%s)", node, zero.describe()).contains(zero.value());
            }
        }));
    }

    /** Out-of-range or malformed weights are refused and change nothing. */
    private static Action.Independent<WeightTable> rejectInvalidWeight() {
        return () -> Combinators.combine(Arbitraries.of(memoryNodes), Arbitraries.of("256", "-1", "x", "1000"))
                .as((node, text) -> Transformer.mutate("node" + node + " := '" + text + "' (refused)", table -> {
                    assertThat(write(node, text)).as("writing '%s' to node%d", text, node).isPresent();
                }));
    }

    private static Action.Independent<WeightTable> readBack() {
        return () -> Arbitraries.of(memoryNodes).map(node -> Transformer.mutate("read node" + node, table -> {
            String value = shared.client().read(WEIGHTS_DIR + "node" + node).orElseThrow().trim();
            if (table.weights.containsKey(node)) {
                assertThat(value).as("node%d after %s", node, table).isEqualTo(String.valueOf(table.weights.get(node)));
            }
        }));
    }

    /** Pages over whole rounds of the weight total land exactly weight x rounds per node. */
    private static Action.Independent<WeightTable> placePages() {
        Arbitrary<List<Integer>> masks = Arbitraries.subsetOf(memoryNodes).ofMinSize(1).map(set -> set.stream().sorted().toList());
        return () -> Combinators.combine(masks, Arbitraries.integers().between(1, 2))
                .as((mask, rounds) -> Transformer.mutate("place over " + mask + " x" + rounds, table -> {
                    // Nodes the chain has not written yet are read, so the model covers the whole mask.
                    for (int node : mask) {
                        table.weights.computeIfAbsent(node, n -> Integer.parseInt(
                                shared.client().read(WEIGHTS_DIR + "node" + n).orElseThrow().trim()));
                    }
                    int total = mask.stream().mapToInt(table.weights::get).sum();
                    SyscallCase c = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.WEIGHTED_INTERLEAVE)
                            .withNodes(MempolicyNodeMask.of(mask)).withPages(total * rounds).touched();
                    MempolicyOutcome outcome = shared.client().run(List.of(c)).get(0);
                    assertThat(outcome.problem()).as("%s", c).isEmpty();
                    assertThat(outcome.errno()).as("%s", c).isEmpty();
                    for (int node : mask) {
                        long count = outcome.pages().stream().filter(p -> p == node).count();
                        assertThat(count).as("pages on node%d with %s, %d rounds", node, table, rounds)
                                .isEqualTo((long) table.weights.get(node) * rounds);
                    }
                }));
    }

    private static java.util.Optional<String> write(int node, String value) {
        return shared.client().write(WEIGHTS_DIR + "node" + node, value);
    }
}
