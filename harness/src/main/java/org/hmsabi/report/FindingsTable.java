package org.hmsabi.report;

import java.util.List;
import org.hmsabi.diff.Finding;

/**
 * The findings of one topology as aligned text, for findings.txt and the JUnit failure body; the
 * subject (a path, a syscall case) is never broken, so grepping the file for it finds it.
 */
public final class FindingsTable {
    private FindingsTable() {
    }

    public static String render(List<Finding> findings) {
        return render("", findings);
    }

    public static String render(String indent, List<Finding> findings) {
        TextTable table = new TextTable(indent,
                List.of("SEVERITY", "KIND", "STABILITY", "SUBJECT", "BASELINE → CANDIDATE"), 8, 14, 12, TextTable.WHOLE, 60);
        // The waiver goes on its own line under the finding: a reason and a link never fit a column.
        findings.forEach(finding -> table.row(finding.severity().name(), finding.kind().name(),
                FindingText.stability(finding), finding.subject(), FindingText.change(finding))
                .note(finding.waiver().map(waiver -> "waived: " + waiver).orElse("")));
        return table.render();
    }
}
