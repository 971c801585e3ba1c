package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.diff.Waivers;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.KernelCheck;
import org.hmsabi.gate.KernelCheck.Suite;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.report.Reports;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code hmsabi check --kernel REF}: the suites ({@link KernelCheck}) on one kernel on each
 * topology, a verdict per topology and the reports (summary, JUnit, KCIDB, Allure). Exit 1 when
 * a check fails, 3 when a guest could not be booted or read (that wins: the verdict is incomplete).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run the suites against one kernel on each topology (default: every shipped fixture).",
        footer = {"", "Exit 0 every check passed, 1 a check failed, 2 bad input, 3 a guest could not",
                "be booted or read (3 wins).",
                "", "Examples:", "  hmsabi check --kernel debian:6.12 --topology cxl-far-memory --suite hotplug",
                "  hmsabi check --kernel debian:6.12 --suite syscalls --tries 20000 --seed 42"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi>, debian:<series> or a bzImage path")
    String kernelRef;

    @Mixin
    TopologiesOption topologies;

    @Option(names = "--suite", paramLabel = "SUITE", converter = SuiteName.class, description = "a suite to run: conformance, syscalls,"
            + " sysfs-writes, hotplug or cxl; repeatable (default: all; without --suite hotplug runs only on topologies that declare"
            + " host-plugged devices)")
    List<Suite> suites = new ArrayList<>();

    @Option(names = "--tries", paramLabel = "N", defaultValue = "" + DEFAULT_TRIES,
            description = "generated mempolicy cases per topology in the syscalls suite, besides the catalog (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(names = "--seed", paramLabel = "S", description = "the seed of the generated cases (default: a random one, printed)")
    Long seed;

    @Mixin
    ResultsOption results;

    @Mixin
    ShardOption shard;

    @Mixin
    GuestOptions guestOptions;

    static final int DEFAULT_TRIES = 5_000;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Instant started = Instant.now();
        org.hmsabi.Shard part = shard.get();
        // Every fixture (and the hot-plug waivers) is loaded, and so validated, before the first boot.
        Workspace workspace = guestOptions.workspace();
        List<String> names = topologies.names(workspace);
        List<Topology> loaded = guestOptions.runnable(topologies.load(workspace), topologies.named(), err);
        boolean hotPlug = suites.isEmpty() || suites.contains(Suite.HOTPLUG);
        Waivers hotPlugWaivers = hotPlug ? CliInputs.hotPlugWaivers(workspace) : Waivers.none();
        long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 48);
        KernelCheck.Settings settings = new KernelCheck.Settings(suites, tries, chosenSeed, hotPlugWaivers);
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        // A shard checks only the fixtures that fall to it (every suite on each).
        RunMatrix matrix = RunMatrix.of(loaded, part);
        if (!part.isWhole()) {
            err.printf("check: shard %s: %s%n", part.text(), matrix.mineNames().isEmpty() ? "no fixtures fall to it"
                    : String.join(", ", matrix.mineNames()));
        }
        GateOutcome outcome = new KernelCheck(settings, guestOptions::guestSpec, spec.commandLine().getOut())
                .run(kernel, matrix.select(loaded), started, guestOptions.runners().describe(matrix.select(loaded)), list -> reproduce(list, chosenSeed))
                .withMatrix(matrix).withPackagesOf(List.of(kernel));
        Path resultsDir = results.dir(workspace);
        Reports.writeAll(outcome, resultsDir);
        err.printf("check: reports in %s%n", resultsDir);
        int exit = outcome.exitCode();
        if (exit != Main.OK) {
            spec.commandLine().getOut().printf("reproduce: %s%n", reproduce(names, chosenSeed));
        }
        return exit;
    }

    private String reproduce(List<String> names, long chosenSeed) {
        boolean syscalls = suites.isEmpty() || suites.contains(Suite.SYSCALLS);
        return "./hmsabi check --kernel " + kernelRef + names.stream().map(name -> " --topology " + name).reduce("", String::concat)
                + suites.stream().map(suite -> " --suite " + suite).reduce("", String::concat)
                + (syscalls ? " --tries " + tries + " --seed " + chosenSeed : "");
    }

    /** {@code --suite NAME}: one of the suites' names. */
    static final class SuiteName implements ITypeConverter<Suite> {
        @Override
        public Suite convert(String name) {
            try {
                return Suite.parse(name);
            } catch (BadInputException unknown) {
                // In the words picocli uses for every other typed option.
                throw new TypeConversionException("expected one of " + java.util.Arrays.toString(Suite.values())
                        + " (case-insensitive) but was '" + org.hmsabi.Messages.firstLine(name) + "'");
            }
        }
    }
}
