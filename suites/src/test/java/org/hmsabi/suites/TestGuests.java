package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.hmsabi.KernelUnavailableException;
import org.hmsabi.Workspace;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPair;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.Kernels;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.Assumptions;

/** What the guest suites share: the repository's fixtures, the pinned default kernels, booting. */
final class TestGuests {
    private static final Workspace WORKSPACE = Workspace.locate(Optional.empty());

    private TestGuests() {
    }

    static Workspace workspace() {
        return WORKSPACE;
    }

    /** The gate's default pair, as pinned in fixtures/kernels.yaml: baseline (6.12) then candidate (7.3). */
    static List<String> defaultKernelReferences() {
        KernelPair pair = KernelPins.findOrNone(WORKSPACE.root()).defaults();
        return List.of(pair.baseline().reference(), pair.candidate().reference());
    }

    /** The newest pinned kernel of a series ({@code "6.1"}), as the gate resolves its default pair. */
    static String pinnedReference(String series) {
        return KernelPins.findOrNone(WORKSPACE.root()).newestIn(series)
                .orElseThrow(() -> new IllegalStateException("fixtures/kernels.yaml pins no " + series + " kernel"))
                .reference();
    }

    /**
     * The pinned 6.1 and 6.12 kernels, the previous default pair: weighted interleave (6.9) lies
     * between them, which the bisect tests find, whatever the gate's default pair is now.
     */
    static List<String> sixOneAndSixTwelve() {
        return List.of(pinnedReference("6.1"), pinnedReference("6.12"));
    }

    /** The oldest pinned series, 6.1, and the default kernels: for behaviours that changed in between. */
    static List<String> sixOneAndDefaultKernels() {
        List<String> kernels = new java.util.ArrayList<>(List.of(pinnedReference("6.1")));
        kernels.addAll(defaultKernelReferences());
        return kernels;
    }

    /**
     * (kernel reference, fixture name) for every shipped fixture the host's QEMU boots, on both
     * default kernels; a fixture that needs a newer QEMU (generic initiators: 9.0) is booted by
     * the container test of its feature instead (GenericInitiatorTest, trixie's QEMU 10.0).
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyFixtureOnBothKernels() {
        List<String> topologies = hostBootableFixtures();
        return defaultKernelReferences().stream()
                .flatMap(kernel -> topologies.stream().map(topology -> org.junit.jupiter.params.provider.Arguments.of(kernel, topology)));
    }

    /**
     * The kernel, fetched on first use. A kernel the archive no longer offers and the cache does not
     * hold (a pinned package Debian replaced) skips the test with the reason: the archive moving is
     * a named condition, not a failure of hmsabi (see {@link KernelUnavailableException}).
     */
    static Kernel kernel(String reference) {
        Kernels kernels = Kernels.onThisMachine(Optional.empty(), System.getenv(), WORKSPACE.root(), System.err::println);
        try {
            return kernels.resolve(reference);
        } catch (KernelUnavailableException unavailable) {
            throw skipped(unavailable);
        }
    }

    /** The test is skipped (not failed) because a kernel or its headers cannot be had. */
    static RuntimeException skipped(KernelUnavailableException unavailable) {
        Assumptions.abort("kernel unavailable: " + unavailable.getMessage());
        throw new IllegalStateException("not reached");
    }

    /** After running the CLI: its exit 4 (a kernel unavailable) skips the test with the CLI's own line. */
    static void skipIfUnavailable(int exitCode, String stderr) {
        if (exitCode == KernelUnavailableException.EXIT_CODE) {
            Assumptions.abort("kernel unavailable: " + stderr.strip().lines().reduce((a, b) -> b).orElse("exit 4"));
        }
    }

    /** The shipped fixtures the host runner's QEMU can boot (see {@link org.hmsabi.qemu.QemuRequirements}). */
    static List<String> hostBootableFixtures() {
        return TopologyLoader.names(WORKSPACE.topologiesDir()).stream()
                .filter(name -> org.hmsabi.qemu.QemuRequirements.bootsOn(topology(name), org.hmsabi.qemu.QemuLauncher.host()))
                .toList();
    }

    static Topology topology(String name) {
        return TopologyLoader.load(name, WORKSPACE.topologiesDir());
    }

    static Guest boot(Kernel kernel, Topology topology) {
        return Guest.boot(spec(kernel, topology));
    }

    /** The guest the suites boot for {@code kernel} on {@code topology}. */
    static GuestSpec spec(Kernel kernel, Topology topology) {
        return GuestSpecs.of(kernel, topology, WORKSPACE.cacheRoot());
    }

    /** Boots {@code kernel} on {@code topology} (or restores its saved state) and captures one snapshot. */
    static Snapshot capture(Kernel kernel, Topology topology) {
        try (Guest guest = boot(kernel, topology)) {
            return Snapshots.capture(guest, kernel, topology);
        }
    }

    /**
     * As {@link #capture}, and the writes of spec/writes.yaml after it: what a golden file records
     * (an attribute the kernel does not let back, such as weighted_interleave/auto without HMAT
     * bandwidth, is in the writes as such; the guest is not used after them).
     */
    static Snapshot captureAsGolden(Kernel kernel, Topology topology) {
        try (Guest guest = boot(kernel, topology)) {
            return Snapshots.captureWithWrites(guest, kernel, topology, attribute -> { });
        }
    }

    /**
     * The canonical snapshots of {@code spec} booted (its cache must hold no saved state yet, so
     * the boot saves one) and then restored from that state, in that order; for tests that demand
     * a restored guest shows exactly what the booted one showed.
     */
    static List<String> bootedThenRestored(GuestSpec spec, Kernel kernel, Topology topology) {
        String booted;
        String restored;
        try (Guest guest = Guest.boot(spec)) {
            assertThat(guest.restored()).as("a first boot, nothing to restore yet").isFalse();
            booted = SnapshotFiles.toCanonicalJson(Snapshots.capture(guest, kernel, topology));
        }
        try (Guest guest = Guest.boot(spec)) {
            assertThat(guest.restored()).as("the first boot saved a state to restore").isTrue();
            restored = SnapshotFiles.toCanonicalJson(Snapshots.capture(guest, kernel, topology));
        }
        return List.of(booted, restored);
    }
}
