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
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.model.GoldenFiles;
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
@Command(name = BisectStepCommand.NAME, mixinStandardHelpOptions = true,
        description = "One step for git bisect run: exit 0 good, 1 bad, 125 untestable; 128 + hmsabi's exit code"
                + " (130 bad input, 131 infrastructure, 132 kernel unavailable) stops the bisection.",
        footer = {"", "The reference is the golden file of --baseline on the topology, or the",
                "snapshot --baseline-snapshot FILE names.",
                "", "Example:", "  git bisect run sh -c 'make -j$(nproc) bzImage || exit 125;",
                "      hmsabi bisect-step --kernel arch/x86/boot/bzImage \\",
                "      --baseline debian:6.12 --finding weighted_interleave'"})
final class BisectStepCommand implements Callable<Integer> {
    static final String NAME = "bisect-step";

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "PATH", description = "the bzImage just built")
    String kernel;

    @Option(names = "--baseline", paramLabel = "REF",
            description = "the good kernel whose golden file on the topology is the reference: debian:<abi>, or debian:<series>"
                    + " for its newest pinned kernel (default: the pinned gate baseline)")
    String baselineRef;

    @Option(names = "--baseline-snapshot", paramLabel = "FILE",
            description = "a snapshot of a good kernel (from hmsabi snapshot) as the reference instead of a golden file")
    Path baselineSnapshot;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--finding", paramLabel = "PATTERN",
            description = "bad means a finding whose subject or path contains PATTERN (default: any WARNING or FAILURE)")
    String finding;

    @Mixin
    ResultsOption results;

    @Mixin
    WaiversOption waivers;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KernelRef.parse(kernel, guestOptions.modules());
        Workspace workspace = guestOptions.workspace();
        Topology topology = topologyOption.load(workspace);
        Snapshot baseline = baseline(workspace, topology, err);
        SnapshotDiff diff = new SnapshotDiff(AbiSpec.bundled(), waivers.load(workspace), false);
        FindingFilter filter = finding != null ? FindingFilter.containing(finding) : FindingFilter.anyWarningOrFailure();
        Observation observation;
        try (ParallelCaptures captures = guestOptions.captures(1, err)) {
            SnapshotTester tester = new SnapshotTester(reference -> guestOptions.kernel(reference, err), captures, topology,
                    diff, filter, results.dir(workspace).resolve("bisect"), Optional.of(baseline));
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

    /**
     * The reference snapshot: --baseline-snapshot FILE, else the golden file of --baseline (default:
     * the pinned gate baseline) on the topology; missing either is bad input (exit 2). An existing
     * file given to --baseline is read as a snapshot, as before --baseline-snapshot existed.
     */
    private Snapshot baseline(Workspace workspace, Topology topology, PrintWriter err) {
        if (baselineRef != null && baselineSnapshot == null && !baselineRef.startsWith(KernelRef.DEBIAN_SCHEME)
                && Files.isRegularFile(Path.of(baselineRef))) {
            CliInputs.deprecated(err, "--baseline FILE", "--baseline-snapshot FILE");
            baselineSnapshot = Path.of(baselineRef);
            baselineRef = null;
        }
        if (baselineSnapshot != null) {
            if (baselineRef != null) {
                throw new BadInputException("--baseline " + baselineRef + " and --baseline-snapshot " + baselineSnapshot
                        + ": give one reference, not both");
            }
            if (!Files.isRegularFile(baselineSnapshot)) {
                throw new BadInputException("--baseline-snapshot " + baselineSnapshot + ": no such snapshot file");
            }
            return SnapshotFiles.read(baselineSnapshot);
        }
        String reference = goldenReference(KernelPins.findOrNone(workspace.root()));
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo("", reference));
        return GoldenFiles.of(workspace).read(topology.name(), key).orElseThrow(() -> new BadInputException(
                "no golden file of " + reference + " for " + topology.name()
                        + "; pass --baseline with a kernel that has one, or --baseline-snapshot FILE (see hmsabi snapshot)"));
    }

    /** The exact debian: kernel whose golden file is the reference: --baseline's, a series' newest pinned one, or the gate baseline. */
    private String goldenReference(KernelPins pins) {
        if (baselineRef == null) {
            return pins.defaults().baseline().reference();
        }
        KernelRef ref = KernelRef.parse(baselineRef);
        if (ref instanceof KernelRef.DebianKernel exact) {
            return exact.text();
        }
        if (ref instanceof KernelRef.DebianSeries series) {
            return pins.newestIn(series.series()).map(KernelPin::reference).orElseThrow(() ->
                    new BadInputException("--baseline " + baselineRef + ": no " + series.series() + " kernel is pinned in "
                            + pins.describeSource() + "; name its ABI (debian:<abi>) or pass --baseline-snapshot FILE"));
        }
        throw new BadInputException("--baseline " + baselineRef + ": golden files are recorded for debian: kernels;"
                + " give debian:<abi> or debian:<series>, or a snapshot with --baseline-snapshot FILE");
    }
}
