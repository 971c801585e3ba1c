package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hmsabi.Workspace;
import org.hmsabi.diff.Waivers;
import org.hmsabi.gate.Gate;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPair;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.report.KtapWriter;
import org.hmsabi.report.Reports;
import org.hmsabi.report.SummaryWriter;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi gate}: the kernel CI gate ({@link Gate}). For every selected topology it obtains the
 * baseline kernel's snapshot (its golden file, or a boot) and boots the candidate, diffs the two and
 * writes every report format; exit 0 pass, 1 a regression, 2 bad input, 3 a guest that could not
 * be booted or captured (missing coverage fails unless --allow-missing-coverage).
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "The CI gate: diff a candidate kernel's ABI against a baseline's on every topology.")
final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "REF", description = "baseline kernel (default: the pinned gate baseline)")
    String baselineRef;

    @Option(names = "--candidate", paramLabel = "REF", description = "candidate kernel (default: the pinned gate candidate)")
    String candidateRef;

    @Option(names = "--topology", paramLabel = "NAME|FILE", description = "topologies to run (default: every fixture)")
    List<String> topologyRefs = new ArrayList<>();

    @Option(names = "--strict", description = "testing-ABI changes fail the gate too")
    boolean strict;

    @Option(names = "--ktap", description = "print KTAP on stdout instead of the summary")
    boolean ktap;

    @Option(names = "--results", paramLabel = "DIR", description = "where reports go (default: target/hmsabi-results)")
    Path results;

    @Option(names = "--parallel", defaultValue = "2", paramLabel = "N", description = "guests at a time (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--baseline-from", defaultValue = "golden", paramLabel = "golden|boot",
            description = "take the baseline from its golden file where one matches the topology (golden), or always boot it")
    String baselineFrom;

    @Option(names = "--update-golden", description = "write the captured snapshots as golden files (never done otherwise)")
    boolean updateGolden;

    @Option(names = "--allow-missing-coverage", description = "a topology that cannot be booted is reported but does not fail the gate")
    boolean allowMissingCoverage;

    @Option(names = "--waivers", paramLabel = "FILE", description = "waivers (default: fixtures/waivers.yaml)")
    Path waiversFile;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant started = Instant.now();
        Workspace workspace = guestOptions.workspace();
        // Everything about the input is checked before the first guest boots.
        if (!baselineFrom.equals("golden") && !baselineFrom.equals("boot")) {
            throw new org.hmsabi.BadInputException("--baseline-from " + baselineFrom + ": use golden or boot");
        }
        List<Topology> topologies = guestOptions.runnable(CliInputs.topologies(workspace, topologyRefs), !topologyRefs.isEmpty(), err);
        Waivers waivers = CliInputs.waivers(workspace, waiversFile);
        Waivers hotPlugWaivers = java.nio.file.Files.exists(workspace.hotPlugWaivers())
                ? Waivers.load(workspace.hotPlugWaivers()) : Waivers.none();
        KernelPair pins = KernelPins.findOrNone(workspace.root()).defaults();
        Kernel baseline = guestOptions.kernel(baselineRef != null ? baselineRef : pins.baseline().reference(), err);
        Kernel candidate = guestOptions.kernel(candidateRef != null ? candidateRef : pins.candidate().reference(), err);
        Path resultsDir = results != null ? results : workspace.resultsDir();

        Gate gate = new Gate(new Gate.Settings(strict, baselineFrom.equals("golden"), updateGolden, allowMissingCoverage, parallel,
                guestOptions.reproducingOptions()), () -> guestOptions.captures(parallel, err), guestOptions::guestSpec, err);
        GateOutcome outcome = gate.run(new Gate.Inputs(baseline, candidate, topologies, waivers, hotPlugWaivers,
                GoldenFiles.of(workspace), resultsDir), started);
        Reports.writeAll(outcome, resultsDir);
        if (ktap) {
            KtapWriter.write(outcome, out);
        } else {
            out.print(SummaryWriter.render(outcome));
        }
        out.flush();
        err.printf("gate: reports in %s (%.0f s)%n", resultsDir, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return outcome.exitCode();
    }
}
