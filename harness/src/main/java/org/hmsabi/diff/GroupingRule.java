package org.hmsabi.diff;

import java.util.List;

/**
 * One way in which several findings share a cause and become one, so a reader sees causes, not
 * lines. A rule returns the findings it did not group unchanged, plus one finding per group.
 * Rules run in the order of {@link Grouping}; each sees what the ones before it produced.
 */
interface GroupingRule {
    List<Finding> apply(List<Finding> findings, SnapshotPair pair);
}
