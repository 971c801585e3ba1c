package org.hmsabi.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.model.Snapshot;

/**
 * What changed in the ABI of one topology from each kernel to the next, oldest first.
 *
 * @param topology the fixture
 * @param kernels  the kernels in order, as {@code debian:<abi>} (or the reference they were given)
 * @param steps    one per consecutive pair: the findings of the gate's diff from kernel i to i+1
 */
public record AbiHistory(String topology, List<String> kernels, List<Step> steps) {

    /** The diff from {@code from} to {@code to}. */
    public record Step(String from, String to, List<Finding> findings) {
        public Step {
            findings = List.copyOf(findings);
        }
    }

    /**
     * One line of the history: an attribute (or syscall case) and what happened to it at each
     * step where it changed ({@code changes.get(i)} is step i's finding, if any).
     */
    public record Line(String subject, List<Optional<Finding>> changes) {
        public Line {
            changes = List.copyOf(changes);
        }
    }

    public AbiHistory {
        Objects.requireNonNull(topology, "topology");
        kernels = List.copyOf(kernels);
        steps = List.copyOf(steps);
        if (steps.size() != Math.max(0, kernels.size() - 1)) {
            throw new IllegalArgumentException("one step per consecutive pair of kernels");
        }
    }

    /** Diffs each snapshot with the next; the snapshots are of one topology, oldest kernel first. */
    public static AbiHistory of(String topology, List<Snapshot> snapshots, SnapshotDiff diff) {
        return of(topology, snapshots, (before, after) -> diff.compare(before, after).findings());
    }

    /** As {@link #of(String, List, SnapshotDiff)}, with the gate's judgement of each pair (its diff and contract). */
    public static AbiHistory of(String topology, List<Snapshot> snapshots, BiFunction<Snapshot, Snapshot, List<Finding>> judge) {
        List<String> kernels = snapshots.stream().map(s -> s.kernel().reference()).toList();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i + 1 < snapshots.size(); i++) {
            steps.add(new Step(kernels.get(i), kernels.get(i + 1), judge.apply(snapshots.get(i), snapshots.get(i + 1))));
        }
        return new AbiHistory(topology, kernels, steps);
    }

    /**
     * The history by attribute: one line per subject (per-node subjects without their node list,
     * so "node<N>/reclaim on nodes 0-3" and "on nodes 0-35" are one line), in the order they first
     * changed, each with what happened at every step.
     */
    public List<Line> lines() {
        Map<String, List<Optional<Finding>>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (Finding finding : steps.get(i).findings()) {
                List<Optional<Finding>> changes = bySubject.computeIfAbsent(key(finding), k -> emptyChanges());
                if (changes.get(i).isEmpty()) {
                    changes.set(i, Optional.of(finding));
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        bySubject.forEach((subject, changes) -> lines.add(new Line(subject, changes)));
        return lines;
    }

    private List<Optional<Finding>> emptyChanges() {
        List<Optional<Finding>> changes = new ArrayList<>();
        steps.forEach(step -> changes.add(Optional.empty()));
        return changes;
    }

    /**
     * A finding's subject without the nodes it was seen on; a set of table rows also says whether
     * they were added or removed (one step can do both to one table).
     */
    static String key(Finding finding) {
        String subject = finding.subject().replaceFirst(" on nodes? [0-9,\\-]+.*$", "").replaceFirst(" \\[waived]$", "");
        if (subject.startsWith("rows of ") && (finding.kind() == Finding.Kind.ADDED || finding.kind() == Finding.Kind.REMOVED)) {
            return subject + (finding.kind() == Finding.Kind.ADDED ? " (added)" : " (removed)");
        }
        return subject;
    }

    /** Whether any step has a finding that fails the gate. */
    public boolean hasFailures() {
        return steps.stream().flatMap(step -> step.findings().stream()).anyMatch(Finding::isFailure);
    }
}
