package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.model.Entry;

/**
 * A directory that was added (or removed) together with everything below it is one ADDED (or
 * REMOVED) finding, {@code /sys/kernel/mm/mempolicy/weighted_interleave/}, listing its paths.
 * Only the topmost such directory forms a group, so nested ones fall into it.
 */
final class SubtreeRule implements GroupingRule {

    @Override
    public List<Finding> apply(List<Finding> findings, SnapshotPair pair) {
        List<Finding> byPath = findings.stream().sorted(Comparator.comparing(finding -> finding.paths().get(0))).toList();
        Set<Finding> grouped = new HashSet<>();
        List<Finding> result = new ArrayList<>();
        for (Finding root : byPath) {
            if (grouped.contains(root) || !isWholeDirectory(root, pair)) {
                continue;
            }
            String directory = root.paths().get(0);
            List<Finding> members = byPath.stream()
                    .filter(finding -> finding.kind() == root.kind() && !grouped.contains(finding))
                    .filter(finding -> finding.paths().stream().allMatch(path -> AbiPath.isWithin(path, directory)))
                    .toList();
            if (members.size() < 2) {
                continue; // an empty directory is already a finding of its own
            }
            grouped.addAll(members);
            int entries = members.size() - 1;
            String size = "directory of " + entries + (entries == 1 ? " entry" : " entries");
            Finding group = Findings.group(root.kind(), directory + "/", members,
                    root.kind() == Kind.REMOVED ? Optional.of(size) : Optional.empty(),
                    root.kind() == Kind.ADDED ? Optional.of(size) : Optional.empty());
            result.add(promiseOfTheDirectory(root, group));
        }
        findings.stream().filter(finding -> !grouped.contains(finding)).forEach(result::add);
        return result;
    }

    /**
     * A directory that goes away takes its generic device files (uevent, subsystem, power/) with
     * it: what broke is the directory's own promise, when the spec documents the directory
     * (a memory tier is testing ABI, whatever its uevent file promises elsewhere).
     */
    private static Finding promiseOfTheDirectory(Finding root, Finding group) {
        if (root.kind() != Kind.REMOVED || root.stability() == org.hmsabi.spec.Stability.UNDOCUMENTED) {
            return group;
        }
        return new Finding(group.kind(), root.severity(), root.stability(), group.subject(), group.paths(),
                group.baseline(), group.candidate(), group.waiver());
    }

    private static boolean isWholeDirectory(Finding finding, SnapshotPair pair) {
        return (finding.kind() == Kind.ADDED || finding.kind() == Kind.REMOVED)
                && finding.paths().size() == 1
                && pair.entryOf(finding.kind(), finding.paths().get(0)).filter(Entry.Directory.class::isInstance).isPresent();
    }
}
