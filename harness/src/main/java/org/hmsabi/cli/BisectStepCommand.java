package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.bisect.FindingFilter;
import org.hmsabi.bisect.Observation;
import org.hmsabi.bisect.SnapshotTester;
import org.hmsabi.bisect.StepExit;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi bisect-step}: one step of {@code git bisect run}. Boots the kernel, diffs it with
 * the baseline snapshot and exits 0 good, 1 bad, 125 untestable (no or bad image, panic, hang),
 * so that git skips a commit that does not build or boot instead of blaming it.
 */
@Command(name = "bisect-step", mixinStandardHelpOptions = true,
        description = "One step for git bisect run: exit 0 good, 1 bad, 125 untestable.")
final class BisectStepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "PATH", description = "the bzImage just built")
    String kernel;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "snapshot of a good kernel (default: the topology's golden file of the pinned gate baseline)")
    Path baselineFile;

    @Option(names = "--topology", defaultValue = "two-socket-hbm", paramLabel = "NAME|FILE",
            description = "topology to boot on (default: ${DEFAULT-VALUE})")
    String topologyRef;

    @Option(names = "--finding", paramLabel = "PATTERN",
            description = "bad means a finding whose subject or path contains PATTERN (default: any WARNING or FAILURE)")
    String finding;

    @Option(names = "--results", paramLabel = "DIR", description = "where the snapshot goes (default: target/hmsabi-results)")
    Path results;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KernelRef.parse(kernel, Optional.ofNullable(guestOptions.modules));
        Workspace workspace = guestOptions.workspace();
        Topology topology = guestOptions.topology(topologyRef);
        Snapshot baseline = baseline(workspace, topology);
        FindingFilter filter = finding != null ? FindingFilter.containing(finding) : FindingFilter.anyWarningOrFailure();
        Observation observation;
        try (ParallelCaptures captures = guestOptions.captures(1, err)) {
            SnapshotTester tester = new SnapshotTester(reference -> guestOptions.kernel(reference, err), captures, topology,
                    new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false), filter,
                    (results != null ? results : workspace.resultsDir()).resolve("bisect"), Optional.of(baseline));
            observation = tester.compare(kernel);
        }
        out.println("bisect-step: " + kernel + " is " + observation.word() + describe(observation)
                + " (against " + baseline.kernel().reference() + " on " + topology.name() + ")");
        out.flush();
        return StepExit.of(observation);
    }

    private static String describe(Observation observation) {
        if (observation instanceof Observation.Bad bad) {
            return ": " + bad.finding().kind() + " " + bad.finding().subject();
        }
        return observation instanceof Observation.Untestable untestable ? ": " + untestable.reason() : "";
    }

    /** The given snapshot file, or the golden file of the pinned gate baseline; missing either is bad input (exit 2). */
    private Snapshot baseline(Workspace workspace, Topology topology) {
        if (baselineFile != null) {
            if (!Files.isRegularFile(baselineFile)) {
                throw new BadInputException("--baseline " + baselineFile + ": no such snapshot file");
            }
            return SnapshotFiles.read(baselineFile);
        }
        String pinned = KernelPins.findOrNone(workspace.root()).defaults().baseline().reference();
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pinned));
        return GoldenFiles.of(workspace).read(topology.name(), key).orElseThrow(() -> new BadInputException(
                "no golden file of " + pinned + " for " + topology.name() + "; pass --baseline FILE (see hmsabi snapshot)"));
    }
}
