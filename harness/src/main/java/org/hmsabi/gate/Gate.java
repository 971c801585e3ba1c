package org.hmsabi.gate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.hmsabi.Shard;
import org.hmsabi.capture.Capture;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.check.CheckResult;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.topology.Topology;

/**
 * The kernel CI gate: for every topology it obtains the baseline kernel's snapshot (its golden
 * file, or a boot) and boots the candidate, diffs the two, runs the suites' checks on both, and
 * then the hot-plug path for topologies that declare hot-plug devices. The result is a
 * {@link GateOutcome}, which the report writers turn into every report format.
 */
public final class Gate {

    /**
     * How the gate runs.
     *
     * @param strict               testing-ABI changes fail the gate too
     * @param baselineFromGolden   take the baseline from its golden file where one matches (else always boot it)
     * @param updateGolden         write the captured snapshots as golden files
     * @param allowMissingCoverage a topology that cannot be booted is reported but does not fail the gate
     * @param parallel             guests at a time
     * @param reproducingOptions   what a reproducing command line needs besides the kernels, e.g. {@code " --runner container"}
     * @param shard                the part of the (kernels, fixture) matrix this run does ({@link Shard#WHOLE}: all of it)
     */
    public record Settings(boolean strict, boolean baselineFromGolden, boolean updateGolden, boolean allowMissingCoverage,
                           int parallel, String reproducingOptions, Shard shard) {
        /** Settings of a whole (unsharded) run. */
        public Settings(boolean strict, boolean baselineFromGolden, boolean updateGolden, boolean allowMissingCoverage,
                        int parallel, String reproducingOptions) {
            this(strict, baselineFromGolden, updateGolden, allowMissingCoverage, parallel, reproducingOptions, Shard.WHOLE);
        }
    }

    /**
     * What the gate compares and where its files go.
     *
     * @param waivers        known differences of the boot-time diff
     * @param hotPlugWaivers known kernel behaviour around hot-plug
     */
    public record Inputs(BaselineKernel baseline, Kernel candidate, List<Topology> topologies, Waivers waivers, Waivers hotPlugWaivers,
                         GoldenFiles golden, Path resultsDir) {
        public Inputs {
            topologies = List.copyOf(topologies);
        }
    }

    private final Settings settings;
    private final Supplier<ParallelCaptures> captures;
    private final BiFunction<Kernel, Topology, GuestSpec> guestSpecs;
    private final PrintWriter err;

    /**
     * @param captures   boots and captures guests, {@link Settings#parallel} at a time
     * @param guestSpecs how the hot-plug path boots a guest of a kernel and topology
     * @param err        progress
     */
    public Gate(Settings settings, Supplier<ParallelCaptures> captures, BiFunction<Kernel, Topology, GuestSpec> guestSpecs,
                PrintWriter err) {
        this.settings = settings;
        this.captures = captures;
        this.guestSpecs = guestSpecs;
        this.err = err;
    }

    /**
     * Runs the gate; every captured snapshot is kept under the results directory, golden files
     * change only when asked. {@code started} is when the run began (the outcome's wall time counts from it).
     */
    public GateOutcome run(Inputs inputs, Instant started) {
        BaselineKernel baseline = inputs.baseline();
        Kernel candidate = inputs.candidate();
        // A shard does only its cells of the matrix: the fixtures that fall to it, every guest of each.
        RunMatrix matrix = RunMatrix.of(inputs.topologies(), settings.shard());
        List<Topology> topologies = matrix.select(inputs.topologies());
        GoldenFiles golden = inputs.golden();
        Path resultsDir = inputs.resultsDir();

        SnapshotDiff diff = diff(inputs);
        GateChecks checks = checks();
        GateHotPlug hotPlug = new GateHotPlug(guestSpecs, golden, diff, checks, inputs.hotPlugWaivers(),
                settings.baselineFromGolden(), settings.updateGolden());
        GateCxl cxl = new GateCxl(guestSpecs, golden, diff, checks, inputs.hotPlugWaivers(), settings.baselineFromGolden(),
                settings.updateGolden());
        Map<String, GateTopology> byTopology = new LinkedHashMap<>();
        List<TopologyRun> runs = new ArrayList<>();
        List<Topology> judged = new ArrayList<>();
        String qemu;
        try (ParallelCaptures parallel = captures.get()) {
            Map<Topology, Optional<Snapshot>> goldenBaselines = new LinkedHashMap<>();
            for (Topology topology : topologies) {
                // A machine the runner's QEMU cannot emulate is reported, not booted, and not judged.
                Optional<String> unmet = parallel.runners().unmetReason(topology);
                if (unmet.isPresent()) {
                    runs.add(notJudged(topology, unmet.get(), baseline, candidate));
                    err.printf("gate: %s not judged: %s%n", topology.name(), unmet.get());
                    continue;
                }
                judged.add(topology);
                goldenBaselines.put(topology, settings.baselineFromGolden() && !settings.updateGolden()
                        ? goldenBaseline(golden, baseline, topology) : Optional.empty());
            }
            qemu = parallel.runners().describe(judged);
            // The baseline is fetched only when a guest of it boots; then before anything boots, so a
            // kernel that cannot be had stops the gate before the first guest (exit 4, as ever).
            boolean baselineBoots = goldenBaselines.values().stream().anyMatch(Optional::isEmpty)
                    || judged.stream().anyMatch(topology -> hasHostPlugged(topology) && !hotPlug.coveredByGolden(baseline, topology))
                    || judged.stream().anyMatch(topology -> GateCxl.applies(topology) && !cxl.coveredByGolden(baseline, topology));
            if (baselineBoots && !judged.isEmpty()) {
                baseline.get();
            } else if (!baseline.isFetched()) {
                err.printf("gate: the baseline %s comes from its golden files alone; it is not fetched%n", baseline.exactReference());
            }
            for (Topology topology : judged) {
                Optional<Snapshot> goldenBaseline = goldenBaselines.get(topology);
                CompletableFuture<Capture> baselineCapture = goldenBaseline.isPresent()
                        ? CompletableFuture.completedFuture(new Capture(baseline.exactReference(), topology, goldenBaseline, Duration.ZERO, "",
                                Optional.empty()))
                        : parallel.submit(baseline.get(), topology);
                byTopology.put(topology.name(), new GateTopology(topology, baselineCapture, parallel.submit(candidate, topology),
                        goldenBaseline.isPresent()));
            }
            long toBoot = byTopology.size() + byTopology.values().stream().filter(t -> !t.baselineFromGolden()).count();
            err.printf("gate: %s -> %s on %d %s%s (%d %s to boot, %d at a time)%n", baseline.exactReference(),
                    candidate.exactReference(), topologies.size(), topologies.size() == 1 ? "topology" : "topologies", settings.shard().isWhole() ? ""
                            : " (shard " + settings.shard().text() + " of " + matrix.cells().size() + ")",
                    toBoot, toBoot == 1 ? "guest" : "guests", settings.parallel());
            err.flush();
        }

        for (GateTopology gateTopology : byTopology.values()) {
            Capture before = gateTopology.baseline().join();
            Capture after = gateTopology.candidate().join();
            keep(before, after, resultsDir, gateTopology.baselineFromGolden(), golden);
            Optional<List<Finding>> result = before.succeeded() && after.succeeded()
                    ? Optional.of(checks.acknowledgeContractDifferences(
                            diff.compare(before.snapshot().get(), after.snapshot().get()).findings(),
                            before.snapshot().get(), after.snapshot().get(), gateTopology.topology()))
                    : Optional.empty();
            List<CheckResult> checkResults = new ArrayList<>();
            for (Capture capture : List.of(before, after)) {
                capture.snapshot().ifPresent(snapshot -> checkResults.addAll(checks.of(snapshot, gateTopology.topology())));
                capture.kernelLog().ifPresent(log -> checkResults.add(KernelLogCheck.of(capture.kernel(),
                        gateTopology.topology().name() + ": boot and capture", log)));
            }
            runs.add(GateRuns.of(gateTopology, before, after, result, checkResults,
                    reproduce(baseline, candidate, gateTopology.topology()), resultsDir, settings.allowMissingCoverage()));
        }
        // The hot-plug path: after the boot-time captures, one topology at a time (each device boots its own guest).
        for (Topology topology : judged) {
            if (hasHostPlugged(topology)) {
                runs.addAll(hotPlug.runs(baseline, candidate, topology, reproduce(baseline, candidate, topology), resultsDir));
            }
        }
        // The CXL path: a region built on the candidate (and, without its golden file, on the baseline), one topology at a time.
        for (Topology topology : judged) {
            if (GateCxl.applies(topology)) {
                err.printf("gate: %s: the cxl suite on %s%n", topology.name(), candidate.exactReference());
                err.flush();
                runs.add(cxl.run(baseline, candidate, topology, reproduce(baseline, candidate, topology), resultsDir));
            }
        }
        return new GateOutcome(baseline.exactReference(), candidate.exactReference(), settings.strict(), started,
                Duration.between(started, Instant.now()), matrix.order(runs), commandLine(baseline, candidate)).withQemu(qemu)
                .withMatrix(matrix).withPackage(baseline.exactReference(), baseline.debianPackage())
                .withPackagesOf(List.of(candidate));
    }

    private SnapshotDiff diff(Inputs inputs) {
        return new SnapshotDiff(AbiSpec.bundled(), inputs.waivers(), settings.strict());
    }

    private static GateChecks checks() {
        return new GateChecks(AbiSpec.bundled(), SyscallContract.bundled());
    }

    private static boolean hasHostPlugged(Topology topology) {
        return topology.hotPlug().filter(room -> !room.hostPlugged().isEmpty()).isPresent();
    }

    /**
     * A topology the runner's QEMU cannot emulate: in the report, with the reason (the feature, the
     * QEMU release it needs and the option of the runner that has it), judged neither way.
     */
    private TopologyRun notJudged(Topology topology, String reason, BaselineKernel baseline, Kernel candidate) {
        return new TopologyRun(topology.name(), TopologyRun.Status.NOT_JUDGED, Optional.of(reason), List.of(), List.of(), List.of(),
                Optional.empty(), reproduce(baseline, candidate, topology) + " " + QemuRequirements.NEWER_RUNNER);
    }

    /** The baseline's golden file, if there is one for this very topology (same content hash). */
    private static Optional<Snapshot> goldenBaseline(GoldenFiles golden, BaselineKernel baseline, Topology topology) {
        return golden.read(topology.name(), baseline.goldenKey()).filter(GoldenFiles.ofFixture(topology));
    }

    /** Every captured snapshot is kept with the reports; golden files only change when asked. */
    private void keep(Capture before, Capture after, Path resultsDir, boolean baselineFromGolden, GoldenFiles golden) {
        for (Capture capture : List.of(before, after)) {
            capture.snapshot().ifPresent(snapshot -> {
                SnapshotFiles.write(snapshot, GateRuns.snapshotPath(resultsDir, snapshot), true);
                if (settings.updateGolden() && !(capture == before && baselineFromGolden)) {
                    golden.update(snapshot);
                }
            });
        }
    }

    private String reproduce(BaselineKernel baseline, Kernel candidate, Topology topology) {
        return commandLine(baseline, candidate) + " --topology " + topology.name();
    }

    private String commandLine(BaselineKernel baseline, Kernel candidate) {
        return "./hmsabi gate --baseline " + baseline.exactReference() + " --candidate " + candidate.exactReference()
                + (settings.strict() ? " --strict" : "") + settings.reproducingOptions();
    }
}
