package org.hmsabi.diff;

import java.util.List;

/**
 * The grouping rules, in the order they run. The order matters: a node's tier move claims the
 * tier directory it appeared with before that directory could count as an added subtree; a
 * subtree is closed before it can be repeated per node; rows of a table are gathered before the
 * same rows on every node become one finding.
 */
final class Grouping {
    private final List<GroupingRule> rules = List.of(
            new TierMoveRule(), new SubtreeRule(), new TableRowsRule(), new PerNodeRule());

    List<Finding> apply(List<Finding> findings, SnapshotPair pair) {
        List<Finding> grouped = findings;
        for (GroupingRule rule : rules) {
            grouped = rule.apply(grouped, pair);
        }
        return grouped;
    }
}
