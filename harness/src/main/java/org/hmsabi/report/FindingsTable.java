package org.hmsabi.report;

import java.util.List;
import org.hmsabi.diff.Finding;

/** The findings of one topology as aligned text, for summary.txt and the JUnit failure body. */
final class FindingsTable {
    private FindingsTable() {
    }

    static String render(List<Finding> findings) {
        return render("", findings);
    }

    static String render(String indent, List<Finding> findings) {
        TextTable table = new TextTable(indent,
                List.of("SEVERITY", "KIND", "STABILITY", "SUBJECT", "BASELINE → CANDIDATE", "WAIVER"), 8, 14, 12, 30, 30, 40);
        findings.forEach(finding -> table.row(finding.severity().name(), finding.kind().name(),
                FindingText.stability(finding), finding.subject(), FindingText.change(finding), finding.waiver().orElse("")));
        return table.render();
    }
}
