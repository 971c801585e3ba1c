package org.hmsabi.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.topology.Topology;

/**
 * Which QEMU release a machine's arguments need, and whether a launcher's QEMU is one: a fixture
 * feature that only a newer QEMU emulates is refused before anything boots, with one line that
 * names the guest, the feature, the release it needs and the runner that has it. Bookworm's QEMU
 * (7.2, the host runner's on the CI machine) has none of the features below; trixie's (10.0,
 * {@code --runner container --container-suite trixie}, or per fixture {@code --runner auto}:
 * {@link QemuRunners}) has all. The hot-plug suite's CXL event also
 * probes the device's properties ({@link CxlArguments#unsupportedReason}).
 */
public final class QemuRequirements {
    /** What to tell a user whose QEMU is too old: the runner that takes the trixie container's QEMU for such fixtures. */
    public static final String NEWER_RUNNER = "--runner auto";
    private static final String NEWER_RUNNER_ADVICE = "; use " + NEWER_RUNNER + " (QEMU 10.0 in the trixie container, for these fixtures)";

    /** A QEMU feature a machine's arguments use, found by the argument that uses it. */
    public record Requirement(String feature, String argumentPrefix, QemuVersion minimum) {
    }

    /**
     * The features that need more than bookworm's QEMU 7.2. acpi-generic-initiator came with QEMU
     * 9.0 (hw/acpi/acpi_generic_initiator.c; it also made a generic initiator's node a valid
     * hmat-lb initiator).
     */
    static final List<Requirement> REQUIREMENTS = List.of(
            new Requirement("generic initiators (QEMU's acpi-generic-initiator)", "acpi-generic-initiator,", QemuVersion.of(9, 0)),
            // cxl-type3's volatile-memdev came with QEMU 8.0 (see CxlArguments#unsupportedReason).
            new Requirement("volatile CXL memory devices (QEMU's cxl-type3 volatile-memdev)", "cxl-type3,", QemuVersion.of(8, 0)),
            // acpi-generic-port (the SRAT Generic Port Affinity Structure) came with QEMU 9.2; trixie's 10.0 lists it in -object help.
            new Requirement("CXL generic ports (QEMU's acpi-generic-port)", "acpi-generic-port,", QemuVersion.of(9, 2)));

    private static final Map<QemuLauncher, Optional<QemuVersion>> VERSIONS = new ConcurrentHashMap<>();

    private QemuRequirements() {
    }

    /** The requirements {@code arguments} (a machine's topology arguments) have. */
    public static List<Requirement> of(List<String> arguments) {
        List<Requirement> found = new ArrayList<>();
        for (Requirement requirement : REQUIREMENTS) {
            if (arguments.stream().anyMatch(argument -> argument.startsWith(requirement.argumentPrefix()))) {
                found.add(requirement);
            }
        }
        return found;
    }

    /**
     * Why a QEMU of {@code version} cannot run {@code arguments}, or empty if it can: the unmet
     * requirement of the newest release, so that the one release named is enough for all of them.
     */
    static Optional<String> unmet(List<String> arguments, QemuVersion version, String runner) {
        return unmetFeature(arguments, version, runner).map(reason -> reason + NEWER_RUNNER_ADVICE);
    }

    /** {@link #unmet} without the advice which runner to take. */
    private static Optional<String> unmetFeature(List<String> arguments, QemuVersion version, String runner) {
        return of(arguments).stream().filter(requirement -> !version.atLeast(requirement.minimum()))
                .max(java.util.Comparator.comparing(Requirement::minimum))
                .map(requirement -> requirement.feature() + " need QEMU " + requirement.minimum().release()
                        + " or later, but the " + runner + " runner's QEMU is " + version.release());
    }

    /**
     * Why {@code launcher}'s QEMU cannot boot {@code topology}, without advice (the caller knows
     * better which runner to name), or empty if it can.
     */
    static Optional<String> unmetFeature(Topology topology, QemuLauncher launcher) {
        List<String> arguments = NumaArguments.forTopology(topology);
        if (of(arguments).isEmpty()) {
            return Optional.empty();
        }
        return version(launcher).flatMap(version -> unmetFeature(arguments, version, launcher.runnerName()));
    }

    /**
     * Refuses, before it boots, a guest {@code name} whose arguments need a newer QEMU than
     * {@code launcher} runs (exit 2). Arguments without such a feature cost no probe.
     */
    public static void check(String name, List<String> arguments, QemuLauncher launcher) {
        if (of(arguments).isEmpty()) {
            return;
        }
        Optional<QemuVersion> version = version(launcher);
        if (version.isEmpty()) {
            return; // a QEMU that does not say its version: let it speak for itself when it starts
        }
        unmet(arguments, version.get(), launcher.runnerName()).ifPresent(reason -> {
            throw new BadInputException(name + ": " + reason);
        });
    }

    /** True when {@code launcher}'s QEMU can boot {@code topology} (as far as its version tells). */
    public static boolean bootsOn(Topology topology, QemuLauncher launcher) {
        return unmetReason(topology, launcher).isEmpty();
    }

    /**
     * Why {@code launcher}'s QEMU cannot boot {@code topology}, in one line (the feature, the release
     * it needs, the runner's release and the option of the runner that has it), or empty if it can.
     */
    public static Optional<String> unmetReason(Topology topology, QemuLauncher launcher) {
        return unmetFeature(topology, launcher).map(reason -> reason + NEWER_RUNNER_ADVICE);
    }

    /** The launcher's QEMU release, probed once per launcher and process; empty if {@code --version} names none. */
    public static Optional<QemuVersion> version(QemuLauncher launcher) {
        return VERSIONS.computeIfAbsent(launcher, QemuRequirements::probe);
    }

    /**
     * What reports show about the QEMU that booted the guests: the runner, and the first line of
     * its {@code --version} (e.g. {@code container: QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)}).
     */
    public static String describe(QemuLauncher launcher) {
        String where = launcher instanceof ContainerLauncher container ? "container " + container.image() : launcher.runnerName();
        try {
            return where + ": " + version(launcher).map(QemuVersion::line).orElse("version unknown");
        } catch (InfrastructureException e) {
            return where + ": version unknown (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    private static Optional<QemuVersion> probe(QemuLauncher launcher) {
        return QemuVersion.parse(launcher.query(List.of("--version")));
    }
}
