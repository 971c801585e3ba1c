package org.hmsabi.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hmsabi.Workspace;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPair;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.snapshot.Snapshots;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi bench}: what a snapshot costs over a bare boot. For each kernel, boots the same
 * topology alternately to power off at once and to take a snapshot (boot, capture, power off),
 * in one process, and prints the median wall times and their ratio. Used by ci/bench.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, hidden = true,
        description = "Measure snapshot wall time against a bare boot-to-poweroff of the same kernel and topology.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kernels", defaultValue = "default", paramLabel = "REF,REF|default",
            description = "kernels to measure (default: the pinned gate pair)")
    String kernels;

    @Option(names = "--topology", defaultValue = "two-socket-hbm", paramLabel = "NAME|FILE")
    String topologyRef;

    @Option(names = "--rounds", defaultValue = "3", description = "pairs of boots per kernel (default: ${DEFAULT-VALUE})")
    int rounds;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topology topology = guestOptions.topology(topologyRef);
        List<String> references = references(guestOptions.workspace());
        out.printf("%-24s %-16s %6s %12s %12s %7s %12s %7s  %s%n", "kernel", "topology", "rounds", "bare boot s",
                "snapshot s", "ratio", "restored s", "ratio", "agent channel");
        for (String reference : references) {
            Kernel kernel = guestOptions.kernel(reference, err);
            GuestSpec fresh = guestOptions.guestSpec(kernel, topology).withSavedStates(false);
            GuestSpec restorable = fresh.withSavedStates(true);
            timedSnapshot(restorable, kernel, topology); // makes sure a saved state exists
            List<Double> bare = new ArrayList<>();
            List<Double> snapshot = new ArrayList<>();
            List<Double> restored = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                err.printf("bench %s: round %d of %d%n", kernel.reference(), round, rounds);
                err.flush();
                bare.add(seconds(Guest.bootBare(fresh)));
                snapshot.add(timedSnapshot(fresh, kernel, topology));
                restored.add(timedSnapshot(restorable, kernel, topology));
            }
            double bareMedian = median(bare);
            double snapshotMedian = median(snapshot);
            double restoredMedian = median(restored);
            out.printf("%-24s %-16s %6d %12.2f %12.2f %7.2f %12.2f %7.2f  %s%n", kernel.reference(), topology.name(), rounds,
                    bareMedian, snapshotMedian, snapshotMedian / bareMedian, restoredMedian, restoredMedian / bareMedian,
                    transport);
            out.printf("  samples: bare %s, snapshot %s, restored %s%n", bare, snapshot, restored);
            out.flush();
        }
        out.println("target: snapshot <= 1.15 x bare boot (snapshot: a fresh boot; restored: from the saved guest state)");
        return Main.OK;
    }

    private String transport = "?";

    /** Boot (or restore), capture, power off: the wall time of one snapshot, in seconds. */
    private double timedSnapshot(GuestSpec spec, Kernel kernel, Topology topology) {
        Instant start = Instant.now();
        try (Guest guest = Guest.boot(spec)) {
            transport = guest.session().transport();
            Snapshots.capture(guest, kernel, topology);
        }
        return seconds(Duration.between(start, Instant.now()));
    }

    private List<String> references(Workspace workspace) {
        if (!kernels.equals("default")) {
            return List.of(kernels.split(","));
        }
        KernelPair pair = KernelPins.findOrNone(workspace.root()).defaults();
        return List.of(pair.baseline().reference(), pair.candidate().reference());
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 10.0) / 100.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
