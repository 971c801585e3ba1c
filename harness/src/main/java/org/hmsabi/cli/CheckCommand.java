package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.HmsabiException;
import org.hmsabi.Workspace;
import org.hmsabi.Messages;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.check.CheckResult;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.diff.Waivers;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.guest.Guest;
import org.hmsabi.hotplug.HotPlugScenario;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.report.Reports;
import org.hmsabi.topology.ShippedTopologies;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi check --kernel REF}: boot the kernel on each topology and run the suites:
 * {@code conformance} (capture once, check against the spec) and {@code hotplug} (memory added
 * and removed over QMP while the guest runs, on topologies that declare hot-plug devices).
 * Prints a verdict per topology and writes the reports (summary, JUnit, KCIDB, Allure). Exit 1
 * when a check fails, 3 when a guest could not be booted or read (that wins: the verdict is
 * incomplete).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run the suites against one kernel on each topology (default: every shipped fixture).",
        footer = {"", "Exit 0 every check passed, 1 a check failed, 2 bad input, 3 a guest could not",
                "be booted or read (3 wins).",
                "", "Example:", "  hmsabi check --kernel debian:6.12 --topology cxl-far-memory --suite hotplug"})
final class CheckCommand implements Callable<Integer> {
    /** The suites, named as in the reports (the hot-plug suite's checks are {@code NewMemoryChecks.SUITE}, hotplug). */
    enum Suite { conformance, hotplug }

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi>, debian:<series> or a bzImage path")
    String kernelRef;

    @Mixin
    TopologiesOption topologies;

    @Option(names = "--suite", paramLabel = "conformance|hotplug", description = "a suite to run; repeatable (default: all of"
            + " conformance, hotplug; without --suite hotplug runs only on topologies that declare host-plugged devices)")
    List<Suite> suites = new ArrayList<>();

    @Mixin
    ResultsOption results;

    @Mixin
    ShardOption shard;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Suite> selected = suites.isEmpty() ? List.of(Suite.values()) : suites;
        Instant started = Instant.now();
        org.hmsabi.Shard part = shard.get();
        // Every fixture (and the hot-plug waivers) is loaded, and so validated, before the first boot.
        Workspace workspace = guestOptions.workspace();
        List<String> names = topologies.names(workspace);
        List<Topology> loaded = guestOptions.runnable(topologies.load(workspace), topologies.named(), err);
        Waivers hotPlugWaivers = selected.contains(Suite.hotplug) ? CliInputs.hotPlugWaivers(workspace) : Waivers.none();
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        // A shard checks only the fixtures that fall to it (every suite on each).
        RunMatrix matrix = RunMatrix.of(loaded, part);
        if (!part.isWhole()) {
            err.printf("check: shard %s: %s%n", part.text(), matrix.mineNames().isEmpty() ? "no fixtures fall to it"
                    : String.join(", ", matrix.mineNames()));
        }
        int exit = Main.OK;
        List<TopologyRun> runs = new ArrayList<>();
        for (Topology topology : matrix.select(loaded)) {
            List<CheckResult> checks = new ArrayList<>();
            Optional<String> problem = Optional.empty();
            try {
                if (selected.contains(Suite.conformance)) {
                    checks.addAll(conformance(kernel, topology, out));
                }
                if (selected.contains(Suite.hotplug) && (!suites.isEmpty() || topology.hotPlug().filter(room -> !room.hostPlugged().isEmpty()).isPresent())) {
                    checks.addAll(hotPlug(kernel, topology, hotPlugWaivers, out));
                }
            } catch (HmsabiException e) {
                problem = Optional.of(Messages.firstLine(e.getMessage()));
                out.printf("ERROR %s on %s: %s%n", kernel.reference(), topology.name(), problem.get());
                exit = Main.INFRASTRUCTURE;
            }
            if (exit == Main.OK && checks.stream().anyMatch(check -> check.status() == CheckResult.Status.FAILED)) {
                exit = Main.FINDINGS;
            }
            runs.add(new TopologyRun(topology.name(), problem.isPresent() ? TopologyRun.Status.NOT_BOOTED : TopologyRun.Status.COMPARED,
                    problem, List.of(), List.of(), checks, Optional.empty(), reproduce(List.of(topology.name()))));
            out.flush();
        }
        String exact = kernel.exactReference();
        GateOutcome outcome = new GateOutcome(exact, exact, false, started, Duration.between(started, Instant.now()), runs,
                reproduce(names), GateOutcome.Kind.CHECK).withQemu(org.hmsabi.qemu.QemuRequirements.describe(guestOptions.launcher()))
                .withMatrix(matrix).withPackagesOf(List.of(kernel));
        Path resultsDir = results.dir(workspace);
        Reports.writeAll(outcome, resultsDir);
        err.printf("check: reports in %s%n", resultsDir);
        if (exit != Main.OK) {
            out.printf("reproduce: %s%n", reproduce(names));
        }
        return exit;
    }

    private List<CheckResult> conformance(Kernel kernel, Topology topology, PrintWriter out) {
        Snapshot snapshot;
        CheckResult kernelLog;
        try (Guest guest = Guest.boot(guestOptions.guestSpec(kernel, topology))) {
            snapshot = Snapshots.capture(guest, kernel, topology);
            kernelLog = KernelLogCheck.of(kernel.exactReference(), topology.name() + ": boot and capture",
                    KernelLog.read(guest.session()));
        }
        out.printf("%s kernel log %s on %s: %s%n", kernelLog.status() == CheckResult.Status.PASSED ? "PASS" : "FAIL",
                kernel.exactReference(), topology.name(), kernelLog.message().orElse(""));
        ConformanceReport report = new ConformanceChecker(AbiSpec.bundled()).check(snapshot, Optional.of(topology));
        out.printf("%s conformance %s on %s: %d checked, %d violations, %d undocumented%n", report.conforms() ? "PASS" : "FAIL",
                report.kernel(), topology.name(), report.checked(), report.violations().size(), report.undocumented().size());
        report.violations().stream().map(Violation::message).forEach(message -> out.println("  " + message));
        report.undocumented().forEach(path -> out.println("  undocumented: " + path));
        String reference = kernel.exactReference();
        List<CheckResult> checks = new java.util.ArrayList<>();
        if (report.conforms()) {
            checks.add(new CheckResult(Suite.conformance.name(), topology.name() + " on " + reference, reference, CheckResult.Status.PASSED,
                    Optional.of(report.checked() + " attributes checked, " + report.undocumented().size() + " undocumented")));
        }
        report.violations().stream().map(violation -> new CheckResult(Suite.conformance.name(), violation.path() + " " + violation.rule(),
                reference, CheckResult.Status.FAILED, Optional.of(violation.message()))).forEach(checks::add);
        checks.add(kernelLog);
        return checks;
    }

    private List<CheckResult> hotPlug(Kernel kernel, Topology topology, Waivers waivers, PrintWriter out) {
        List<CheckResult> checks = new HotPlugScenario(guestOptions.guestSpec(kernel, topology), kernel, topology,
                HotPlugScenario.DEFAULT_EVENT_TIMEOUT, waivers).run();
        long failed = checks.stream().filter(check -> check.status() == CheckResult.Status.FAILED).count();
        out.printf("%s hotplug %s on %s: %d checks, %d failed, %d skipped%n", failed == 0 ? "PASS" : "FAIL", kernel.reference(),
                topology.name(), checks.size(), failed, checks.stream().filter(check -> check.status() == CheckResult.Status.SKIPPED).count());
        for (CheckResult check : checks) {
            // What the kernel did with the new memory is a result too, not only the failures.
            if (check.status() != CheckResult.Status.PASSED || check.name().endsWith(": online policy")) {
                out.println("  " + check.status() + " " + check.name() + ": " + check.message().orElse(""));
            }
        }
        return checks;
    }

    private String reproduce(List<String> names) {
        return "./hmsabi check --kernel " + kernelRef + names.stream().map(name -> " --topology " + name).reduce("", String::concat)
                + suites.stream().map(suite -> " --suite " + suite).reduce("", String::concat);
    }
}
