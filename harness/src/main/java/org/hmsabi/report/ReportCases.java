package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.check.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.diff.Finding;

/**
 * Derives the test cases of a gate run once, so every test-oriented format counts the same
 * things: per topology one {@code abi-diff} case (failed by FAILURE findings, an error when a
 * guest did not boot, skipped visibly), then one case per suite check.
 */
public final class ReportCases {
    private ReportCases() {
    }

    public static List<ReportCase> of(GateOutcome outcome) {
        List<ReportCase> cases = new ArrayList<>();
        if (!outcome.isCheckRun()) {
            outcome.runs().forEach(run -> cases.add(diffCase(outcome, run)));
        }
        outcome.runs().forEach(run -> run.checks().forEach(check -> cases.add(checkCase(run, check))));
        return cases;
    }

    /** The cases grouped by suite, {@code abi-diff} first, then suites in the order they first appear. */
    public static Map<String, List<ReportCase>> bySuite(GateOutcome outcome) {
        Map<String, List<ReportCase>> suites = new LinkedHashMap<>();
        if (!outcome.isCheckRun()) {
            suites.put(ReportCase.DIFF_SUITE, new ArrayList<>());
        }
        of(outcome).forEach(reportCase -> suites.computeIfAbsent(reportCase.suite(), suite -> new ArrayList<>()).add(reportCase));
        return suites;
    }

    private static ReportCase diffCase(GateOutcome outcome, TopologyRun run) {
        Duration boot = run.guests().stream().map(GuestRecord::bootTime).reduce(Duration.ZERO, Duration::plus);
        String details = run.findings().isEmpty() ? "" : FindingsTable.render(run.findings());
        return switch (run.status()) {
            case NOT_BOOTED -> new ReportCase(ReportCase.DIFF_SUITE, run.topology(), run.topology(), outcome.candidate(),
                    CaseStatus.ERROR, Optional.of(notBootedReason(run)), guestLines(run), run.reproduce(), boot);
            case SKIPPED -> new ReportCase(ReportCase.DIFF_SUITE, run.topology(), run.topology(), outcome.candidate(),
                    CaseStatus.SKIPPED, Optional.of(run.problem().orElse("skipped")), details, run.reproduce(), boot);
            case NOT_JUDGED -> new ReportCase(ReportCase.DIFF_SUITE, run.topology(), run.topology(), outcome.candidate(),
                    CaseStatus.SKIPPED, Optional.of("not judged: " + run.problem().orElse("no reason recorded")), details,
                    run.reproduce(), boot);
            case COMPARED -> {
                List<Finding> failing = failing(run);
                List<Finding> warnings = run.findings().stream().filter(f -> f.severity() == Finding.Severity.WARNING).toList();
                long waived = run.findings().stream().filter(f -> f.waiver().isPresent()).count();
                // The message's first words name the kind of outcome (Allure's categories match them).
                Optional<String> message = !failing.isEmpty()
                        ? Optional.of(failing.size() + " failing finding" + (failing.size() == 1 ? "" : "s") + ": "
                                + String.join("; ", failing.stream().map(FindingText::oneLine).toList()))
                        : !warnings.isEmpty()
                        ? Optional.of(warnings.size() + " testing-ABI warning" + (warnings.size() == 1 ? "" : "s") + ": "
                                + String.join("; ", warnings.stream().map(FindingText::oneLine).toList()))
                        : waived > 0 ? Optional.of(waived + " waived or documented difference" + (waived == 1 ? "" : "s"))
                        : Optional.empty();
                yield new ReportCase(ReportCase.DIFF_SUITE, run.topology(), run.topology(), outcome.candidate(),
                        failing.isEmpty() ? CaseStatus.PASSED : CaseStatus.FAILED, message, details, run.reproduce(), boot);
            }
        };
    }

    static List<Finding> failing(TopologyRun run) {
        return run.findings().stream().filter(finding -> finding.severity() == Finding.Severity.FAILURE).toList();
    }

    /** The run's problem line, or else the guests' own failures: a not-booted topology always says why. */
    static String notBootedReason(TopologyRun run) {
        return run.problem().orElseGet(() -> String.join("; ", run.guests().stream()
                .flatMap(guest -> guest.failure().map(failure -> guest.kernel() + ": " + failure).stream()).toList()))
                .transform(reason -> reason.isBlank() ? "not booted (no reason recorded)" : reason);
    }

    private static String guestLines(TopologyRun run) {
        StringBuilder out = new StringBuilder();
        run.guests().forEach(guest -> out.append(guest.kernel()).append(": ")
                .append(guest.failure().orElse(guest.release().isEmpty() ? "no answer" : "booted " + guest.release()))
                .append('\n'));
        return out.toString();
    }

    private static ReportCase checkCase(TopologyRun run, CheckResult check) {
        CaseStatus status = switch (check.status()) {
            case PASSED -> CaseStatus.PASSED;
            case FAILED -> CaseStatus.FAILED;
            case SKIPPED -> CaseStatus.SKIPPED;
        };
        String details = check.message().orElse("") + check.diff()
                .map(findings -> "\n" + (findings.isEmpty() ? "no differences\n" : FindingsTable.render(findings))).orElse("");
        return new ReportCase(check.suite(), run.topology(), check.name(), check.kernel(), status, check.message(),
                details, checkCommand(run, check), Duration.ZERO);
    }

    /** The CLI contract's command that runs just this suite on this kernel and topology. */
    static String checkCommand(TopologyRun run, CheckResult check) {
        return "./hmsabi check --kernel " + check.kernel() + " --topology " + TopologyRun.fixtureOf(run.topology()) + " --suite " + check.suite();
    }
}
