package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.check.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hmsabi.diff.Finding;
import org.hmsabi.model.SnapshotFiles;

/**
 * summary.txt, the first thing a person reads: the verdict, the kernels, one line per topology,
 * the findings, the checks that failed or were skipped, and how to reproduce each failure.
 */
public final class SummaryWriter {
    public static final String FILE_NAME = "summary.txt";

    private SummaryWriter() {
    }

    public static Path write(GateOutcome outcome, Path resultsDir) {
        Path file = resultsDir.resolve(FILE_NAME);
        SnapshotFiles.writeAtomically(file, render(outcome));
        return file;
    }

    public static String render(GateOutcome outcome) {
        StringBuilder out = new StringBuilder();
        header(outcome, out);
        topologies(outcome, out);
        findings(outcome, out);
        checks(outcome, out);
        checkDiffs(outcome, out);
        reproduce(outcome, out);
        return out.toString();
    }

    private static void header(GateOutcome outcome, StringBuilder out) {
        out.append("hmsabi ").append(outcome.kind().command()).append(": ").append(Verdict.of(outcome)).append(" (exit ").append(outcome.exitCode()).append(")\n");
        out.append("baseline:   ").append(outcome.baseline()).append(releases(outcome, outcome.baseline())).append('\n');
        out.append("candidate:  ").append(outcome.candidate()).append(releases(outcome, outcome.candidate())).append('\n');
        out.append("mode:       ").append(outcome.strict() ? "--strict (testing-ABI changes fail)" : "default (testing-ABI changes warn)").append('\n');
        out.append("started:    ").append(outcome.started()).append(", took ").append(seconds(outcome.wallTime())).append('\n');
    }

    /** The guest's uname -r next to the reference, when one answered: {@code debian:6.1 (6.1.0-56-amd64)}. */
    private static String releases(GateOutcome outcome, String kernel) {
        return outcome.runs().stream().flatMap(run -> run.guests().stream())
                .filter(guest -> guest.kernel().equals(kernel) && !guest.release().isEmpty())
                .map(guest -> " (" + guest.release() + ")").findFirst().orElse("");
    }

    private static void topologies(GateOutcome outcome, StringBuilder out) {
        out.append("\nTopologies (").append(outcome.runs().size()).append(")\n");
        if (outcome.runs().isEmpty()) {
            out.append("  none were run: nothing was compared\n");
            return;
        }
        TextTable table = new TextTable("  ", List.of("STATUS", "TOPOLOGY", "FAIL", "WARN", "INFO", "CHECKS"),
                10, 30, 4, 4, 4, 40);
        outcome.runs().forEach(run -> table.row(status(run), run.topology(),
                count(run, Finding.Severity.FAILURE), count(run, Finding.Severity.WARNING), count(run, Finding.Severity.INFO),
                checkCounts(run.checks())).note(note(run)));
        out.append(table.render());
    }

    static String status(TopologyRun run) {
        return switch (run.status()) {
            case NOT_BOOTED -> "NOT BOOTED";
            case SKIPPED -> "SKIPPED";
            case COMPARED -> {
                boolean failedCheck = run.checks().stream().anyMatch(check -> check.status() == CheckResult.Status.FAILED);
                yield ReportCases.failing(run).isEmpty() && !failedCheck ? "PASS" : "FAIL";
            }
        };
    }

    private static String note(TopologyRun run) {
        return switch (run.status()) {
            case NOT_BOOTED -> "not booted: " + ReportCases.notBootedReason(run);
            case SKIPPED -> "skipped: " + run.problem().orElse("no reason recorded");
            case COMPARED -> "";
        };
    }

    private static String count(TopologyRun run, Finding.Severity severity) {
        return String.valueOf(run.findings().stream().filter(finding -> finding.severity() == severity).count());
    }

    private static String checkCounts(List<CheckResult> checks) {
        if (checks.isEmpty()) {
            return "none";
        }
        return checks.stream().filter(check -> check.status() == CheckResult.Status.PASSED).count() + " passed, "
                + checks.stream().filter(check -> check.status() == CheckResult.Status.FAILED).count() + " failed, "
                + checks.stream().filter(check -> check.status() == CheckResult.Status.SKIPPED).count() + " skipped";
    }

    private static void findings(GateOutcome outcome, StringBuilder out) {
        long total = outcome.runs().stream().mapToLong(run -> run.findings().size()).sum();
        out.append("\nFindings (").append(total).append(")\n");
        if (total == 0) {
            out.append("  none\n");
        }
        outcome.runs().stream().filter(run -> !run.findings().isEmpty()).forEach(run -> {
            out.append("  ").append(run.topology()).append(":\n");
            out.append(FindingsTable.render("    ", run.findings()));
        });
    }

    private static void checks(GateOutcome outcome, StringBuilder out) {
        List<CheckResult> checks = outcome.runs().stream().flatMap(run -> run.checks().stream()).toList();
        out.append("\nChecks: ").append(checkCounts(checks)).append('\n');
        TextTable table = new TextTable("  ", List.of("STATUS", "SUITE", "TOPOLOGY", "KERNEL", "CHECK"), 7, 12, 24, 24, 40);
        boolean any = false;
        for (TopologyRun run : outcome.runs()) {
            for (CheckResult check : run.checks()) {
                if (check.status() != CheckResult.Status.PASSED) {
                    table.row(check.status().name(), check.suite(), run.topology(), check.kernel(), check.name())
                            .note(check.message().orElse(""));
                    any = true;
                }
            }
        }
        if (any) {
            out.append(table.render());
        }
    }

    /** The ABI diff each diff-judging check (a hot-plug event) saw, as a table, whether it passed or not. */
    private static void checkDiffs(GateOutcome outcome, StringBuilder out) {
        boolean header = false;
        for (TopologyRun run : outcome.runs()) {
            for (CheckResult check : run.checks()) {
                if (check.diff().isEmpty()) {
                    continue;
                }
                if (!header) {
                    out.append("\nDiffs judged by checks\n");
                    header = true;
                }
                out.append("  ").append(check.status()).append(' ').append(check.suite()).append(' ').append(run.topology())
                        .append(' ').append(check.kernel()).append(": ").append(check.name()).append('\n');
                List<Finding> findings = check.diff().get();
                out.append(findings.isEmpty() ? "    no differences\n" : FindingsTable.render("    ", findings));
            }
        }
    }

    /** One command per failing item: a topology's diff, or a failed check (by suite, kernel and topology). */
    private static void reproduce(GateOutcome outcome, StringBuilder out) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (TopologyRun run : outcome.runs()) {
            if (!ReportCases.failing(run).isEmpty() || run.status() == TopologyRun.Status.NOT_BOOTED) {
                commands.putIfAbsent(run.reproduce(), run.topology());
            }
            run.checks().stream().filter(check -> check.status() == CheckResult.Status.FAILED)
                    .forEach(check -> commands.putIfAbsent(ReportCases.checkCommand(run, check),
                            check.suite() + " on " + run.topology() + ", " + check.kernel()));
        }
        out.append("\nReproduce\n");
        commands.forEach((command, what) -> out.append("  ").append(what).append(":\n    ").append(command).append('\n'));
        out.append("  the whole run:\n    ").append(outcome.command()).append('\n');
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
