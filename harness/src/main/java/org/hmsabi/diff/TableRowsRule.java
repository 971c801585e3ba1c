package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding.Kind;

/**
 * The rows a table gained (or lost) are one ADDED (or REMOVED) finding, {@code rows of
 * /proc/vmstat}, naming the rows: one kernel change usually adds a handful of counters at once.
 */
final class TableRowsRule implements GroupingRule {

    private record Table(Kind kind, String file) {
    }

    @Override
    public List<Finding> apply(List<Finding> findings, SnapshotPair pair) {
        Map<Table, List<Finding>> rowsByTable = new LinkedHashMap<>();
        List<Finding> result = new ArrayList<>();
        for (Finding finding : findings) {
            if (isRowPresenceChange(finding)) {
                String path = finding.paths().get(0);
                rowsByTable.computeIfAbsent(new Table(finding.kind(), AbiPath.file(path)), table -> new ArrayList<>()).add(finding);
            } else {
                result.add(finding);
            }
        }
        rowsByTable.forEach((table, rows) -> {
            if (rows.size() == 1) {
                result.add(rows.get(0));
                return;
            }
            Optional<String> names = Optional.of(rows.stream()
                    .map(row -> row.paths().get(0).substring(table.file().length() + 1))
                    .collect(Collectors.joining(", ")));
            result.add(Findings.group(table.kind(), "rows of " + table.file(), rows,
                    table.kind() == Kind.REMOVED ? names : Optional.empty(),
                    table.kind() == Kind.ADDED ? names : Optional.empty()));
        });
        return result;
    }

    private static boolean isRowPresenceChange(Finding finding) {
        return (finding.kind() == Kind.ADDED || finding.kind() == Kind.REMOVED)
                && finding.paths().size() == 1 && AbiPath.isRow(finding.paths().get(0));
    }
}
