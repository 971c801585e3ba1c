package org.hmsabi.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.Messages;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.cxl.CxlExpanderScenario;
import org.hmsabi.cxl.CxlNodes;
import org.hmsabi.diff.Waivers;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.gate.GateChecks;
import org.hmsabi.kernel.DebianVersion;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.topology.Topology;

/**
 * One run of {@code hmsabi history}: for each topology, the snapshot of the newest pinned kernel
 * of each series (its golden file where one matches the topology, else a guest booted in
 * parallel), and the diff between each consecutive pair; for a fixture with a {@code cxl:}
 * section also the snapshots with its region online ({@code <kernel>.after-region.json}, or the
 * cxl suite run in a guest of its own). The {@link Mode} says what is booted and what becomes a
 * golden file.
 */
public final class HistoryRun {

    /** Where the snapshots come from and whether they become golden files. */
    public enum Mode {
        /** A golden file where one matches the fixture, a guest where there is none; the region's history from golden files alone. */
        READ,
        /** Every kernel booted, and on a fixture with a {@code cxl:} section the cxl suite run on each ({@code --boot}). */
        BOOT,
        /** As {@link #BOOT}, and every snapshot written as its golden file ({@code --update-golden}). */
        UPDATE_GOLDEN,
        /**
         * Golden files read where they exist (and match the fixture); the kernels without one are booted,
         * the cxl suite run where the region's file is missing, and what they give is recorded
         * ({@code --update-golden --missing}).
         */
        RECORD_MISSING;

        /** The mode of the command's options; {@code --missing} only narrows {@code --update-golden}. */
        public static Mode of(boolean boot, boolean updateGolden, boolean missing) {
            if (missing && !updateGolden) {
                throw new BadInputException("--missing narrows --update-golden to the golden files that do not exist yet; give both");
            }
            if (missing && boot) {
                throw new BadInputException("--missing reads the golden files that exist, --boot boots every kernel; give one of them");
            }
            return missing ? RECORD_MISSING : updateGolden ? UPDATE_GOLDEN : boot ? BOOT : READ;
        }

        boolean readsGolden() {
            return this == READ || this == RECORD_MISSING;
        }

        boolean writesGolden() {
            return this == UPDATE_GOLDEN || this == RECORD_MISSING;
        }

        boolean runsCxlSuite() {
            return this != READ;
        }
    }

    /**
     * What a run gives.
     *
     * @param histories     one per topology, in the order asked
     * @param skipped       one line per kernel and topology without a snapshot, and why
     * @param goldenWritten how many golden files were written
     */
    public record Result(List<AbiHistory> histories, List<String> skipped, int goldenWritten) {
        public Result {
            histories = List.copyOf(histories);
            skipped = List.copyOf(skipped);
        }
    }

    /** One kernel's snapshot of a topology or of its region: from its golden file, from a guest ({@code booted}), or none. */
    private record Taken(boolean booted, CompletableFuture<Optional<Snapshot>> snapshot) {
        static Taken read(Optional<Snapshot> snapshot) {
            return new Taken(false, CompletableFuture.completedFuture(snapshot));
        }

        static Taken none() {
            return read(Optional.empty());
        }
    }

    private final Mode mode;
    private final SnapshotDiff diff;
    private final GateChecks checks;
    private final GoldenFiles golden;
    private final Waivers hotPlugWaivers;
    private final Function<String, Kernel> kernels;
    private final Consumer<String> progress;

    /**
     * @param hotPlugWaivers known kernel behaviour around CXL regions (for the cxl suite's checks)
     * @param kernels        resolves (fetches) a kernel reference
     */
    public HistoryRun(Mode mode, SnapshotDiff diff, GateChecks checks, GoldenFiles golden, Waivers hotPlugWaivers,
                      Function<String, Kernel> kernels, Consumer<String> progress) {
        this.mode = mode;
        this.diff = diff;
        this.checks = checks;
        this.golden = golden;
        this.hotPlugWaivers = hotPlugWaivers;
        this.kernels = kernels;
        this.progress = progress;
    }

    /**
     * The newest pinned kernel of each series asked for, in the order given (every pinned series, in
     * version order, when none). A history needs two series; recording golden files needs one.
     */
    public static List<KernelPin> kernelsOf(KernelPins pins, List<String> series, Mode mode) {
        List<String> wanted = series.isEmpty()
                ? pins.pins().stream().map(KernelPin::series).distinct().sorted(DebianVersion.ORDER).toList()
                : series;
        List<KernelPin> kernels = new ArrayList<>();
        for (String s : wanted) {
            kernels.add(pins.newestIn(s).orElseThrow(() -> new BadInputException("--series " + s + ": no " + s
                    + " kernel is pinned in " + pins.describeSource() + "; pin one with 'hmsabi kernels pin debian:" + s + "'")));
        }
        if (kernels.size() < (mode.writesGolden() ? 1 : 2)) {
            throw new BadInputException("--series: a history needs at least two series (one is enough with --update-golden)");
        }
        return kernels;
    }

    /** Takes or boots every snapshot ({@code captures} boots them), then diffs each consecutive pair per topology. */
    public Result run(List<Topology> topologies, List<KernelPin> pins, ParallelCaptures captures) {
        Map<Topology, List<Taken>> byTopology = new LinkedHashMap<>();
        Map<Topology, List<Taken>> regions = new LinkedHashMap<>();
        List<String> skipped = Collections.synchronizedList(new ArrayList<>()); // guests report from the captures' threads
        Map<String, Object> resolved = new HashMap<>(); // per kernel reference: its Kernel, or why it cannot be had
        int booted = 0;
        for (Topology topology : topologies) {
            List<Taken> snapshots = new ArrayList<>();
            List<Taken> withRegion = new ArrayList<>();
            // A machine this runner's QEMU cannot emulate is diffed from its golden files alone.
            Optional<String> unbootable = captures.runners().unmetReason(topology);
            for (KernelPin pin : pins) {
                String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference()));
                Taken taken = take(mode.readsGolden() ? golden.read(topology.name(), key).filter(GoldenFiles.ofFixture(topology))
                        : Optional.empty(), pin, topology.name(), unbootable, true, resolved, skipped,
                        kernel -> capture(kernel, topology, captures, skipped));
                snapshots.add(taken);
                booted += taken.booted() ? 1 : 0;
                if (topology.cxl().isPresent()) {
                    Taken region = take(mode.readsGolden() ? golden.readAfterRegion(topology.name(), key).filter(GoldenFiles.ofFixture(topology))
                            : Optional.empty(), pin, regionName(topology), unbootable, mode.runsCxlSuite(), resolved, skipped,
                            kernel -> cxlSuite(kernel, topology, captures, skipped));
                    withRegion.add(region);
                    booted += region.booted() ? 1 : 0;
                }
            }
            byTopology.put(topology, snapshots);
            regions.put(topology, withRegion);
        }
        progress.accept("history: %d series on %d %s (%d %s to boot, the rest from golden files)".formatted(pins.size(),
                topologies.size(), topologies.size() == 1 ? "topology" : "topologies", booted, booted == 1 ? "guest" : "guests"));

        List<AbiHistory> histories = new ArrayList<>();
        int written = 0;
        for (Map.Entry<Topology, List<Taken>> entry : byTopology.entrySet()) {
            Topology topology = entry.getKey();
            List<Snapshot> snapshots = new ArrayList<>();
            for (Taken taken : entry.getValue()) {
                Optional<Snapshot> snapshot = taken.snapshot().join();
                snapshot.ifPresent(snapshots::add);
                if (snapshot.isPresent() && taken.booted() && mode.writesGolden()) {
                    golden.update(snapshot.get());
                    written++;
                }
            }
            if (!snapshots.isEmpty()) { // none: every kernel was left out or skipped, each named already
                histories.add(AbiHistory.of(topology.name(), snapshots, (before, after) -> checks.acknowledgeContractDifferences(
                        diff.compare(before, after).findings(), before, after, topology)));
            }
            if (topology.cxl().isPresent()) {
                List<Snapshot> online = new ArrayList<>();
                List<String> without = new ArrayList<>();
                List<Taken> taken = regions.get(topology);
                for (int i = 0; i < pins.size(); i++) {
                    Optional<Snapshot> snapshot = taken.get(i).snapshot().join();
                    if (snapshot.isEmpty()) {
                        without.add(pins.get(i).reference());
                    }
                    snapshot.ifPresent(online::add);
                    if (snapshot.isPresent() && taken.get(i).booted() && mode.writesGolden()) {
                        golden.updateAfterRegion(snapshot.get());
                        written++;
                    }
                }
                afterRegion(topology, online, without).ifPresent(histories::add);
            }
        }
        return new Result(histories, skipped, written);
    }

    /**
     * One kernel's snapshot of {@code which}: the one {@code recorded}, else none when {@code boots}
     * is false, when the runner's QEMU cannot emulate the fixture (a note says so, or a skipped line
     * when a golden file was to be written), when the kernel cannot be had (a skipped line), else
     * what {@code boot} gives.
     */
    private Taken take(Optional<Snapshot> recorded, KernelPin pin, String which, Optional<String> unbootable, boolean boots,
                       Map<String, Object> resolved, List<String> skipped, Function<Kernel, CompletableFuture<Optional<Snapshot>>> boot) {
        if (recorded.isPresent()) {
            return Taken.read(recorded);
        }
        if (!boots) {
            return Taken.none();
        }
        if (unbootable.isPresent()) {
            if (mode.writesGolden()) { // a golden file asked for and not written: a failure of the run, named
                skipped.add("%s on %s: no golden file written: %s".formatted(pin.reference(), which, unbootable.get()));
            } else {
                progress.accept("note: %s on %s left out: %s, and %s".formatted(pin.reference(), which,
                        mode.readsGolden() ? "no golden file to read" : "--boot boots every kernel", unbootable.get()));
            }
            return Taken.none();
        }
        Object kernel = resolved.computeIfAbsent(pin.reference(), reference -> {
            try {
                return kernels.apply(reference);
            } catch (HmsabiException unavailable) {
                return Messages.firstLine(unavailable.getMessage());
            }
        });
        if (kernel instanceof Kernel had) {
            return new Taken(true, boot.apply(had));
        }
        skipped.add(pin.reference() + " on " + which + ": " + kernel);
        return Taken.none();
    }

    /** The snapshot of {@code kernel} on {@code topology}, or none with a skipped line saying why. */
    private static CompletableFuture<Optional<Snapshot>> capture(Kernel kernel, Topology topology, ParallelCaptures captures,
                                                                 List<String> skipped) {
        return captures.submit(kernel, topology).thenApply(capture -> {
            if (capture.snapshot().isEmpty()) {
                skipped.add(kernel.exactReference() + " on " + topology.name() + ": "
                        + capture.failure().map(Messages::firstLine).orElse("the guest did not give a snapshot"));
            }
            return capture.snapshot();
        });
    }

    /**
     * The cxl suite on {@code kernel} in a guest of its own (two at a time with the captures): its
     * snapshot with the region online, or none with one line saying why no region came online.
     */
    private CompletableFuture<Optional<Snapshot>> cxlSuite(Kernel kernel, Topology topology, ParallelCaptures captures, List<String> skipped) {
        String which = kernel.exactReference() + " on " + regionName(topology);
        return captures.submit(kernel, topology, "the cxl suite",
                spec -> new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT, hotPlugWaivers, line -> { })
                        .runInFreshGuest(spec),
                outcome -> outcome.afterRegion().isPresent() ? "region online" : "no region came online")
                .handle((outcome, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                        skipped.add(which + ": " + Messages.firstLine(String.valueOf(cause.getMessage())));
                        return Optional.empty();
                    }
                    if (outcome.afterRegion().isEmpty()) {
                        progress.accept("note: %s: no CXL region came online, so no snapshot with it%s: %s".formatted(which,
                                mode.writesGolden() ? " and no golden file " + golden.afterRegionPathFor(topology.name(),
                                        GoldenFiles.kernelKey(new Snapshot.KernelInfo("", kernel.exactReference()))).getFileName() : "",
                                outcome.whyNoRegion()));
                    } else {
                        outcome.failed().forEach(check -> progress.accept("note: %s: cxl check failed (hmsabi check --suite cxl judges it): %s: %s"
                                .formatted(which, check.name(), Messages.joinLines(check.message().orElse("")))));
                    }
                    return outcome.afterRegion();
                });
    }

    private static String regionName(Topology topology) {
        return topology.name() + "." + GoldenFiles.AFTER_REGION;
    }

    /**
     * A CXL fixture's history with its region online ({@code <topology>.after-region}), from the
     * snapshots with the region online (a kernel without one is named and left out), judged like the
     * gate's CXL path: with the window's node holding memory. None with fewer than two.
     */
    private Optional<AbiHistory> afterRegion(Topology topology, List<Snapshot> snapshots, List<String> without) {
        String name = regionName(topology);
        if (!without.isEmpty()) {
            progress.accept("note: %s: no %s with the region online for %s".formatted(name,
                    mode == Mode.READ ? "golden file" : "snapshot", String.join(", ", without)));
        }
        if (snapshots.size() < 2) {
            return Optional.empty();
        }
        SyscallFacts facts = SyscallFacts.of(topology).withMemoryOn(CxlNodes.windowNode(topology));
        return Optional.of(AbiHistory.of(name, snapshots, (before, after) -> checks.acknowledgeContractDifferences(
                diff.compare(before, after).findings(), before, after, topology, facts)));
    }
}
