package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hmsabi.Workspace;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.gate.GateChecks;
import org.hmsabi.history.HistoryRun;
import org.hmsabi.history.HistoryText;
import org.hmsabi.history.HistoryOutcome;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.report.HistoryOutcomeJson;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
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
 * exist (and match the topology), else from guests booted in parallel ({@code --boot}: always, with
 * the cxl suite on a fixture with a {@code cxl:} section; {@code --update-golden}: and recorded).
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"The ABI history: the diff between each consecutive pair of kernel series, in one report.",
                "Prints what changed at each release; writes history.txt, history.html (a table) under --results."},
        footer = {"", "Exit 0, or 3 when a kernel could not be had or booted",
                "(or a golden file asked for was not written).",
                "--shard I/N: only the fixtures that fall to part I of N;",
                "hmsabi report merge makes the parts one history.",
                "", "Examples:",
                "  hmsabi history          # every pinned series, every fixture",
                "  hmsabi history --series 6.12,6.16,7.3 --topology two-socket-hbm",
                "  hmsabi history --update-golden --runner auto   # re-record golden files",
                "  hmsabi history --update-golden --missing --runner auto   # only absent ones"})
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
    UpdateGoldenOption updateGolden;

    @Option(names = "--missing", description = "with --update-golden: record only the golden files that do not exist yet"
            + " (or were recorded of an earlier version of the fixture); the others are read, not booted")
    boolean missing;

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
        Instant started = Instant.now();
        Workspace workspace = guestOptions.workspace();
        HistoryRun.Mode mode = HistoryRun.Mode.of(boot, updateGolden.updateGolden, missing);
        List<Topology> loaded = topologies.load(workspace);
        // A shard does only its cells: fixtures, each with every series (and its region's history).
        RunMatrix matrix = RunMatrix.of(loaded, shard.get());
        List<Topology> mine = matrix.select(loaded);
        SnapshotDiff diff = new SnapshotDiff(AbiSpec.bundled(), waivers.load(workspace), strict.strict);
        List<KernelPin> kernels = HistoryRun.kernelsOf(KernelPins.findOrNone(workspace.root()), series, mode);
        GoldenFiles golden = GoldenFiles.of(workspace);
        HistoryRun run = new HistoryRun(mode, diff, new GateChecks(AbiSpec.bundled(), org.hmsabi.spec.SyscallContract.bundled()), golden,
                CliInputs.hotPlugWaivers(workspace), reference -> guestOptions.kernel(reference, err), line -> {
                    err.println(line);
                    err.flush();
                });
        if (!shard.get().isWhole()) {
            err.printf("history: shard %s of %d fixtures: %s%n", shard.get().text(), matrix.cells().size(), String.join(", ", matrix.mineNames()));
        }
        HistoryRun.Result result;
        try (ParallelCaptures captures = guestOptions.captures(parallel.get(), err)) {
            result = run.run(mine, kernels, captures);
        }
        HistoryOutcome outcome = new HistoryOutcome(commandLine(), strict.strict, matrix, result.histories(), result.skipped());
        Path directory = HistoryOutcomeJson.writeAll(outcome, results.dir(workspace));
        out.print(HistoryText.render(outcome.histories()));
        outcome.skipped().forEach(line -> out.println("skipped (untestable): " + line));
        if (updateGolden.updateGolden) {
            out.printf("wrote %d golden files under %s%n", result.goldenWritten(), golden.directory());
        }
        out.flush();
        err.printf("history: %s/history.html (%.0f s)%n", directory, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return outcome.exitCode() == 0 ? Main.OK : Main.INFRASTRUCTURE;
    }

    /** The command line of the whole history (without --shard): the same on every shard of it, which report merge checks. */
    private String commandLine() {
        return "./hmsabi history" + (series.isEmpty() ? "" : " --series " + String.join(",", series))
                + topologies.names.stream().map(name -> " --topology " + name).reduce("", String::concat)
                + (boot ? " --boot" : "") + (strict.strict ? " --strict" : "") + guestOptions.reproducingOptions();
    }
}
