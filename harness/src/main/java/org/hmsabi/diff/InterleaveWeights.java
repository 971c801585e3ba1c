package org.hmsabi.diff;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.InterleavePlacement;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.kernel.KernelVersion;

/**
 * The weighted-interleave weights a snapshot shows ({@code /sys/kernel/mm/mempolicy/weighted_interleave/node<N>})
 * and what they explain: where MPOL_WEIGHTED_INTERLEAVE put pages, and, in auto mode, weights
 * that changed because bandwidth data arrived. Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave
 * (the {@code auto} entry, 6.16): "In auto mode, all node weights are re-calculated and
 * overwritten (visible via the nodeN interfaces) whenever new bandwidth data is made available
 * during either boot or hotplug events."
 */
public final class InterleaveWeights {
    public static final String DIRECTORY = "/sys/kernel/mm/mempolicy/weighted_interleave";
    private static final Pattern WEIGHT_FILE = Pattern.compile(Pattern.quote(DIRECTORY) + "/node([0-9]+)");

    private InterleaveWeights() {
    }

    /** The weight of each node as the snapshot shows it (none before 6.9). */
    public static Map<Integer, Integer> of(Snapshot snapshot) {
        Map<Integer, Integer> weights = new HashMap<>();
        snapshot.sysfs().forEach((path, entry) -> {
            Matcher m = WEIGHT_FILE.matcher(path);
            if (m.matches() && entry instanceof Entry.File file && file.content() instanceof Cell.Value value
                    && value.value().strip().matches("[0-9]{1,3}")) {
                weights.put(Integer.parseInt(m.group(1)), Integer.parseInt(value.value().strip()));
            }
        });
        return weights;
    }

    /** Whether {@code path} is a node's weight, {@code weighted_interleave/node<N>}. */
    public static boolean isWeight(String path) {
        return WEIGHT_FILE.matcher(path).matches();
    }

    /** Whether the kernel has weighted interleave's auto mode at all (6.16 on): an {@code auto} (or {@code __auto_type}) file. */
    public static boolean hasAutoMode(Snapshot snapshot) {
        SnapshotView view = new SnapshotView(snapshot);
        return Stream.of("/auto", "/__auto_type").anyMatch(name -> view.value(DIRECTORY + name).isPresent());
    }

    /**
     * Whether the kernel recalculates the weights itself: {@code auto} reads {@code true}. From
     * 6.18.4 to 7.0 the file is named {@code __auto_type} (a kernel bug hmsabi found, fixed in
     * 7.1), which holds the same value and is read too.
     */
    public static boolean autoMode(Snapshot snapshot) {
        SnapshotView view = new SnapshotView(snapshot);
        return Stream.of("/auto", "/__auto_type").map(name -> view.value(DIRECTORY + name)).flatMap(Optional::stream)
                .anyMatch(value -> value.strip().equals("true"));
    }

    /**
     * Whether the pages of one case landing elsewhere in {@code after} than in {@code before} is
     * explained: the outcomes differ (the pages follow from the outcome), the placement is the
     * same, or the contract predicts each side's placement from that side's facts and weights
     * (interleave by its index width, weighted interleave by the weights shown).
     */
    public static boolean placementExplained(SyscallCase c, SyscallContract contract, SyscallFacts factsBefore, Snapshot before,
                                             SyscallRecord was, SyscallFacts factsAfter, Snapshot after, SyscallRecord is) {
        boolean sameOutcome = was.result() == is.result() && Objects.equals(was.errno(), is.errno());
        return !sameOutcome || was.placement().equals(is.placement())
                || (predicted(c, contract, factsBefore, before).equals(Optional.of(was.placement()))
                        && predicted(c, contract, factsAfter, after).equals(Optional.of(is.placement())))
                || hugetlbTailExplained(c, contract, before, was, after, is);
    }

    /**
     * move_pages given the address of a hugetlb page's second base page (the catalog's
     * {@code cut=first}): the contract's behaviour {@code move-pages-hugetlb-tail} says per kernel
     * whether the page stays ({@code EACCES}, before 6.7) or moves to its target ({@code moved}). A
     * placement that changed between two kernels whose behaviours differ is explained when the
     * kernel that moves it has it on the targets and the one that refuses does not.
     */
    static boolean hugetlbTailExplained(SyscallCase c, SyscallContract contract, Snapshot before, SyscallRecord was,
                                        Snapshot after, SyscallRecord is) {
        if (c.call() != org.hmsabi.spec.MempolicyCall.MOVE_PAGES || c.backing() != org.hmsabi.spec.MempolicyBacking.HUGETLB
                || c.cut() != org.hmsabi.spec.MempolicyCut.FIRST) {
            return false;
        }
        Optional<Boolean> movedBefore = tailMoves(contract, before);
        Optional<Boolean> movedAfter = tailMoves(contract, after);
        if (movedBefore.isEmpty() || movedAfter.isEmpty() || movedBefore.equals(movedAfter)) {
            return false;
        }
        List<Integer> targets = c.to().nodes().stream().limit(Math.max(0, c.pages())).toList();
        return was.placement().equals(targets) == movedBefore.get() && is.placement().equals(targets) == movedAfter.get();
    }

    private static Optional<Boolean> tailMoves(SyscallContract contract, Snapshot snapshot) {
        KernelVersion kernel;
        try {
            kernel = KernelVersion.parse(snapshot.kernel().release());
        } catch (RuntimeException noVersion) {
            return Optional.empty();
        }
        return contract.behaviour(org.hmsabi.spec.SyscallBehaviour.MOVE_PAGES_HUGETLB_TAIL, kernel)
                .map(behaviour -> behaviour.value().equals("moved"));
    }

    private static Optional<List<Integer>> predicted(SyscallCase c, SyscallContract contract, SyscallFacts facts, Snapshot snapshot) {
        return InterleavePlacement.predict(c, facts, contract, KernelVersion.parse(snapshot.kernel().release()), of(snapshot));
    }
}
