package org.hmsabi.cli;

import org.hmsabi.gate.GateChecks;
import org.hmsabi.gate.GateHotPlug;
import org.hmsabi.gate.GateRuns;
import org.hmsabi.gate.GateTopology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.hmsabi.Workspace;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPair;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.report.KtapWriter;
import org.hmsabi.report.Reports;
import org.hmsabi.report.SummaryWriter;
import org.hmsabi.capture.Capture;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi gate}: the kernel CI gate. For every selected topology it obtains the baseline
 * kernel's snapshot (its golden file, or a boot) and boots the candidate, diffs the two and
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
        List<Topology> topologies = CliInputs.topologies(workspace, topologyRefs);
        Waivers waivers = CliInputs.waivers(workspace, waiversFile);
        Waivers hotPlugWaivers = java.nio.file.Files.exists(workspace.hotPlugWaivers())
                ? Waivers.load(workspace.hotPlugWaivers()) : Waivers.none();
        KernelPair pins = KernelPins.findOrNone(workspace.root()).defaults();
        Kernel baseline = guestOptions.kernel(baselineRef != null ? baselineRef : pins.baseline().reference(), err);
        Kernel candidate = guestOptions.kernel(candidateRef != null ? candidateRef : pins.candidate().reference(), err);
        GoldenFiles golden = GoldenFiles.of(workspace);
        Path resultsDir = results != null ? results : workspace.resultsDir();

        Map<String, GateTopology> byTopology = new LinkedHashMap<>();
        try (ParallelCaptures captures = guestOptions.captures(parallel, err)) {
            for (Topology topology : topologies) {
                Optional<Snapshot> goldenBaseline = baselineFrom.equals("golden") && !updateGolden
                        ? goldenBaseline(golden, baseline, topology) : Optional.empty();
                CompletableFuture<Capture> baselineCapture = goldenBaseline.isPresent()
                        ? CompletableFuture.completedFuture(new Capture(baseline, topology, goldenBaseline, Duration.ZERO, "", Optional.empty()))
                        : captures.submit(baseline, topology);
                byTopology.put(topology.name(), new GateTopology(topology, baselineCapture, captures.submit(candidate, topology),
                        goldenBaseline.isPresent()));
            }
            err.printf("gate: %s -> %s on %d topologies (%d guests to boot, %d at a time)%n", baseline.exactReference(),
                    candidate.exactReference(), topologies.size(),
                    topologies.size() + byTopology.values().stream().filter(t -> !t.baselineFromGolden()).count(), parallel);
            err.flush();
        }

        AbiSpec abiSpec = AbiSpec.bundled();
        SnapshotDiff diff = new SnapshotDiff(abiSpec, waivers, strict);
        GateChecks checks = new GateChecks(abiSpec, org.hmsabi.spec.SyscallContract.bundled());
        List<org.hmsabi.gate.TopologyRun> runs = new ArrayList<>();
        for (GateTopology gateTopology : byTopology.values()) {
            Capture before = gateTopology.baseline().join();
            Capture after = gateTopology.candidate().join();
            keep(before, after, resultsDir, gateTopology.baselineFromGolden(), golden);
            Optional<List<org.hmsabi.diff.Finding>> result = before.succeeded() && after.succeeded()
                    ? Optional.of(checks.acknowledgeContractDifferences(
                            diff.compare(before.snapshot().get(), after.snapshot().get()).findings(),
                            before.snapshot().get(), after.snapshot().get(), gateTopology.topology()))
                    : Optional.empty();
            List<org.hmsabi.check.CheckResult> checkResults = new ArrayList<>();
            for (Capture capture : List.of(before, after)) {
                capture.snapshot().ifPresent(snapshot -> checkResults.addAll(checks.of(snapshot, gateTopology.topology())));
            }
            runs.add(GateRuns.of(gateTopology, before, after, result, checkResults,
                    reproduce(baseline, candidate, gateTopology.topology()), resultsDir, allowMissingCoverage));
        }
        // The hot-plug path: after the boot-time captures, one topology at a time (each device boots its own guest).
        GateHotPlug hotPlug = new GateHotPlug(guestOptions::guestSpec, golden, diff, checks, hotPlugWaivers, baselineFrom.equals("golden"),
                updateGolden);
        for (Topology topology : topologies) {
            if (topology.hotPlug().filter(room -> !room.hostPlugged().isEmpty()).isPresent()) {
                runs.addAll(hotPlug.runs(baseline, candidate, topology, reproduce(baseline, candidate, topology), resultsDir));
            }
        }

        GateOutcome outcome = new GateOutcome(baseline.exactReference(), candidate.exactReference(), strict, started,
                Duration.between(started, Instant.now()), runs, commandLine(baseline, candidate));
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

    /** The baseline's golden file, if there is one for this very topology (same content hash). */
    private static Optional<Snapshot> goldenBaseline(GoldenFiles golden, Kernel baseline, Topology topology) {
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo(baseline.release(), baseline.exactReference()));
        return golden.read(topology.name(), key).filter(snapshot -> snapshot.topology().hash().equals(topology.contentHash()));
    }

    /** Every captured snapshot is kept with the reports; golden files only change when asked. */
    private void keep(Capture before, Capture after, Path resultsDir, boolean baselineFromGolden, GoldenFiles golden) {
        for (Capture capture : List.of(before, after)) {
            capture.snapshot().ifPresent(snapshot -> {
                SnapshotFiles.write(snapshot, GateRuns.snapshotPath(resultsDir, snapshot), true);
                if (updateGolden && !(capture == before && baselineFromGolden)) {
                    golden.update(snapshot);
                }
            });
        }
    }

    private String reproduce(Kernel baseline, Kernel candidate, Topology topology) {
        return commandLine(baseline, candidate) + " --topology " + topology.name();
    }

    private String commandLine(Kernel baseline, Kernel candidate) {
        return "./hmsabi gate --baseline " + baseline.exactReference() + " --candidate " + candidate.exactReference()
                + (strict ? " --strict" : "") + guestOptions.reproducingOptions();
    }
}
