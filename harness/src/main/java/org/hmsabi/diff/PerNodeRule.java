package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding.Kind;

/**
 * The same change on several nodes is one finding, {@code /sys/devices/system/node/node<N>/memory_failure/
 * on nodes 0-3}: findings of the same kind whose subject and paths are equal once node ids are
 * read as {@code <N>}. Values the nodes share are kept; values that differ by node (a node's
 * MemTotal) are left to the paths, and the subject says so.
 */
final class PerNodeRule implements GroupingRule {

    private record Shape(Kind kind, String subject, Set<String> paths) {
    }

    @Override
    public List<Finding> apply(List<Finding> findings, SnapshotPair pair) {
        Map<Shape, List<Finding>> byShape = new LinkedHashMap<>();
        List<Finding> result = new ArrayList<>();
        for (Finding finding : findings) {
            if (AbiPath.firstNodeId(finding.paths().get(0)).isPresent()) {
                byShape.computeIfAbsent(shapeOf(finding), shape -> new ArrayList<>()).add(finding);
            } else {
                result.add(finding);
            }
        }
        byShape.forEach((shape, members) -> {
            if (members.size() == 1) {
                result.add(members.get(0));
                return;
            }
            Set<Integer> nodes = members.stream().map(member -> AbiPath.firstNodeId(member.paths().get(0)).orElseThrow())
                    .collect(Collectors.toCollection(TreeSet::new));
            Optional<String> baseline = Findings.common(members.stream().map(Finding::baseline).toList());
            Optional<String> candidate = Findings.common(members.stream().map(Finding::candidate).toList());
            boolean valuesDiffer = baseline.isEmpty() && members.get(0).baseline().isPresent()
                    || candidate.isEmpty() && members.get(0).candidate().isPresent();
            String subject = shape.subject() + " on nodes " + org.hmsabi.topology.NodeLists.format(nodes)
                    + (valuesDiffer ? " (values differ by node)" : "");
            result.add(Findings.group(shape.kind(), subject, members, baseline, candidate));
        });
        return result;
    }

    private static Shape shapeOf(Finding finding) {
        return new Shape(finding.kind(), AbiPath.withoutNodeIds(finding.subject()),
                finding.paths().stream().map(AbiPath::withoutNodeIds).collect(Collectors.toCollection(TreeSet::new)));
    }
}
