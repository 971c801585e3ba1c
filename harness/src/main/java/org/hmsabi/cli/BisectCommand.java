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
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi bisect}: the first kernel of an ordered list whose snapshot differs from the
 * first kernel's. Exit 0 when it names one or finds no change, 1 when untestable kernels or a
 * flaky re-check keep it from naming one, 2 bad input, 3 when the first or last kernel cannot be tested.
 */
@Command(name = "bisect", mixinStandardHelpOptions = true,
        description = "Find the first kernel of an ordered list whose ABI differs from the first kernel's.")
final class BisectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kernels", required = true, split = ",", paramLabel = "REF",
            description = "kernels, oldest first; a range debian:A..debian:B stands for every kernel the archive offers from A to B")
    List<String> kernels;

    @Option(names = "--topology", defaultValue = "two-socket-hbm", paramLabel = "NAME|FILE",
            description = "topology to boot them on (default: ${DEFAULT-VALUE})")
    String topologyRef;

    @Option(names = "--finding", paramLabel = "PATTERN",
            description = "bisect a finding whose subject or path contains PATTERN (default: any WARNING or FAILURE)")
    String finding;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "checks per step (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--results", paramLabel = "DIR", description = "where snapshots go (default: target/hmsabi-results)")
    Path results;

    @Option(names = "--find-fix", description = "the first kernel after a bad first one whose snapshot differs from it:"
            + " where a break was repaired (the first kernel shows the break, the last must not)")
    boolean findFix;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kernels.stream().anyMatch(org.hmsabi.kernel.KernelRefRange::isRange)) {
            org.hmsabi.kernel.KernelIndex index = guestOptions.kernels(err).index();
            kernels = kernels.stream().flatMap(text -> org.hmsabi.kernel.KernelRefRange.expand(text, index).stream()).toList();
        }
        // Every reference is parsed before the first boot: a typo is bad input, not an untestable kernel.
        kernels.forEach(reference -> KernelRef.parse(reference, Optional.ofNullable(guestOptions.modules)));
        if (kernels.size() < 2) {
            throw new BadInputException("--kernels: give at least two kernels, oldest first");
        }
        if (runs < 1) {
            throw new BadInputException("--runs " + runs + ": give at least 1");
        }
        Workspace workspace = guestOptions.workspace();
        Topology topology = guestOptions.topology(topologyRef);
        FindingFilter filter = finding != null ? FindingFilter.containing(finding) : FindingFilter.anyWarningOrFailure();
        Path keepDir = (results != null ? results : workspace.resultsDir()).resolve("bisect");
        err.printf("bisect: %d kernels on %s, bad = %s, %d run(s) per step%n", kernels.size(), topology.name(),
                filter.describe(), runs);
        err.flush();
        BisectResult result;
        try (ParallelCaptures captures = guestOptions.captures(1, err)) {
            SnapshotTester tester = new SnapshotTester(reference -> guestOptions.kernel(reference, err), captures, topology,
                    new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false), filter, keepDir, Optional.empty());
            result = new BisectSearch(tester, runs, line -> progress(err, line), Clock.systemUTC()).run(kernels);
        }
        BisectReport.Direction direction = findFix ? BisectReport.Direction.FIX : BisectReport.Direction.REGRESSION;
        out.print(BisectReport.render(result, direction));
        if (result instanceof org.hmsabi.bisect.BisectResult.FirstBad found) {
            String reproducer = "hmsabi bisect --kernels " + found.lastGood() + "," + found.firstBad()
                    + (finding != null ? " --finding '" + finding + "'" : "") + " --topology " + topologyRef
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
