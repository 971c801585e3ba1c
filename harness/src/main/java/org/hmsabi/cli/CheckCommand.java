package org.hmsabi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.guest.Guest;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.snapshot.Snapshot;
import org.hmsabi.snapshot.Snapshots;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.ConformanceChecker;
import org.hmsabi.spec.ConformanceReport;
import org.hmsabi.spec.Violation;
import org.hmsabi.topology.ShippedTopologies;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi check --kernel REF}: boot the kernel on each topology, capture once, run the
 * suites on the capture and print a verdict per topology. Exit 1 when a suite fails, 3 when a
 * guest could not be booted or read (that wins: the verdict is incomplete).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run the suites against one kernel on each topology (default: every shipped fixture).")
final class CheckCommand implements Callable<Integer> {
    static final List<String> SUITES = List.of("conformance");

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi>, debian:<series> or a bzImage path")
    String kernelRef;

    @Option(names = "--topology", paramLabel = "NAME|FILE", description = "a fixture name or file; repeatable (default: all shipped fixtures)")
    List<String> topologies = new ArrayList<>();

    @Option(names = "--suite", paramLabel = "S", description = "a suite to run; repeatable (default: all of " + "conformance" + ")")
    List<String> suites = new ArrayList<>();

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String suite : suites) {
            if (!SUITES.contains(suite)) {
                throw new BadInputException("--suite " + suite + ": unknown; the suites are " + SUITES);
            }
        }
        // Every fixture is loaded (and so validated) before the first boot.
        List<String> names = topologies.isEmpty() ? ShippedTopologies.names(guestOptions.workspace().topologiesDir()) : topologies;
        List<Topology> loaded = names.stream().map(guestOptions::topology).toList();
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        ConformanceChecker checker = new ConformanceChecker(AbiSpec.bundled());
        int exit = Main.OK;
        for (Topology topology : loaded) {
            Snapshot snapshot;
            try (Guest guest = Guest.boot(guestOptions.guestSpec(kernel, topology))) {
                snapshot = Snapshots.capture(guest, kernel, topology);
            } catch (HmsabiException e) {
                out.printf("ERROR %s on %s: %s%n", kernel.reference(), topology.name(), e.getMessage().lines().findFirst().orElse(""));
                exit = Main.INFRASTRUCTURE;
                continue;
            }
            ConformanceReport report = checker.check(snapshot, Optional.of(topology));
            out.printf("%s conformance %s on %s: %d checked, %d violations, %d undocumented%n", report.conforms() ? "PASS" : "FAIL",
                    report.kernel(), topology.name(), report.checked(), report.violations().size(), report.undocumented().size());
            report.violations().stream().map(Violation::message).forEach(message -> out.println("  " + message));
            report.undocumented().forEach(path -> out.println("  undocumented: " + path));
            if (!report.conforms() && exit == Main.OK) {
                exit = Main.FINDINGS;
            }
            out.flush();
        }
        if (exit != Main.OK) {
            out.printf("reproduce: ./hmsabi check --kernel %s%s%n", kernelRef,
                    names.stream().map(name -> " --topology " + name).reduce("", String::concat));
        }
        return exit;
    }
}
