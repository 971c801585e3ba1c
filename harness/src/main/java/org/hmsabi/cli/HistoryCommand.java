package org.hmsabi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.Workspace;
import org.hmsabi.capture.Capture;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.gate.GateChecks;
import org.hmsabi.history.AbiHistory;
import org.hmsabi.history.HistoryPage;
import org.hmsabi.history.HistoryText;
import org.hmsabi.kernel.DebianVersion;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.cxl.CxlNodes;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi history}: the gate's diff between each consecutive pair of series (the newest
 * pinned kernel of each), on each topology, in one run and one report: where every attribute and
 * syscall case appeared, changed or went away. Snapshots come from the golden files where they
 * exist (and match the topology), else from guests booted in parallel ({@code --boot}: always).
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"The ABI history: the diff between each consecutive pair of kernel series, in one report.",
                "Prints what changed at each release; writes history.txt, history.html (a table) under --results."},
        footer = {"", "Exit 0, or 3 when a kernel could not be had or booted.",
                "--shard: only 1/1 for now; report merge cannot merge histories yet.", "", "Examples:",
                "  hmsabi history          # every pinned series, every fixture",
                "  hmsabi history --series 6.12,6.16,7.3 --topology two-socket-hbm"})
public final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--series", split = ",", paramLabel = "S",
            description = "series in order, e.g. 6.1,6.12,7.3 (default: every series with a pinned kernel)")
    List<String> series = new ArrayList<>();

    @Mixin
    TopologiesOption topologies;

    @Option(names = "--boot", description = "boot every kernel, even where a golden file has its snapshot")
    boolean boot;

    @Mixin
    StrictOption strict;

    @Mixin
    WaiversOption waivers;

    @Mixin
    ResultsOption results;

    @Mixin
    ParallelOption parallel;

    @Mixin
    GuestOptions guestOptions;

    @Mixin
    ShardOption shard;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!shard.get().isWhole()) {
            throw new BadInputException("history --shard %s: report merge cannot merge a history yet, so a shard of it would be a history of some fixtures only; run it unsharded (from the golden files it takes seconds; with --boot, per fixture: --topology T)".formatted(shard.get().text()));
        }
        Instant started = Instant.now();
        Workspace workspace = guestOptions.workspace();
        List<Topology> loaded = topologies.load(workspace);
        SnapshotDiff diff = new SnapshotDiff(AbiSpec.bundled(), waivers.load(workspace), strict.strict);
        List<KernelPin> kernels = kernels(KernelPins.findOrNone(workspace.root()));
        GoldenFiles golden = GoldenFiles.of(workspace);
        GateChecks checks = new GateChecks(AbiSpec.bundled(), org.hmsabi.spec.SyscallContract.bundled());

        Map<Topology, List<CompletableFuture<Optional<Snapshot>>>> byTopology = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> leftOut = new ArrayList<>(); // not bootable here and not recorded: named, not a failure
        int booted = 0;
        try (ParallelCaptures captures = guestOptions.captures(parallel.get(), err)) {
            for (Topology topology : loaded) {
                List<CompletableFuture<Optional<Snapshot>>> snapshots = new ArrayList<>();
                // A machine this runner's QEMU cannot emulate is diffed from its golden files alone.
                Optional<String> unbootable = QemuRequirements.unmetReason(topology, captures.launcher());
                for (KernelPin pin : kernels) {
                    Optional<Snapshot> recorded = boot ? Optional.empty()
                            : golden.read(topology.name(), GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference())))
                                    .filter(snapshot -> snapshot.topology().hash().equals(topology.contentHash()));
                    if (recorded.isPresent()) {
                        snapshots.add(CompletableFuture.completedFuture(recorded));
                        continue;
                    }
                    if (unbootable.isPresent()) {
                        err.printf("note: %s on %s left out: no golden file to read, and %s%n", pin.reference(), topology.name(),
                                unbootable.get());
                        snapshots.add(CompletableFuture.completedFuture(Optional.empty()));
                        leftOut.add(pin.reference() + " on " + topology.name());
                        continue;
                    }
                    try {
                        snapshots.add(captures.submit(guestOptions.kernel(pin.reference(), err), topology).thenApply(Capture::snapshot));
                        booted++;
                    } catch (HmsabiException unavailable) {
                        skipped.add(pin.reference() + " on " + topology.name() + ": " + Messages.firstLine(unavailable.getMessage()));
                        snapshots.add(CompletableFuture.completedFuture(Optional.empty()));
                    }
                }
                byTopology.put(topology, snapshots);
            }
            err.printf("history: %d series on %d topologies (%d guests to boot, the rest from golden files)%n",
                    kernels.size(), loaded.size(), booted);
            err.flush();
        }

        List<AbiHistory> histories = new ArrayList<>();
        for (Map.Entry<Topology, List<CompletableFuture<Optional<Snapshot>>>> entry : byTopology.entrySet()) {
            Topology topology = entry.getKey();
            List<Snapshot> snapshots = new ArrayList<>();
            for (int i = 0; i < kernels.size(); i++) {
                Optional<Snapshot> snapshot = entry.getValue().get(i).join();
                String which = kernels.get(i).reference() + " on " + topology.name();
                if (snapshot.isPresent()) {
                    snapshots.add(snapshot.get());
                } else if (skipped.stream().noneMatch(s -> s.startsWith(which)) && !leftOut.contains(which)) {
                    skipped.add(which + ": the guest did not give a snapshot");
                }
            }
            histories.add(AbiHistory.of(topology.name(), snapshots, (before, after) -> checks.acknowledgeContractDifferences(
                    diff.compare(before, after).findings(), before, after, topology)));
            afterRegion(topology, kernels, golden, diff, checks, err).ifPresent(histories::add);
        }
        Path directory = results.dir(workspace).resolve("history");
        write(directory, HistoryText.render(histories), HistoryPage.render(histories));
        out.print(HistoryText.render(histories));
        skipped.forEach(line -> out.println("skipped (untestable): " + line));
        out.flush();
        err.printf("history: %s/history.html (%.0f s)%n", directory, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return skipped.isEmpty() ? Main.OK : Main.INFRASTRUCTURE;
    }

    /**
     * A CXL fixture's history with its region online ({@code <topology>.after-region}), from the
     * after-region golden files (a kernel without one is named and left out), judged like the gate's
     * CXL path: with the window's node holding memory. None with {@code --boot} (booting it means the
     * cxl suite: {@code hmsabi gate} or {@code hmsabi check --suite cxl}) or with fewer than two files.
     */
    private Optional<AbiHistory> afterRegion(Topology topology, List<KernelPin> kernels, GoldenFiles golden, SnapshotDiff diff,
                                             GateChecks checks, PrintWriter err) {
        if (topology.cxl().isEmpty()) {
            return Optional.empty();
        }
        String name = topology.name() + "." + GoldenFiles.AFTER_REGION;
        if (boot) {
            err.printf("note: %s left out: --boot does not run the cxl suite; its history comes from golden files%n", name);
            return Optional.empty();
        }
        List<Snapshot> snapshots = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (KernelPin pin : kernels) {
            golden.readAfterRegion(topology.name(), GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference())))
                    .filter(snapshot -> snapshot.topology().hash().equals(topology.contentHash()))
                    .ifPresentOrElse(snapshots::add, () -> without.add(pin.reference()));
        }
        if (!without.isEmpty()) {
            err.printf("note: %s: no golden file with the region online for %s%n", name, String.join(", ", without));
        }
        if (snapshots.size() < 2) {
            return Optional.empty();
        }
        SyscallFacts facts = SyscallFacts.of(topology).withMemoryOn(CxlNodes.windowNode(topology));
        return Optional.of(AbiHistory.of(name, snapshots, (before, after) -> checks.acknowledgeContractDifferences(
                diff.compare(before, after).findings(), before, after, topology, facts)));
    }

    /** The newest pinned kernel of each series asked for, in version order (every pinned series by default). */
    private List<KernelPin> kernels(KernelPins pins) {
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

    private static void write(Path directory, String text, String html) {
        try {
            Files.createDirectories(directory);
            LocalFiles.writeAtomically(directory.resolve("history.txt"), text.getBytes(StandardCharsets.UTF_8));
            LocalFiles.writeAtomically(directory.resolve("history.html"), html.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the history to " + directory + " (" + e.getMessage() + ")", e);
        }
    }
}
