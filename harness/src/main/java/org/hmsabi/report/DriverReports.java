package org.hmsabi.report;

import org.hmsabi.driver.DriverResult;
import org.hmsabi.driver.ModuleLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hmsabi.check.CheckResult;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.topology.Quantities;

/**
 * A validate-driver result in the project's report formats: summary.txt, JUnit, KCIDB and
 * Allure through {@link Reports} (the guest "before" the modules is the baseline, "after" the
 * candidate; the before/after diff is the diff table, every check a test case), plus the text
 * the command prints.
 */
public final class DriverReports {
    private DriverReports() {
    }

    public static List<Path> write(DriverResult result, String command, Instant started, Path resultsDir) {
        GuestRecord guest = new GuestRecord(result.kernel(), result.release(), result.topology(), result.bootTime(),
                Optional.empty(), Optional.of(result.console()), Optional.empty());
        TopologyRun run = new TopologyRun(result.topology(), TopologyRun.Status.COMPARED, Optional.empty(), List.of(guest),
                result.diff(), result.checks(), Optional.empty(), command);
        GateOutcome outcome = new GateOutcome(result.kernel() + " before the modules", result.kernel() + " after "
                + modules(result), false, started, Duration.between(started, Instant.now()), List.of(run), command,
                GateOutcome.Kind.VALIDATE_DRIVER);
        return Reports.writeAll(outcome, resultsDir);
    }

    /** What a person reads first: verdict, what loaded, what memory appeared, every failure, the diff, how to reproduce. */
    public static String text(DriverResult result, String command) {
        StringBuilder out = new StringBuilder();
        out.append("validate-driver: ").append(result.exitCode() == 0 ? "PASS" : "FAIL").append(" (exit ").append(result.exitCode())
                .append(")\n");
        out.append("kernel:    ").append(result.kernel()).append(result.release().isEmpty() ? "" : " (" + result.release() + ")")
                .append(" on ").append(result.topology()).append('\n');
        out.append("modules:   ").append(result.loads().stream().map(l -> l.module() + " " + l.status().name().toLowerCase())
                .collect(Collectors.joining(", "))).append('\n');
        out.append("memory:    auto_online_blocks=").append(result.autoOnline())
                .append(result.onlined().isEmpty() ? "" : ", onlined " + String.join(" ", result.onlined()))
                .append("; new nodes: ").append(result.added().isEmpty() ? "none" : result.added().stream()
                        .map(n -> "node" + n.id() + " +" + Quantities.formatBytes(n.sizeBytes())
                                + (n.observed().tier().isPresent() ? " memory_tier" + n.observed().tier().getAsInt() : ""))
                        .collect(Collectors.joining(", "))).append('\n');
        out.append("taint:     ").append(result.taintBefore()).append(" -> ").append(result.taintAfter()).append('\n');
        long passed = result.checks().stream().filter(c -> c.status() == CheckResult.Status.PASSED).count();
        out.append("checks:    ").append(passed).append(" passed, ").append(result.failures().size()).append(" failed\n");
        for (CheckResult check : result.checks()) {
            out.append("  ").append(String.format("%-7s", check.status())).append(' ').append(check.name())
                    .append(check.message().map(m -> ": " + m).orElse("")).append('\n');
        }
        if (!result.diff().isEmpty()) {
            out.append("\nBefore/after the modules (").append(result.diff().size()).append(" differences)\n")
                    .append(FindingsTable.render("  ", result.diff()));
        }
        if (result.exitCode() != 0 && !result.kernelLog().isBlank()) {
            out.append("\nKernel log while loading\n").append(result.kernelLog().indent(2));
        }
        out.append("\nReproduce\n  ").append(command).append('\n');
        return out.toString();
    }

    private static String modules(DriverResult result) {
        return result.loads().stream().map(ModuleLoad::module).collect(Collectors.joining(", "));
    }
}
