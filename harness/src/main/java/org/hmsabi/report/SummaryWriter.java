package org.hmsabi.report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hmsabi.Messages;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.model.SnapshotFiles;

/**
 * summary.txt, the first thing a person reads, and what the gate prints: the verdict, the kernels,
 * one line per topology, every FAIL and WARN finding and every check that did not pass, each on
 * one line that is never wrapped or cut (a CI log grep for an attribute path finds it), the INFO
 * and waived findings counted per kind, and how to reproduce each failure. A passing default gate
 * fits in one screen. The full tables (every finding, every diff a check judged) are in
 * findings.txt ({@link #DETAILS_FILE}) and the HTML report.
 */
public final class SummaryWriter {
    public static final String FILE_NAME = "summary.txt";
    /** Every finding per topology and every diff a check judged, as tables. */
    public static final String DETAILS_FILE = "findings.txt";

    private SummaryWriter() {
    }

    /** Writes summary.txt and findings.txt; returns both. */
    public static List<Path> write(GateOutcome outcome, Path resultsDir) {
        Path summary = resultsDir.resolve(FILE_NAME);
        SnapshotFiles.writeAtomically(summary, render(outcome));
        Path details = resultsDir.resolve(DETAILS_FILE);
        SnapshotFiles.writeAtomically(details, renderDetails(outcome));
        return List.of(summary, details);
    }

    public static String render(GateOutcome outcome) {
        StringBuilder out = new StringBuilder();
        header(outcome, out);
        topologies(outcome, out);
        findingLines(outcome, out);
        checkLines(outcome, out);
        out.append("\nDetails: ").append(DETAILS_FILE).append(" (every finding, every diff a check judged) and the HTML report\n");
        reproduce(outcome, out);
        return out.toString();
    }

    /** findings.txt: the verdict and kernels, then every finding and every judged diff as tables. */
    public static String renderDetails(GateOutcome outcome) {
        StringBuilder out = new StringBuilder();
        header(outcome, out);
        findings(outcome, out);
        checks(outcome, out);
        checkDiffs(outcome, out);
        return out.toString();
    }

    /**
     * The counts, then every FAIL and WARN finding on one line each:
     * {@code WARNING VALUE_CHANGED testing two-socket-hbm: <full subject>: 1 → 4}.
     */
    private static void findingLines(GateOutcome outcome, StringBuilder out) {
        List<Finding> all = outcome.runs().stream().flatMap(run -> run.findings().stream()).toList();
        out.append("\nFindings (").append(all.size()).append("): ").append(severityCount(all, Finding.Severity.FAILURE)).append(" fail, ")
                .append(severityCount(all, Finding.Severity.WARNING)).append(" warn, ")
                .append(severityCount(all, Finding.Severity.INFO)).append(" info");
        long waived = all.stream().filter(finding -> finding.waiver().isPresent()).count();
        Map<Finding.Kind, Long> infoKinds = new java.util.TreeMap<>();
        all.stream().filter(finding -> finding.severity() == Finding.Severity.INFO)
                .forEach(finding -> infoKinds.merge(finding.kind(), 1L, Long::sum));
        if (!infoKinds.isEmpty()) {
            out.append(" (");
            out.append(infoKinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", ")));
            out.append(waived > 0 ? "; " + waived + " waived or documented)" : ")");
        }
        out.append('\n');
        for (TopologyRun run : outcome.runs()) {
            for (Finding finding : run.findings()) {
                if (finding.severity() != Finding.Severity.INFO) {
                    out.append("  ").append(finding.severity()).append(' ').append(finding.kind()).append(' ')
                            .append(FindingText.stability(finding)).append(' ').append(run.topology()).append(": ")
                            .append(finding.subject()).append(": ").append(oneLine(FindingText.change(finding))).append('\n');
                }
            }
        }
    }

    private static long severityCount(List<Finding> findings, Finding.Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }

    /** The check counts, then every check that did not pass on one line, with its message's first line. */
    private static void checkLines(GateOutcome outcome, StringBuilder out) {
        List<CheckResult> checks = outcome.runs().stream().flatMap(run -> run.checks().stream()).toList();
        out.append("\nChecks: ").append(checkCounts(checks)).append('\n');
        for (TopologyRun run : outcome.runs()) {
            for (CheckResult check : run.checks()) {
                if (check.status() != CheckResult.Status.PASSED) {
                    out.append("  ").append(check.status()).append(' ').append(check.suite()).append(' ').append(run.topology())
                            .append(' ').append(check.kernel()).append(": ").append(check.name())
                            .append(check.message().map(message -> ": " + oneLine(message)).orElse("")).append('\n');
                }
            }
        }
    }

    /** Text made one line: line breaks become spaces (a guest's words are bounded where they are read). */
    private static String oneLine(String text) {
        return Messages.joinLines(text);
    }

    private static void header(GateOutcome outcome, StringBuilder out) {
        out.append("hmsabi ").append(outcome.kind().command()).append(": ").append(Verdict.of(outcome)).append(" (exit ").append(outcome.exitCode()).append(")\n");
        if (outcome.nothingJudged()) {
            out.append("nothing judged: the runner's QEMU cannot emulate any of these fixtures (each says why below); use --runner auto\n");
        }
        out.append("baseline:   ").append(outcome.baseline()).append(releases(outcome, outcome.baseline())).append('\n');
        out.append("candidate:  ").append(outcome.candidate()).append(releases(outcome, outcome.candidate())).append('\n');
        out.append("mode:       ").append(outcome.strict() ? "--strict (testing-ABI changes fail)" : "default (testing-ABI changes warn)").append('\n');
        if (!outcome.qemu().isEmpty()) {
            out.append("qemu:       ").append(outcome.qemu()).append('\n');
        }
        out.append("started:    ").append(outcome.started()).append(", took ").append(seconds(outcome.wallTime())).append('\n');
    }

    /** The guest's uname -r next to the reference, when one answered: {@code debian:6.1 (6.1.0-56-amd64)}. */
    static String releases(GateOutcome outcome, String kernel) {
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
            case NOT_JUDGED -> "NOT JUDGED";
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
            case NOT_JUDGED -> "not judged: " + run.problem().orElse("no reason recorded");
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
