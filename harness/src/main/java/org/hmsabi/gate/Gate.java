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
        GoldenFiles golden = inputs.golden();
        Path resultsDir = inputs.resultsDir();

        GateChecks checks = checks();
        GateContext context = new GateContext(guestSpecs, golden, diff(inputs), checks, inputs.hotPlugWaivers(),
                settings.baselineFromGolden(), settings.updateGolden());
        GateHotPlug hotPlug = new GateHotPlug(context);
        GateCxl cxl = new GateCxl(context);
        List<GateCell> cells = GateCell.of(inputs.topologies());
        Map<String, GateTopology> byTopology = new LinkedHashMap<>();
        List<TopologyRun> runs = new ArrayList<>();
        // The baseline's golden file of each cell this shard judges, read once (empty: the baseline boots for it).
        Map<GateCell, Optional<Snapshot>> mine = new LinkedHashMap<>();
        RunMatrix matrix;
        String qemu;
        try (ParallelCaptures parallel = captures.get()) {
            // A shard does only its cells of the matrix: a fixture's boot-time comparison, or one of its devices, or its region.
            // A fixture no runner of this run can emulate costs nothing: it is reported, not booted, and not judged. The
            // costs depend on the runner option alone (not on whether a container can be had here), so every shard splits alike.
            matrix = new RunMatrix(cells.stream().map(cell -> new RunMatrix.Cell(cell.name(),
                    parallel.runners().mayBoot(cell.topology()) ? cell.cost() : 0)).toList(), settings.shard());
            List<String> mineNames = matrix.mineNames();
            Map<String, Optional<String>> unmet = new LinkedHashMap<>();
            for (GateCell cell : cells) {
                if (!mineNames.contains(cell.name())) {
                    continue;
                }
                Optional<String> reason = unmet.computeIfAbsent(cell.topology().name(),
                        name -> parallel.runners().unmetReason(cell.topology()));
                if (reason.isPresent()) {
                    if (cell instanceof GateCell.BootTime) {
                        runs.add(notJudged(cell.topology(), reason.get(), baseline, candidate));
                        err.printf("gate: %s not judged: %s%n", cell.topology().name(), reason.get());
                    }
                    continue;
                }
                mine.put(cell, context.goldenBaseline(cell, baseline.goldenKey()));
            }
            qemu = parallel.runners().describe(mine.keySet().stream().map(GateCell::topology).distinct().toList());
            // The baseline is fetched only when a guest of it boots; then before anything boots, so a
            // kernel that cannot be had stops the gate before the first guest (exit 4, as ever).
            if (mine.values().stream().anyMatch(Optional::isEmpty)) {
                baseline.get();
            } else if (!baseline.isFetched()) {
                err.printf("gate: the baseline %s comes from its golden files alone; it is not fetched%n", baseline.exactReference());
            }
            for (Map.Entry<GateCell, Optional<Snapshot>> cell : mine.entrySet()) {
                if (!(cell.getKey() instanceof GateCell.BootTime)) {
                    continue;
                }
                Topology topology = cell.getKey().topology();
                Optional<Snapshot> goldenBaseline = cell.getValue();
                CompletableFuture<Capture> baselineCapture = goldenBaseline.isPresent()
                        ? CompletableFuture.completedFuture(new Capture(baseline.exactReference(), topology, goldenBaseline, Duration.ZERO, "",
                                Optional.empty()))
                        : parallel.submit(baseline.get(), topology);
                byTopology.put(topology.name(), new GateTopology(topology, baselineCapture, parallel.submit(candidate, topology),
                        goldenBaseline.isPresent()));
            }
            long toBoot = byTopology.size() + byTopology.values().stream().filter(t -> !t.baselineFromGolden()).count();
            long fixtures = cells.stream().filter(cell -> mineNames.contains(cell.name())).map(GateCell::topology).distinct().count();
            err.printf("gate: %s -> %s on %d %s%s (%d %s to boot, %d at a time)%n", baseline.exactReference(),
                    candidate.exactReference(), fixtures, fixtures == 1 ? "topology" : "topologies", settings.shard().isWhole() ? ""
                            : " (shard " + settings.shard().text() + " of " + matrix.cells().size() + ", planned cost " + matrix.mineCost()
                            + " of " + matrix.totalCost() + ": " + String.join(", ", mineNames) + ")",
                    toBoot, toBoot == 1 ? "guest" : "guests", settings.parallel());
            err.flush();
        }

        for (GateTopology gateTopology : byTopology.values()) {
            Capture before = gateTopology.baseline().join();
            Capture after = gateTopology.candidate().join();
            keep(before, after, resultsDir, gateTopology.baselineFromGolden(), golden);
            Optional<List<Finding>> result = before.succeeded() && after.succeeded()
                    ? Optional.of(checks.acknowledgeContractDifferences(
                            context.diff().compare(before.snapshot().get(), after.snapshot().get()).findings(),
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
        // After the boot-time captures, one cell at a time (each boots guests of its own): the hot-plug path,
        // a device at a time, and the CXL path, a region built on the candidate (and, without its golden file, on the baseline).
        for (Map.Entry<GateCell, Optional<Snapshot>> entry : mine.entrySet()) {
            GateCell cell = entry.getKey();
            String reproduce = reproduce(baseline, candidate, cell.topology());
            if (cell instanceof GateCell.HotPlugDevice device) {
                err.printf("gate: %s: %s hot-plugged on %s%n", cell.topology().name(), device.device(), candidate.exactReference());
                err.flush();
                runs.add(hotPlug.run(baseline, candidate, device, entry.getValue(), reproduce, resultsDir));
            } else if (cell instanceof GateCell.AfterRegion region) {
                err.printf("gate: %s: the cxl suite on %s%n", cell.topology().name(), candidate.exactReference());
                err.flush();
                runs.add(cxl.run(baseline, candidate, region, entry.getValue(), reproduce, resultsDir));
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

    /**
     * A topology the runner's QEMU cannot emulate: in the report, with the reason (the feature, the
     * QEMU release it needs and the option of the runner that has it), judged neither way.
     */
    private TopologyRun notJudged(Topology topology, String reason, BaselineKernel baseline, Kernel candidate) {
        return new TopologyRun(topology.name(), TopologyRun.Status.NOT_JUDGED, Optional.of(reason), List.of(), List.of(), List.of(),
                Optional.empty(), reproduce(baseline, candidate, topology) + " " + QemuRequirements.NEWER_RUNNER);
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
