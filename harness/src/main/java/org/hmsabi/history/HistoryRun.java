package org.hmsabi.history;

import java.util.ArrayList;
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
import org.hmsabi.capture.Capture;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.cxl.CxlNodes;
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
 * parallel), and the diff between each consecutive pair. With {@code updateGolden} every kernel
 * boots and each snapshot becomes its golden file.
 */
public final class HistoryRun {

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

    private final boolean boot;
    private final boolean updateGolden;
    private final SnapshotDiff diff;
    private final GateChecks checks;
    private final GoldenFiles golden;
    private final Function<String, Kernel> kernels;
    private final Consumer<String> progress;

    /**
     * @param boot         boot every kernel even where a golden file has its snapshot
     * @param updateGolden boot every kernel and write each snapshot as its golden file
     * @param kernels      resolves (fetches) a kernel reference
     */
    public HistoryRun(boolean boot, boolean updateGolden, SnapshotDiff diff, GateChecks checks, GoldenFiles golden,
                      Function<String, Kernel> kernels, Consumer<String> progress) {
        this.boot = boot || updateGolden;
        this.updateGolden = updateGolden;
        this.diff = diff;
        this.checks = checks;
        this.golden = golden;
        this.kernels = kernels;
        this.progress = progress;
    }

    /** The newest pinned kernel of each series asked for, in the order given (every pinned series, in version order, when none). */
    public static List<KernelPin> kernelsOf(KernelPins pins, List<String> series) {
        List<String> wanted = series.isEmpty()
                ? pins.pins().stream().map(KernelPin::series).distinct().sorted(DebianVersion.ORDER).toList()
                : series;
        List<KernelPin> kernels = new ArrayList<>();
        for (String s : wanted) {
            kernels.add(pins.newestIn(s).orElseThrow(() -> new BadInputException("--series " + s + ": no " + s
                    + " kernel is pinned in " + pins.describeSource() + "; pin one with 'hmsabi kernels pin debian:" + s + "'")));
        }
        if (kernels.size() < 2) {
            throw new BadInputException("--series: a history needs at least two series");
        }
        return kernels;
    }

    /** Takes or boots every snapshot ({@code captures} boots them), then diffs each consecutive pair per topology. */
    public Result run(List<Topology> topologies, List<KernelPin> pins, ParallelCaptures captures) {
        Map<Topology, List<CompletableFuture<Optional<Snapshot>>>> byTopology = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> leftOut = new ArrayList<>(); // not bootable here and not recorded: named, not a failure
        int booted = 0;
        for (Topology topology : topologies) {
            List<CompletableFuture<Optional<Snapshot>>> snapshots = new ArrayList<>();
            // A machine this runner's QEMU cannot emulate is diffed from its golden files alone.
            Optional<String> unbootable = captures.runners().unmetReason(topology);
            for (KernelPin pin : pins) {
                Optional<Snapshot> recorded = boot ? Optional.empty()
                        : golden.read(topology.name(), GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference())))
                                .filter(GoldenFiles.ofFixture(topology));
                if (recorded.isPresent()) {
                    snapshots.add(CompletableFuture.completedFuture(recorded));
                    continue;
                }
                if (unbootable.isPresent()) {
                    progress.accept("note: %s on %s left out: %s, and %s".formatted(pin.reference(), topology.name(),
                            updateGolden ? "--update-golden boots every kernel" : "no golden file to read", unbootable.get()));
                    snapshots.add(CompletableFuture.completedFuture(Optional.empty()));
                    leftOut.add(pin.reference() + " on " + topology.name());
                    continue;
                }
                try {
                    snapshots.add(captures.submit(kernels.apply(pin.reference()), topology).thenApply(Capture::snapshot));
                    booted++;
                } catch (HmsabiException unavailable) {
                    skipped.add(pin.reference() + " on " + topology.name() + ": " + Messages.firstLine(unavailable.getMessage()));
                    snapshots.add(CompletableFuture.completedFuture(Optional.empty()));
                }
            }
            byTopology.put(topology, snapshots);
        }
        progress.accept("history: %d series on %d %s (%d %s to boot, the rest from golden files)".formatted(pins.size(),
                topologies.size(), topologies.size() == 1 ? "topology" : "topologies", booted, booted == 1 ? "guest" : "guests"));

        List<AbiHistory> histories = new ArrayList<>();
        int written = 0;
        for (Map.Entry<Topology, List<CompletableFuture<Optional<Snapshot>>>> entry : byTopology.entrySet()) {
            Topology topology = entry.getKey();
            List<Snapshot> snapshots = new ArrayList<>();
            for (int i = 0; i < pins.size(); i++) {
                Optional<Snapshot> snapshot = entry.getValue().get(i).join();
                String which = pins.get(i).reference() + " on " + topology.name();
                if (snapshot.isPresent()) {
                    snapshots.add(snapshot.get());
                    if (updateGolden) {
                        golden.update(snapshot.get());
                        written++;
                    }
                } else if (skipped.stream().noneMatch(s -> s.startsWith(which)) && !leftOut.contains(which)) {
                    skipped.add(which + ": the guest did not give a snapshot");
                }
            }
            if (!snapshots.isEmpty()) { // none: every kernel was left out or skipped, each named already
                histories.add(AbiHistory.of(topology.name(), snapshots, (before, after) -> checks.acknowledgeContractDifferences(
                        diff.compare(before, after).findings(), before, after, topology)));
            }
            afterRegion(topology, pins).ifPresent(histories::add);
        }
        return new Result(histories, skipped, written);
    }

    /**
     * A CXL fixture's history with its region online ({@code <topology>.after-region}), from the
     * after-region golden files (a kernel without one is named and left out), judged like the gate's
     * CXL path: with the window's node holding memory. None when booting (booting it means the cxl
     * suite: {@code hmsabi gate} or {@code hmsabi check --suite cxl}) or with fewer than two files.
     */
    private Optional<AbiHistory> afterRegion(Topology topology, List<KernelPin> pins) {
        if (topology.cxl().isEmpty()) {
            return Optional.empty();
        }
        String name = topology.name() + "." + GoldenFiles.AFTER_REGION;
        if (boot) {
            progress.accept("note: %s left out: --boot and --update-golden do not run the cxl suite; its history comes from golden files"
                    .formatted(name));
            return Optional.empty();
        }
        List<Snapshot> snapshots = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (KernelPin pin : pins) {
            golden.readAfterRegion(topology.name(), GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference())))
                    .filter(GoldenFiles.ofFixture(topology))
                    .ifPresentOrElse(snapshots::add, () -> without.add(pin.reference()));
        }
        if (!without.isEmpty()) {
            progress.accept("note: %s: no golden file with the region online for %s".formatted(name, String.join(", ", without)));
        }
        if (snapshots.size() < 2) {
            return Optional.empty();
        }
        SyscallFacts facts = SyscallFacts.of(topology).withMemoryOn(CxlNodes.windowNode(topology));
        return Optional.of(AbiHistory.of(name, snapshots, (before, after) -> checks.acknowledgeContractDifferences(
                diff.compare(before, after).findings(), before, after, topology, facts)));
    }
}
