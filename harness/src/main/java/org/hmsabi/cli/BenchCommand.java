package org.hmsabi.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallCatalog;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
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
        description = "Measure snapshot wall time against a bare boot-to-poweroff of the same kernel and topology.",
        footer = {"", "Example:", "  hmsabi bench --syscalls --kernels default --topology two-socket-hbm"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KernelsOption kernels;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "pairs of boots per kernel (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--syscalls", description = "measure mempolicy syscall checks per second inside one guest instead")
    boolean syscalls;

    @Option(names = "--checks", defaultValue = "20000", paramLabel = "N", description = "syscall checks per kernel with --syscalls (default: ${DEFAULT-VALUE})")
    int checks;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topology topology = topologyOption.load(guestOptions.workspace());
        List<String> references = kernels.references(guestOptions, err); // without --kernels: the pinned gate pair
        if (syscalls) {
            return benchSyscalls(out, err, topology, references);
        }
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

    /**
     * Boots each kernel once and runs the snapshot's syscall catalog over and over until
     * {@code checks} calls were made and judged against spec/syscalls.yaml; prints checks per second,
     * for every case on 4 KiB pages and for those of them that fork no process (a second process whose
     * pages the call uses costs a fork, an exit and a wait: 1.5 to 2 ms of the guest's time under TCG).
     */
    private Integer benchSyscalls(PrintWriter out, PrintWriter err, Topology topology, List<String> references) {
        SyscallContract contract = SyscallContract.bundled();
        SyscallFacts facts = SyscallFacts.of(topology);
        // The cases on 2 MiB pages (hugetlb, THP) are left out: each zeroes, faults or migrates 2 MiB, which
        // measures memory copying under TCG rather than the system calls, and hugetlb needs pools filled.
        List<SyscallCase> all = SyscallCatalog.forMachine(facts).stream().map(SyscallCatalog.Entry::call).toList();
        List<SyscallCase> catalog = all.stream().filter(c -> !c.backing().hugePages()).toList();
        List<SyscallCase> calls = catalog.stream().filter(c -> !c.forksAProcess()).toList();
        out.printf("%-24s %-16s %-26s %8s %10s %12s %17s %10s  %s%n", "kernel", "topology", "cases", "checks", "seconds", "checks/s",
                "QEMU CPU us/check", "mismatches", "agent channel");
        for (String reference : references) {
            Kernel kernel = guestOptions.kernel(reference, err);
            try (Guest guest = Guest.boot(guestOptions.guestSpec(kernel, topology))) {
                MempolicyClient client = new MempolicyClient(guest.session());
                client.run(catalog); // warm-up: first faults of the agent's buffers
                measure(out, guest, client, contract, facts, kernel, topology, "4 KiB pages (" + catalog.size() + ")", catalog);
                measure(out, guest, client, contract, facts, kernel, topology, "no process forked (" + calls.size() + ")", calls);
            }
        }
        out.printf("target: >= 5000 syscall checks/s inside one guest (the catalog's %d cases on 4 KiB pages; its %d on 2 MiB pages"
                + " are left out; the second row leaves out the %d that fork a second process per check too)%n", catalog.size(),
                all.size() - catalog.size(), catalog.size() - calls.size());
        return Main.OK;
    }

    private void measure(PrintWriter out, Guest guest, MempolicyClient client, SyscallContract contract, SyscallFacts facts, Kernel kernel,
                         Topology topology, String label, List<SyscallCase> catalog) {
        List<SyscallCase> cases = new ArrayList<>();
        while (cases.size() < checks) {
            cases.addAll(catalog);
        }
        Optional<Duration> cpuBefore = guest.qemuCpuTime();
        Instant start = Instant.now();
        List<MempolicyOutcome> outcomes = client.run(cases);
        Optional<Duration> cpuAfter = guest.qemuCpuTime();
        long mismatches = 0;
        for (int i = 0; i < cases.size(); i++) {
            MempolicyOutcome o = outcomes.get(i);
            if (!o.isClean() || contract.check(cases.get(i), facts, client.kernelRelease(), o.result(), o.errno().orElse(null)).isPresent()) {
                mismatches++;
            }
        }
        double secs = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        // QEMU's CPU time per check varies far less with the host's load than checks/s does.
        String cpuPerCheck = cpuBefore.isPresent() && cpuAfter.isPresent()
                ? String.format("%.0f", cpuAfter.get().minus(cpuBefore.get()).toNanos() / 1000.0 / cases.size()) : "n/a";
        out.printf("%-24s %-16s %-26s %8d %10.2f %12.0f %17s %10d  %s%n", kernel.reference(), topology.name(), label, cases.size(), secs,
                cases.size() / secs, cpuPerCheck, mismatches, guest.session().transport());
        out.flush();
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
