package org.hmsabi.history;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hmsabi.Messages;
import org.hmsabi.diff.Finding;

/**
 * The history as text, per kernel: what appeared, changed and went away there, one line each with
 * the whole path (never cut or wrapped, so a CI log can be searched for it).
 */
public final class HistoryText {
    private HistoryText() {
    }

    public static String render(List<AbiHistory> histories) {
        StringBuilder out = new StringBuilder();
        for (AbiHistory history : histories) {
            out.append("history of ").append(history.topology()).append(": ")
                    .append(String.join(" → ", history.kernels().stream().map(HistoryText::shortName).toList())).append('\n');
            for (AbiHistory.Step step : history.steps()) {
                out.append("  ").append(shortName(step.to())).append(" (from ").append(shortName(step.from())).append("): ");
                if (step.findings().isEmpty()) {
                    out.append("no change\n");
                    continue;
                }
                out.append(counts(step.findings())).append('\n');
                for (Finding finding : step.findings()) {
                    out.append("    ").append(String.format(Locale.ROOT, "%-14s %-7s %-12s ", finding.kind(), finding.severity(),
                            finding.stability().name().toLowerCase(Locale.ROOT)))
                            .append(finding.subject()).append(values(finding)).append('\n');
                    finding.waiver().ifPresent(note -> out.append("        ").append(Messages.firstLine(note)).append('\n'));
                }
            }
        }
        return out.toString();
    }

    static String shortName(String reference) {
        return reference.startsWith("debian:") ? reference.substring("debian:".length()) : reference;
    }

    private static String counts(List<Finding> findings) {
        long failures = findings.stream().filter(f -> f.severity() == Finding.Severity.FAILURE).count();
        long warnings = findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        return findings.size() + " change(s): " + failures + " failing, " + warnings + " warning(s)";
    }

    private static String values(Finding finding) {
        Optional<String> before = finding.baseline().map(HistoryText::oneLine);
        Optional<String> after = finding.candidate().map(HistoryText::oneLine);
        if (before.isEmpty() && after.isEmpty()) {
            return "";
        }
        return ": " + before.orElse("—") + " → " + after.orElse("—");
    }

    private static String oneLine(String value) {
        String line = Messages.joinLines(value);
        return line.length() > 60 ? line.substring(0, 57) + "…" : line;
    }
}
