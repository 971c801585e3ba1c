package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding.Severity;

/**
 * A diff as a person reads it: one line of verdict, a table of findings (kind, severity,
 * stability, subject, baseline → candidate, number of paths), the waivers that were used, and
 * those that were not or have expired.
 */
public final class DiffText {
    private static final int VALUE_WIDTH = 40;
    private static final List<String> HEADER = List.of("KIND", "SEVERITY", "STABILITY", "SUBJECT", "BASELINE → CANDIDATE", "PATHS");

    private DiffText() {
    }

    public static String render(DiffResult result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %s (%s) → %s (%s)%s%n", result.topology().name(),
                result.baseline().release(), result.baseline().reference(),
                result.candidate().release(), result.candidate().reference(), result.strict() ? ", strict" : ""));
        text.append(String.format("%s: %d failures, %d warnings, %d information%n", result.passes() ? "PASS" : "FAIL",
                result.count(Severity.FAILURE), result.count(Severity.WARNING), result.count(Severity.INFO)));
        if (!result.findings().isEmpty()) {
            text.append('\n').append(table(result.findings()));
        }
        List<Finding> waived = result.findings().stream().filter(finding -> finding.waiver().isPresent()).toList();
        if (!waived.isEmpty()) {
            text.append("\nwaived:\n");
            waived.forEach(finding -> text.append("  ").append(finding.subject()).append(": ")
                    .append(finding.waiver().orElseThrow()).append('\n'));
        }
        appendWaivers(text, "unused waivers (delete them, or fix their path/kernels)", result.waivers().unused());
        appendWaivers(text, "expired waivers (no longer applied)", result.waivers().expired());
        return text.toString();
    }

    private static String table(List<Finding> findings) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Finding finding : findings) {
            rows.add(List.of(finding.kind().name(), finding.severity().name(), finding.stability().yamlName(),
                    finding.subject() + (finding.waiver().isPresent() ? " [waived]" : ""),
                    shown(finding.baseline()) + " → " + shown(finding.candidate()),
                    String.valueOf(finding.paths().size())));
        }
        int[] widths = new int[HEADER.size()];
        rows.forEach(row -> {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        });
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                boolean last = column == row.size() - 1;
                line.append(last ? row.get(column) : pad(row.get(column), widths[column] + 2));
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }

    /** sysfs values end in a newline that says nothing; other control characters are shown, long values cut. */
    static String shown(Optional<String> value) {
        if (value.isEmpty()) {
            return "—";
        }
        String text = value.get().endsWith("\n") ? value.get().substring(0, value.get().length() - 1) : value.get();
        text = text.replace("\n", "⏎").replace("\t", "⇥");
        if (text.isEmpty()) {
            return "\"\"";
        }
        return text.length() > VALUE_WIDTH ? text.substring(0, VALUE_WIDTH - 1) + "…" : text;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static void appendWaivers(StringBuilder text, String title, List<Waiver> waivers) {
        if (waivers.isEmpty()) {
            return;
        }
        text.append('\n').append(title).append(":\n");
        waivers.forEach(waiver -> text.append("  ").append(waiver.origin()).append(": ").append(waiver.reason())
                .append(waiver.expires().map(date -> " (expires " + date + ")").orElse("")).append('\n'));
    }
}
