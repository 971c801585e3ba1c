package org.hmsabi.suites;

import java.util.List;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPair;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.Kernels;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;

/** What the guest suites share: the repository's fixtures, the pinned default kernels, booting. */
final class TestGuests {
    private static final Workspace WORKSPACE = Workspace.locate(Optional.empty());

    private TestGuests() {
    }

    static Workspace workspace() {
        return WORKSPACE;
    }

    /** The gate's default pair, as pinned in fixtures/kernels.yaml: baseline (6.1) then candidate (6.12). */
    static List<String> defaultKernelReferences() {
        KernelPair pair = KernelPins.findOrNone(WORKSPACE.root()).defaults();
        return List.of(pair.baseline().reference(), pair.candidate().reference());
    }

    /** (kernel reference, fixture name) for every shipped fixture on both default kernels. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyFixtureOnBothKernels() {
        List<String> topologies = TopologyLoader.names(WORKSPACE.topologiesDir());
        return defaultKernelReferences().stream()
                .flatMap(kernel -> topologies.stream().map(topology -> org.junit.jupiter.params.provider.Arguments.of(kernel, topology)));
    }

    static Kernel kernel(String reference) {
        Kernels kernels = Kernels.onThisMachine(Optional.empty(), System.getenv(), WORKSPACE.root(), System.err::println);
        return kernels.resolve(reference);
    }

    static Topology topology(String name) {
        return TopologyLoader.load(name, WORKSPACE.topologiesDir());
    }

    static Guest boot(Kernel kernel, Topology topology) {
        return Guest.boot(GuestSpecs.of(kernel, topology, WORKSPACE.cacheRoot()));
    }
}
