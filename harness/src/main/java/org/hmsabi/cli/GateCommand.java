package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.hmsabi.Workspace;
import org.hmsabi.diff.Waivers;
import org.hmsabi.gate.Gate;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.BaselineKernel;
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
        description = "The CI gate: diff a candidate kernel's ABI against a baseline's on every topology.",
        footer = {"", "Exit 0 pass, 1 regression, 2 bad input, 3 a guest not booted or captured,", "4 a kernel unavailable.",
                "", "Examples:", "  hmsabi gate --strict --topology two-socket-hbm --format ktap",
                "  hmsabi gate --shard 2/3 --results shard-2"})
final class GateCommand implements Callable<Integer> {
    /** What gate prints on stdout (every report is written under --results either way). */
    enum Format { summary, ktap }

    /** Where the baseline's snapshot comes from. */
    enum BaselineFrom { golden, boot }

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "REF", description = "baseline kernel (default: the pinned gate baseline)")
    String baselineRef;

    @Option(names = "--candidate", paramLabel = "REF", description = "candidate kernel (default: the pinned gate candidate)")
    String candidateRef;

    @Mixin
    TopologiesOption topologies;

    @Mixin
    StrictOption strict;

    @Option(names = "--format", paramLabel = "summary|ktap", defaultValue = "summary",
            description = "what to print on stdout: the summary, or KTAP (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--ktap", description = "deprecated: use --format ktap")
    boolean ktap;

    @Mixin
    ResultsOption results;

    @Mixin
    ParallelOption parallel;

    @Mixin
    ShardOption shard;

    @Option(names = "--baseline-from", defaultValue = "golden", paramLabel = "golden|boot",
            description = "take the baseline from its golden file where one matches the topology (golden), or always boot it"
                    + " (default: ${DEFAULT-VALUE})")
    BaselineFrom baselineFrom;

    @Mixin
    UpdateGoldenOption updateGolden;

    @Option(names = "--allow-missing-coverage", description = "a topology that cannot be booted is reported but does not fail the gate")
    boolean allowMissingCoverage;

    @Mixin
    WaiversOption waivers;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (ktap) {
            CliInputs.deprecated(err, "--ktap", "--format ktap");
            format = Format.ktap;
        }
        Instant started = Instant.now();
        org.hmsabi.Shard part = shard.get();
        Workspace workspace = guestOptions.workspace();
        // Everything about the input is checked before the first guest boots.
        // Every fixture asked for goes to the gate: one the runner's QEMU cannot emulate is reported as not judged, with why.
        List<Topology> loaded = topologies.load(workspace);
        Waivers diffWaivers = waivers.load(workspace);
        Waivers hotPlugWaivers = CliInputs.hotPlugWaivers(workspace);
        int guests = parallel.get();
        KernelPins repositoryPins = KernelPins.findOrNone(workspace.root());
        KernelPair pins = repositoryPins.defaults();
        BaselineKernel baseline = guestOptions.baseline(baselineRef != null ? baselineRef : pins.baseline().reference(), repositoryPins, err);
        Kernel candidate = guestOptions.kernel(candidateRef != null ? candidateRef : pins.candidate().reference(), err);
        Path resultsDir = results.dir(workspace);

        Gate gate = new Gate(new Gate.Settings(strict.strict, baselineFrom == BaselineFrom.golden, updateGolden.updateGolden, allowMissingCoverage,
                guests, guestOptions.reproducingOptions(), part), () -> guestOptions.captures(guests, err), guestOptions::guestSpec, err);
        GateOutcome outcome = gate.run(new Gate.Inputs(baseline, candidate, loaded, diffWaivers, hotPlugWaivers,
                GoldenFiles.of(workspace), resultsDir), started);
        if (topologies.named()) { // the whole run's command repeats the fixtures asked for, else it would run every one
            outcome = outcome.withCommand(outcome.command() + topologies.names(workspace).stream()
                    .map(name -> " --topology " + name).reduce("", String::concat));
        }
        Reports.writeAll(outcome, resultsDir);
        if (format == Format.ktap) {
            KtapWriter.write(outcome, out);
        } else {
            out.print(SummaryWriter.render(outcome));
        }
        out.flush();
        err.printf("gate: reports in %s (%.0f s)%n", resultsDir, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return outcome.exitCode();
    }
}
