package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate takes the baseline from its golden file, so a golden file must be exactly what its
 * kernel shows on its topology today. A stale one (after a spec or harness change) fails here,
 * with the command that rewrites it. Fixtures the host's QEMU 7.2 cannot boot (generic
 * initiators need 9.0, CXL 9.2) are held to their golden files by ContainerFixturesGateTest, which
 * runs the gate on them through the trixie container (the host runner reports them as not judged).
 */
@Tag("guest")
class GoldenFilesAreCurrentTest {

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("org.hmsabi.suites.TestGuests#everyFixtureOnBothKernels")
    void theGoldenFileIsWhatTheKernelShows(String reference, String topologyName) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology(topologyName);
        GoldenFiles golden = GoldenFiles.of(TestGuests.workspace());
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo(kernel.release(), kernel.exactReference()));
        Optional<Snapshot> recorded = golden.read(topologyName, key);
        assertThat(recorded).as("%s exists; record it with ./hmsabi gate --update-golden", golden.pathFor(topologyName, key))
                .isPresent();
        Snapshot observed = TestGuests.captureAsGolden(kernel, topology);
        assertThat(SnapshotFiles.toCanonicalJson(observed))
                .as("%s is current (else: ./hmsabi gate --update-golden --topology %s)", golden.pathFor(topologyName, key), topologyName)
                .isEqualTo(SnapshotFiles.toCanonicalJson(recorded.get()));
    }
}
