package org.hmsabi.bisect;

import java.util.stream.Collectors;
import org.hmsabi.diff.Finding;

/** The answer as a person reads it, and the exit code the CLI gives it. */
public final class BisectReport {
    private BisectReport() {
    }

    public static String render(BisectResult result) {
        StringBuilder text = new StringBuilder();
        if (result instanceof BisectResult.FirstBad found) {
            text.append("first bad ").append(found.firstBad()).append(", last good ").append(found.lastGood()).append('\n');
            if (!found.untestableBetween().isEmpty()) {
                text.append("  of the testable kernels; the change may also lie in the untestable ")
                        .append(String.join(", ", found.untestableBetween())).append(" between them\n");
            }
            text.append("finding: ").append(oneLine(found.finding())).append('\n');
            text.append(String.format("confidence: %.2f%n", found.confidence()));
        } else if (result instanceof BisectResult.NoChange none) {
            text.append("no change in range: ").append(none.last()).append(" does not differ from ").append(none.first()).append('\n');
        } else if (result instanceof BisectResult.EndUntestable end) {
            text.append("cannot bisect: ").append(end.reference()).append(" (an end of the range) is untestable: ")
                    .append(end.reason()).append('\n');
        } else if (result instanceof BisectResult.RecheckDisagrees disagrees) {
            text.append("no culprit named: ").append(disagrees.what()).append("; the result is flaky (try more --runs)\n");
        }
        text.append("steps: ").append(result.checks().size()).append('\n');
        for (Check check : result.checks()) {
            text.append(String.format("  %s: %s (%d of %d runs agree)%n", check.reference(), check.verdict().word(),
                    check.agreeing(), check.runs()));
        }
        if (!result.skipped().isEmpty()) {
            text.append("skipped (untestable): ").append(result.skipped().stream()
                    .map(check -> check.reference() + " (" + ((Observation.Untestable) check.verdict()).reason() + ")")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return text.toString();
    }

    /** 0 when it names a first bad kernel or finds no change, 3 when an end is untestable, 1 when a flaky re-check keeps it from naming one. */
    public static int exitCode(BisectResult result) {
        if (result instanceof BisectResult.FirstBad || result instanceof BisectResult.NoChange) {
            return 0;
        }
        return result instanceof BisectResult.EndUntestable ? 3 : 1;
    }

    static String oneLine(Finding finding) {
        return finding.kind() + " " + finding.severity() + " " + finding.subject()
                + finding.baseline().map(value -> " (was " + value + ")").orElse("")
                + finding.candidate().map(value -> " (now " + value + ")").orElse("");
    }
}
