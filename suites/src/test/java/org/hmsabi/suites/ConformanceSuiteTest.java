package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.ObservedTopology;
import org.hmsabi.topology.ObservedTopologyReader;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: each default kernel on each shipped fixture, one boot and one capture
 * each, checked against spec/attributes.yaml. Paths the spec does not know are printed, never failed.
 */
@Tag("guest")
class ConformanceSuiteTest {
    private static final ConformanceChecker CHECKER = new ConformanceChecker(AbiSpec.bundled());

    static Stream<Arguments> kernelsAndFixtures() {
        return TestGuests.defaultKernelReferences().stream()
                .flatMap(kernel -> TestGuests.hostBootableFixtures().stream().map(topology -> Arguments.of(kernel, topology)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("kernelsAndFixtures")
    void theKernelConformsToTheSpec(String reference, String fixture) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology(fixture);
        Snapshot snapshot = TestGuests.capture(kernel, topology);
        ConformanceReport report = CHECKER.check(snapshot, Optional.of(topology));
        System.out.println(report.summary());
        report.undocumented().forEach(path -> System.out.println("  undocumented on " + report.kernel() + ": " + path));
        assertThat(report.violations()).as(report.summary()).extracting(Violation::message).isEmpty();
        assertTheObservedTopologyIsTheFixture(snapshot, topology);
    }

    /** What 'hmsabi topology' reads from the guest's tree is what the fixture describes. */
    static void assertTheObservedTopologyIsTheFixture(Snapshot snapshot, Topology topology) {
        SnapshotView view = new SnapshotView(snapshot);
        ObservedTopology observed = ObservedTopologyReader.read(view);
        // A node with neither CPUs nor boot memory (device-memory's node 2) is only possible at
        // boot: it has no sysfs directory until a driver or hot-plug gives it memory.
        List<NumaNode> online = topology.nodes().stream().filter(node -> node.hasCpus() || node.hasMemory()).toList();
        assertThat(observed.nodes()).extracting(ObservedTopology.Node::id)
                .containsExactlyElementsOf(online.stream().map(NumaNode::id).toList());
        assertThat(view.value("/sys/devices/system/node/possible")).as("possible nodes")
                .hasValue(topology.nodes().size() == 1 ? "0" : "0-" + (topology.nodes().size() - 1));
        for (NumaNode node : online) {
            ObservedTopology.Node seen = observed.node(node.id()).orElseThrow();
            assertThat(seen.cpus()).as("cpus of node %d", node.id()).isEqualTo(topology.cpuIds(node.id()));
            online.forEach(to -> assertThat(seen.distances().get(to.id())).as("distance %d->%d", node.id(), to.id())
                    .isEqualTo(topology.distance(node.id(), to.id())));
            if (!topology.hmat().isEmpty() && node.hasMemory()) {
                assertThat(seen.access().get("access0").initiators()).as("best initiator of node %d", node.id())
                        .containsExactly(node.initiator().orElse(node.id()));
            }
        }
    }
}
