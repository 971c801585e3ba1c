package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.bisect.BisectReport;
import org.hmsabi.bisect.BisectResult;
import org.hmsabi.bisect.BisectSearch;
import org.hmsabi.bisect.FindingFilter;
import org.hmsabi.bisect.SnapshotTester;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi bisect}: the first kernel of an ordered list whose snapshot differs from the
 * first kernel's. Exit 0 when it names one or finds no change, 1 when untestable kernels or a
 * flaky re-check keep it from naming one, 2 bad input, 3 when the first or last kernel cannot be tested.
 */
@Command(name = "bisect", mixinStandardHelpOptions = true,
        description = "Find the first kernel of an ordered list whose ABI differs from the first kernel's.",
        footer = {"", "Exit 0 names a first bad kernel or finds no change, 1 a flaky re-check keeps",
                "it from naming one, 2 bad input, 3 the first or last kernel cannot be tested.",
                "Snapshots go to DIR/bisect/<topology>/ under --results DIR.",
                "--shard: only 1/1; a bisection is one search, it has no matrix to split.",
                "", "Example:", "  hmsabi bisect --kernels debian:6.17..debian:6.18 \\",
                "      --finding weighted_interleave/auto"})
final class BisectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KernelsOption kernelList;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--finding", paramLabel = "PATTERN",
            description = "bisect a finding whose subject or path contains PATTERN (default: any WARNING or FAILURE)")
    String finding;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "checks per step (default: ${DEFAULT-VALUE})")
    int runs;

    @Mixin
    ResultsOption results;

    @Mixin
    WaiversOption waivers;

    @Option(names = "--find-fix", description = "the first kernel after a bad first one whose snapshot differs from it:"
            + " where a break was repaired (the first kernel shows the break, the last must not)")
    boolean findFix;

    @Mixin
    GuestOptions guestOptions;

    @Mixin
    ShardOption shard;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!shard.get().isWhole()) {
            throw new BadInputException("bisect --shard %s: a bisection is one search whose every step depends on the last, so it has no matrix to split; run it on one machine".formatted(shard.get().text()));
        }
        if (kernelList.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--kernels=REF'");
        }
        List<String> kernels = kernelList.references(guestOptions, err);
        if (kernels.size() < 2) {
            throw new BadInputException("--kernels: give at least two kernels, oldest first");
        }
        if (runs < 1) {
            throw new BadInputException("--runs " + runs + ": give at least 1");
        }
        Workspace workspace = guestOptions.workspace();
        Topology topology = topologyOption.load(workspace);
        Waivers accepted = waivers.load(workspace);
        FindingFilter filter = finding != null ? FindingFilter.containing(finding) : FindingFilter.anyWarningOrFailure();
        Path keepDir = results.dir(workspace).resolve("bisect");
        err.printf("bisect: %d kernels on %s, bad = %s, %d run(s) per step%n", kernels.size(), topology.name(),
                filter.describe(), runs);
        err.flush();
        BisectResult result;
        try (ParallelCaptures captures = guestOptions.captures(1, err)) {
            SnapshotTester tester = new SnapshotTester(reference -> guestOptions.kernel(reference, err), captures, topology,
                    new SnapshotDiff(AbiSpec.bundled(), accepted, false), filter, keepDir, Optional.empty());
            result = new BisectSearch(tester, runs, line -> progress(err, line), Clock.systemUTC()).run(kernels);
        }
        BisectReport.Direction direction = findFix ? BisectReport.Direction.FIX : BisectReport.Direction.REGRESSION;
        out.print(BisectReport.render(result, direction));
        if (result instanceof org.hmsabi.bisect.BisectResult.FirstBad found) {
            String reproducer = "hmsabi bisect --kernels " + found.lastGood() + "," + found.firstBad()
                    + (finding != null ? " --finding '" + finding + "'" : "") + " --topology " + topologyOption.name + (waivers.file != null ? " --waivers " + waivers.file : "")
                    + (findFix ? " --find-fix" : "") + guestOptions.reproducingOptions();
            out.println();
            out.print(BisectReport.mailReport(found, direction, topology.name(), reference -> upstream(reference, err), reproducer));
        }
        out.println("snapshots: " + keepDir.resolve(topology.name()));
        out.flush();
        return BisectReport.exitCode(result);
    }

    /** The upstream version of a kernel the search used (resolved from the cache, where it is). */
    private String upstream(String reference, PrintWriter err) {
        try {
            return guestOptions.kernel(reference, err).upstreamVersion();
        } catch (org.hmsabi.HmsabiException unavailable) {
            return reference;
        }
    }

    private static void progress(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
