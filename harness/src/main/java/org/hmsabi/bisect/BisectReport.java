package org.hmsabi.bisect;

import java.util.stream.Collectors;
import org.hmsabi.Messages;
import org.hmsabi.diff.Finding;

/** The answer as a person reads it, and the exit code the CLI gives it. */
public final class BisectReport {
    private BisectReport() {
    }

    /** What the search looks for: where a change came in (a regression), or where a break was repaired. */
    public enum Direction {
        REGRESSION("first bad", "last good"),
        FIX("first fixed", "last broken");

        private final String changed;
        private final String unchanged;

        Direction(String changed, String unchanged) {
            this.changed = changed;
            this.unchanged = unchanged;
        }

        /** A step's verdict in this direction's words: looking for a fix, "bad" (differs) means fixed. */
        String word(Observation verdict) {
            if (this == FIX && verdict instanceof Observation.Good) {
                return "still broken";
            }
            if (this == FIX && verdict instanceof Observation.Bad) {
                return "fixed";
            }
            return verdict.word();
        }
    }

    public static String render(BisectResult result) {
        return render(result, Direction.REGRESSION);
    }

    public static String render(BisectResult result, Direction direction) {
        StringBuilder text = new StringBuilder();
        if (result instanceof BisectResult.FirstBad found) {
            text.append(direction.changed).append(' ').append(found.firstBad()).append(", ").append(direction.unchanged)
                    .append(' ').append(found.lastGood()).append('\n');
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
            text.append(String.format("  %s: %s (%d of %d runs agree)%n", check.reference(), direction.word(check.verdict()),
                    check.agreeing(), check.runs()));
        }
        if (!result.skipped().isEmpty()) {
            text.append("skipped (untestable): ").append(result.skipped().stream()
                    .map(check -> check.reference() + " (" + ((Observation.Untestable) check.verdict()).reason() + ")")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return text.toString();
    }

    /**
     * A report ready to mail to the kernel's lists: the finding, the last good and first bad
     * package with their upstream versions, the one-command reproducer, and the line the kernel's
     * regression tracker (regzbot) reads. {@code upstream} maps each reference to its upstream version.
     */
    public static String mailReport(BisectResult.FirstBad found, Direction direction, String topology,
                                    java.util.function.Function<String, String> upstream, String reproducer) {
        String good = upstream.apply(found.lastGood());
        String bad = upstream.apply(found.firstBad());
        StringBuilder text = new StringBuilder();
        if (direction == Direction.REGRESSION) {
            text.append("Subject: [REGRESSION] ").append(found.finding().subject()).append(" changed between v").append(good)
                    .append(" and v").append(bad).append("\n\n");
            text.append("The heterogeneous-memory ABI user space sees changed between Linux v").append(good).append(" and v").append(bad)
                    .append(" (found by hmsabi on the ").append(topology).append(" topology, QEMU):\n\n");
        } else {
            text.append("Subject: Re: [REGRESSION] ").append(found.finding().subject()).append(" fixed between v").append(good)
                    .append(" and v").append(bad).append("\n\n");
            text.append("The change is repaired between Linux v").append(good).append(" and v").append(bad)
                    .append(" (found by hmsabi on the ").append(topology).append(" topology, QEMU):\n\n");
        }
        text.append("  ").append(oneLine(found.finding())).append("\n\n");
        text.append("  ").append(direction.unchanged).append(": ").append(found.lastGood()).append(" (upstream v").append(good).append(")\n");
        text.append("  ").append(direction.changed).append(": ").append(found.firstBad()).append(" (upstream v").append(bad).append(")\n");
        if (!found.untestableBetween().isEmpty()) {
            text.append("  untestable between them: ").append(String.join(", ", found.untestableBetween())).append('\n');
        }
        text.append("\nReproduce:\n  ").append(reproducer).append("\n\n");
        if (direction == Direction.REGRESSION) {
            text.append("#regzbot introduced: v").append(good).append("..v").append(bad).append('\n');
        } else {
            text.append("(for regzbot: once the fixing commit between v").append(good).append(" and v").append(bad)
                    .append(" is known, reply to the report with '#regzbot fix: <commit>')\n");
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
                + finding.baseline().map(value -> " (was " + Messages.joinLines(value) + ")").orElse("")
                + finding.candidate().map(value -> " (now " + Messages.joinLines(value) + ")").orElse("");
    }
}
