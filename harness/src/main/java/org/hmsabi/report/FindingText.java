package org.hmsabi.report;

import java.util.Locale;
import org.hmsabi.diff.Finding;

/** How a finding reads in every format, so the summary, JUnit, KTAP and Allure say the same words. */
final class FindingText {
    private FindingText() {
    }

    /** {@code baseline → candidate}, with a dash for the side that has no value (added, removed). */
    static String change(Finding finding) {
        return finding.baseline().orElse("-") + " → " + finding.candidate().orElse("-");
    }

    static String stability(Finding finding) {
        return finding.stability().name().toLowerCase(Locale.ROOT);
    }

    /** One line: {@code FAILURE REMOVED (stable) node 1 access0: 10 → -}, and the waiver when there is one. */
    static String oneLine(Finding finding) {
        return finding.severity() + " " + finding.kind() + " (" + stability(finding) + ") " + finding.subject()
                + ": " + change(finding) + finding.waiver().map(reason -> " [waived: " + reason + "]").orElse("");
    }
}
