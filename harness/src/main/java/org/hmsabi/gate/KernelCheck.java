package org.hmsabi.gate;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.KernelUnavailableException;
import org.hmsabi.Messages;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.capture.SyscallCapture;
import org.hmsabi.capture.WriteCapture;
import org.hmsabi.check.CheckResult;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.cxl.CxlExpanderScenario;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.hotplug.HotPlugScenario;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallCaseGenerator;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.spec.WriteSpec;
import org.hmsabi.topology.Topology;

/**
 * {@code hmsabi check}: the suites on one kernel, topology after topology. Conformance, syscalls
 * and sysfs writes share one guest per topology (captured first, the syscall cases next, the
 * writes last, each put back); hot-plug boots its own guests. The result is a
 * {@link GateOutcome} of kind CHECK, from which the reports are written.
 */
public final class KernelCheck {

    /** The suites, named as in the reports and on the command line. */
    public enum Suite {
        CONFORMANCE("conformance"), SYSCALLS("syscalls"), SYSFS_WRITES("sysfs-writes"), HOTPLUG("hotplug"),
        /** A CXL region built through sysfs, onlined as a node and taken apart (topologies with a {@code cxl:} section). */
        CXL("cxl");

        private final String text;

        Suite(String text) {
            this.text = text;
        }

        /** A suite by its name; bad input naming the known ones otherwise. */
        public static Suite parse(String name) {
            return Arrays.stream(values()).filter(s -> s.text.equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new BadInputException("--suite '" + Messages.firstLine(name) + "' is no suite; use one of "
                            + Arrays.stream(values()).map(Suite::toString).collect(Collectors.joining(", "))));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * How the suites run.
     *
     * @param suites          the suites asked for; empty: every suite, hot-plug only on topologies that declare host-plugged devices
     * @param tries           generated syscall cases per topology, besides the catalog
     * @param seed            the generator's seed (printed, so a run can be replayed)
     * @param hotPlugWaivers  known kernel behaviour around hot-plug
     */
    public record Settings(List<Suite> suites, int tries, long seed, Waivers hotPlugWaivers) {
        public Settings {
            suites = List.copyOf(suites);
            if (tries < 0) {
                throw new BadInputException("--tries " + tries + " is negative; give 0 (the catalog only) or more");
            }
        }

        boolean runs(Suite suite) {
            return suites.isEmpty() || suites.contains(suite);
        }
    }

    /** The generated cases go to the guest in batches of this many: the agent session keeps the guest busy. */
    static final int BATCH = 4096;

    private final Settings settings;
    private final BiFunction<Kernel, Topology, GuestSpec> guestSpecs;
    private final PrintWriter out;
    private final AbiSpec abiSpec = AbiSpec.bundled();
    private final SyscallContract contract = SyscallContract.bundled();
    private final WriteSpec writeSpec = WriteSpec.bundled();

    public KernelCheck(Settings settings, BiFunction<Kernel, Topology, GuestSpec> guestSpecs, PrintWriter out) {
        this.settings = settings;
        this.guestSpecs = guestSpecs;
        this.out = out;
    }

    /**
     * Runs the suites on every topology. {@code reproduce} gives the command line that repeats a
     * run on the topologies named.
     */
    public GateOutcome run(Kernel kernel, List<Topology> topologies, Instant started, String qemu,
                           Function<List<String>, String> reproduce) {
        out.printf("check: %s, suites %s%s%n", kernel.exactReference(),
                settings.suites().isEmpty() ? "all" : settings.suites().stream().map(Suite::toString).collect(Collectors.joining(",")),
                settings.runs(Suite.SYSCALLS) ? String.format(", syscall seed %d (%d generated cases per topology)", settings.seed(),
                        settings.tries()) : "");
        List<TopologyRun> runs = new ArrayList<>();
        for (Topology topology : topologies) {
            List<CheckResult> checks = new ArrayList<>();
            Optional<String> problem = Optional.empty();
            Optional<Snapshot> withRegion = Optional.empty();
            try {
                if (settings.runs(Suite.CONFORMANCE) || settings.runs(Suite.SYSCALLS) || settings.runs(Suite.SYSFS_WRITES)) {
                    checks.addAll(inOneGuest(kernel, topology));
                }
                boolean declaresHotPlug = topology.hotPlug().filter(room -> !room.hostPlugged().isEmpty()).isPresent();
                if (settings.runs(Suite.HOTPLUG) && (!settings.suites().isEmpty() || declaresHotPlug)) {
                    checks.addAll(hotPlug(kernel, topology));
                }
                if (settings.runs(Suite.CXL) && topology.cxl().isPresent()) {
                    CxlExpanderScenario.Outcome cxl = cxlRegion(kernel, topology);
                    checks.addAll(cxl.checks());
                    withRegion = cxl.afterRegion();
                }
            } catch (BadInputException | KernelUnavailableException e) {
                throw e; // the user's to fix (a fixture this runner's QEMU cannot emulate, a kernel gone): its own exit code
            } catch (HmsabiException e) {
                problem = Optional.of(Messages.firstLine(e.getMessage()));
                out.printf("ERROR %s on %s: %s%n", kernel.reference(), topology.name(), problem.get());
            }
            // A CXL region that came online is drawn for the report: the nodes, and the bus from host bridge to node.
            runs.add(new TopologyRun(topology.name(), problem.isPresent() ? TopologyRun.Status.NOT_BOOTED : TopologyRun.Status.COMPARED,
                    problem, List.of(), List.of(), checks, withRegion.map(GateRuns::picture), reproduce.apply(List.of(topology.name())),
                    withRegion.map(snapshot -> GateCxl.picture(snapshot, topology))));
            out.flush();
        }
        String exact = kernel.exactReference();
        return new GateOutcome(exact, exact, false, started, Duration.between(started, Instant.now()), runs,
                reproduce.apply(topologies.stream().map(Topology::name).toList()), GateOutcome.Kind.CHECK).withQemu(qemu);
    }

    /** Conformance, syscalls and sysfs writes in one guest: capture, then the cases, then the writes. */
    private List<CheckResult> inOneGuest(Kernel kernel, Topology topology) {
        List<CheckResult> checks = new ArrayList<>();
        String reference = kernel.exactReference();
        try (Guest guest = Guest.boot(guestSpecs.apply(kernel, topology))) {
            if (settings.runs(Suite.CONFORMANCE)) {
                Snapshot snapshot = Snapshots.capture(guest, kernel, topology);
                checks.addAll(conformance(snapshot, topology));
                if (settings.runs(Suite.SYSCALLS)) {
                    checks.addAll(syscalls(guest, snapshot.syscalls(), snapshot.kernel().release(), topology, reference));
                }
            } else if (settings.runs(Suite.SYSCALLS)) {
                List<SyscallRecord> catalog = new SyscallCapture(new MempolicyClient(guest.session())).capture(SyscallFacts.of(topology));
                checks.addAll(syscalls(guest, catalog, guest.session().kernelRelease(), topology, reference));
            }
            if (settings.runs(Suite.SYSFS_WRITES)) {
                checks.addAll(writes(guest, topology, reference));
            }
            CheckResult kernelLog = KernelLogCheck.of(reference, topology.name() + ": boot and "
                    + (settings.runs(Suite.CONFORMANCE) ? "capture" : settings.suites().stream().filter(s -> s != Suite.HOTPLUG)
                    .map(Suite::toString).collect(Collectors.joining(", "))), KernelLog.read(guest.session()));
            out.printf("%s kernel log %s on %s: %s%n", kernelLog.status() == CheckResult.Status.PASSED ? "PASS" : "FAIL",
                    reference, topology.name(), kernelLog.message().orElse(""));
            checks.add(kernelLog);
        }
        return checks;
    }

    private List<CheckResult> conformance(Snapshot snapshot, Topology topology) {
        ConformanceReport report = new ConformanceChecker(abiSpec).check(snapshot, Optional.of(topology));
        out.printf("%s conformance %s on %s: %d checked, %d violations, %d undocumented%n", report.conforms() ? "PASS" : "FAIL",
                report.kernel(), topology.name(), report.checked(), report.violations().size(), report.undocumented().size());
        report.violations().stream().map(Violation::message).forEach(message -> out.println("  " + message));
        report.undocumented().forEach(path -> out.println("  undocumented: " + path));
        return new GateChecks(abiSpec, contract).conformance(snapshot, topology);
    }

    /**
     * The catalog's records against the contract, then {@code tries} generated cases run in the
     * same guest and judged the same way; every mismatch is a failed check naming the case.
     */
    private List<CheckResult> syscalls(Guest guest, List<SyscallRecord> catalog, String release, Topology topology, String reference) {
        String suite = Suite.SYSCALLS.toString();
        List<CheckResult> failures = new ArrayList<>(GateChecks.syscallMismatches(contract, catalog, topology, release, reference, suite));
        SyscallFacts facts = SyscallFacts.of(topology);
        KernelVersion version = KernelVersion.ofGuestRelease(release);
        SyscallCaseGenerator generator = new SyscallCaseGenerator(settings.seed(), facts, version);
        MempolicyClient client = new MempolicyClient(guest.session());
        Instant started = Instant.now();
        int generated = 0;
        String balancing = client.read(NUMA_BALANCING).map(String::strip).orElse("");
        boolean switchOff = !balancing.isEmpty() && !balancing.equals("0");
        if (switchOff) {
            client.write(NUMA_BALANCING, "0"); // it migrates pages behind a policy's back
        }
        try {
            while (generated < settings.tries()) {
                List<SyscallCase> cases = generator.next(Math.min(BATCH, settings.tries() - generated));
                List<MempolicyOutcome> outcomes = client.run(cases);
                for (int i = 0; i < cases.size(); i++) {
                    SyscallCase c = cases.get(i);
                    MempolicyOutcome outcome = outcomes.get(i);
                    String id = "generated/" + settings.seed() + "/" + (generated + i) + " " + c.call().kernelName();
                    if (!outcome.isClean()) {
                        failures.add(new CheckResult(suite, id, reference, CheckResult.Status.FAILED,
                                Optional.of("the agent could not run " + c + ": " + outcome.problem().get())));
                        continue;
                    }
                    contract.check(c, facts, release, outcome.result(), outcome.errno().orElse(null))
                            .ifPresent(mismatch -> failures.add(new CheckResult(suite, id, reference, CheckResult.Status.FAILED,
                                    Optional.of(mismatch.message()))));
                }
                generated += cases.size();
            }
        } finally {
            if (switchOff) {
                client.write(NUMA_BALANCING, balancing);
            }
        }
        Duration took = Duration.between(started, Instant.now());
        long perSecond = generated == 0 ? 0 : Math.round(generated / Math.max(took.toNanos() / 1e9, 1e-3));
        String summary = catalog.size() + " catalog cases and " + generated + " generated (seed " + settings.seed() + ", "
                + perSecond + " checks/s)";
        out.printf("%s syscalls %s on %s: %s, %d mismatches with spec/syscalls.yaml%n", failures.isEmpty() ? "PASS" : "FAIL",
                reference, topology.name(), summary, failures.size());
        failures.forEach(f -> out.println("  " + f.name() + ": " + f.message().orElse("")));
        List<CheckResult> skipped = GateChecks.notAvailable(catalog, reference, suite);
        skipped.forEach(s -> out.println("  skipped " + s.name() + ": " + s.message().orElse("")));
        List<CheckResult> checks = new ArrayList<>(failures.isEmpty()
                ? List.of(new CheckResult(suite, topology.name() + " on " + reference, reference, CheckResult.Status.PASSED,
                        Optional.of(summary + " match spec/syscalls.yaml")))
                : failures);
        checks.addAll(skipped);
        return checks;
    }

    static final String NUMA_BALANCING = "/proc/sys/kernel/numa_balancing";

    private List<CheckResult> writes(Guest guest, Topology topology, String reference) {
        WriteCapture.Result result = new WriteCapture(writeSpec).capture(guest.session());
        List<CheckResult> checks = GateChecks.writeChecks(writeSpec, result.records(), guest.session().kernelRelease(), reference,
                topology.name(), Suite.SYSFS_WRITES.toString());
        long failed = checks.stream().filter(c -> c.status() == CheckResult.Status.FAILED).count();
        out.printf("%s sysfs-writes %s on %s: %d writes, %d not as spec/writes.yaml says%s%n", failed == 0 ? "PASS" : "FAIL",
                reference, topology.name(), result.records().size(), failed,
                result.notRestored().isEmpty() ? "" : "; not put back: " + String.join(", ", result.notRestored()));
        checks.stream().filter(c -> c.status() == CheckResult.Status.FAILED).forEach(c -> out.println("  " + c.message().orElse(c.name())));
        return checks;
    }

    /**
     * The CXL suite in a guest of its own, booted afresh (the region's steps change the guest), its
     * kernel log a check too: the region assembled, onlined as a node, checked and taken apart.
     */
    private CxlExpanderScenario.Outcome cxlRegion(Kernel kernel, Topology topology) {
        List<CheckResult> checks = new ArrayList<>();
        Optional<Snapshot> withRegion;
        try (Guest guest = Guest.boot(guestSpecs.apply(kernel, topology).withSavedStates(false))) {
            CxlExpanderScenario.Outcome outcome = new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT,
                    Waivers.none(), line -> { }).run(guest);
            checks.addAll(outcome.checks());
            withRegion = outcome.afterRegion();
            checks.add(KernelLogCheck.of(kernel.exactReference(), topology.name() + ": cxl region", KernelLog.read(guest.session())));
        }
        long failed = checks.stream().filter(check -> check.status() == CheckResult.Status.FAILED).count();
        out.printf("%s cxl %s on %s: %d checks, %d failed%n", failed == 0 ? "PASS" : "FAIL", kernel.reference(), topology.name(),
                checks.size(), failed);
        checks.stream().filter(check -> check.status() != CheckResult.Status.PASSED)
                .forEach(check -> out.println("  " + check.status() + " " + check.name() + ": " + check.message().orElse("")));
        return new CxlExpanderScenario.Outcome(checks, withRegion);
    }

    private List<CheckResult> hotPlug(Kernel kernel, Topology topology) {
        List<CheckResult> checks = new HotPlugScenario(guestSpecs.apply(kernel, topology), kernel, topology,
                HotPlugScenario.DEFAULT_EVENT_TIMEOUT, settings.hotPlugWaivers()).run();
        long failed = checks.stream().filter(check -> check.status() == CheckResult.Status.FAILED).count();
        out.printf("%s hotplug %s on %s: %d checks, %d failed, %d skipped%n", failed == 0 ? "PASS" : "FAIL", kernel.reference(),
                topology.name(), checks.size(), failed, checks.stream().filter(check -> check.status() == CheckResult.Status.SKIPPED).count());
        for (CheckResult check : checks) {
            // What the kernel did with the new memory is a result too, not only the failures.
            if (check.status() != CheckResult.Status.PASSED || check.name().endsWith(": online policy")) {
                out.println("  " + check.status() + " " + check.name() + ": " + check.message().orElse(""));
            }
        }
        return checks;
    }
}
