package org.hmsabi.suites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.qemu.ContainerLauncher;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.qemu.TestDockerEngine;
import org.hmsabi.topology.DistanceMatrix;
import org.hmsabi.topology.GenericInitiator;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyArbitraries;
import org.hmsabi.topology.TopologyValidator;
import org.hmsabi.topology.TopologyWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trip with generic initiators: jqwik-generated bootable machines (as in
 * RoundTripPropertiesTest) given an accelerator, a generic initiator on a node of its own (right
 * after the CPU nodes) with HMAT figures to every memory node, and, on some machines, memory-only nodes without an attached
 * initiator, so that HMAT alone decides their best initiator (it may be the accelerator). Booted on
 * the newest default kernel in QEMU 10.0 (the trixie image of the container runner: the host's QEMU
 * 7.2 has no acpi-generic-initiator); the guest must show has_generic_initiator and the access0
 * (generic initiators included) and access1 (CPU nodes only) initiators hmat.c derives, as
 * GenericInitiatorTest checks on the shipped fixture. A failing machine is written as a fixture.
 */
@Tag("guest")
@Tag("container")
@AddLifecycleHook(TriesFromSystemProperty.class)
class GenericInitiatorRoundTripTest {
    private static TestDockerEngine engine;
    private static ContainerLauncher launcher;

    @BeforeContainer
    static void engineAndTrixieImage() throws Exception {
        engine = TestDockerEngine.up(TestGuests.workspace().root(), "QEMU 10.0 (the trixie image) is not at hand for generated generic initiators");
        if (engine.available()) {
            launcher = ContainerLauncher.fromRecipe(TestGuests.workspace().root(), "trixie", line -> System.err.println("  " + line));
        }
    }

    @Property(tries = 2, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void onTheCandidateKernel(@ForAll("withGenericInitiators") Topology topology) throws IOException {
        engine.assumeAvailable();
        Assume.that(TopologyValidator.problems(topology).isEmpty());
        assertThat(QemuRequirements.bootsOn(topology, launcher)).as("the trixie image's QEMU takes generic initiators").isTrue();
        Statistics.label("nodes").collect(topology.nodes().size());
        Statistics.label("memory nodes without an attached initiator").collect(topology.nodes().stream()
                .filter(node -> node.hasMemory() && !node.hasCpus() && node.initiator().isEmpty()).count());

        String reference = TestGuests.defaultKernelReferences().get(1);
        Kernel kernel = TestGuests.kernel(reference);
        Path fixture = writeFixture(topology);
        Snapshot snapshot;
        try (Guest guest = Guest.boot(GuestSpecs.of(kernel, topology, TestGuests.workspace().cacheRoot()).withLauncher(launcher)
                .withSavedStates(false))) {
            snapshot = Snapshots.capture(guest, kernel, topology);
        }
        String replay = "replay: ./hmsabi check --kernel " + kernel.exactReference() + " --topology " + fixture
                + " --runner container --container-suite trixie";
        for (Map.Entry<String, String> expected : SysfsExpectations.expectedFiles(topology).entrySet()) {
            assertThat(SnapshotMatchesFixtureTest.value(snapshot.sysfs(), expected.getKey()))
                    .as("%s (%s)", expected.getKey(), replay).isEqualTo(expected.getValue());
        }
        GenericInitiatorExpectations.check(snapshot, topology, replay);
        SnapshotMatchesFixtureTest.assertMemoryTiersPartitionTheMemoryNodes(snapshot, topology);
        Files.deleteIfExists(fixture);
    }

    @Provide
    Arbitrary<Topology> withGenericInitiators() {
        Arbitrary<Topology> base = TopologyArbitraries.BOOTABLE.topologies().filter(topology -> !topology.hmat().isEmpty()
                && topology.hotPlug().isEmpty() && topology.caches().isEmpty());
        // Figures from the accelerator to each memory node: 50 to 600 ns, 1 to 32 GiB/s, as BOOTABLE's.
        Arbitrary<List<Integer>> latencyTens = Arbitraries.integers().between(5, 60).list().ofSize(8);
        Arbitrary<List<Integer>> shifts = Arbitraries.integers().between(0, 5).list().ofSize(8);
        return Combinators.combine(base, latencyTens, shifts, Arbitraries.of(true, false))
                .as(GenericInitiatorRoundTripTest::withAccelerator);
    }

    /**
     * {@code base} with a generic initiator on a node of its own right after the CPU nodes (no CPUs,
     * no memory, distance 20 to every node; the memory-only nodes move up by one) that has HMAT
     * figures to every memory node; with {@code detach}, memory-only nodes drop their attached
     * initiator, so HMAT's figures pick their initiators. Right after the CPU nodes because Linux
     * numbers SRAT proximity domains in the order it parses them, CPUs and generic initiators in one
     * pass and memory in the next (drivers/acpi/numa/srat.c acpi_numa_init): an accelerator after a
     * memory-only node would swap ids with it (seen on 7.3.4: memory shown on the accelerator's id).
     */
    static Topology withAccelerator(Topology base, List<Integer> latencyTens, List<Integer> shifts, boolean detach) {
        int accelerator = base.cpuNodes().size();
        java.util.function.IntUnaryOperator moved = id -> id < accelerator ? id : id + 1;
        int size = base.nodes().size() + 1;
        List<NumaNode> nodes = new ArrayList<>();
        for (NumaNode node : base.nodes()) {
            nodes.add(new NumaNode(moved.applyAsInt(node.id()), node.cpus(), node.memoryBytes(),
                    detach && !node.hasCpus() ? OptionalInt.empty() : node.initiator()));
        }
        nodes.add(new NumaNode(accelerator, 0, 0, OptionalInt.empty()));
        nodes.sort(java.util.Comparator.comparingInt(NumaNode::id));
        List<List<Integer>> rows = new ArrayList<>();
        for (int from = 0; from < size; from++) {
            List<Integer> row = new ArrayList<>();
            for (int to = 0; to < size; to++) {
                row.add(from == to ? DistanceMatrix.LOCAL : from == accelerator || to == accelerator ? DistanceMatrix.DEFAULT_REMOTE
                        : base.distance(from < accelerator ? from : from - 1, to < accelerator ? to : to - 1));
            }
            rows.add(row);
        }
        List<HmatEntry> hmat = new ArrayList<>();
        for (HmatEntry entry : base.hmat()) {
            hmat.add(new HmatEntry(moved.applyAsInt(entry.initiator()), moved.applyAsInt(entry.target()), entry.hierarchy(),
                    entry.performance()));
        }
        List<NumaNode> memoryNodes = nodes.stream().filter(NumaNode::hasMemory).toList();
        for (int i = 0; i < memoryNodes.size(); i++) {
            hmat.add(HmatEntry.access(accelerator, memoryNodes.get(i).id(), latencyTens.get(i % latencyTens.size()) * 10L,
                    1024L << shifts.get(i % shifts.size())));
        }
        return new Topology("generated", "generated by GenericInitiatorRoundTripTest", nodes, new DistanceMatrix(rows, false), hmat,
                base.caches(), base.hotPlug(), List.of(new GenericInitiator(accelerator)));
    }

    /** The topology as a fixture under target/, named by its content, so a failure can be replayed. */
    private static Path writeFixture(Topology topology) throws IOException {
        String name = "generated-gi-" + topology.contentHash().substring(0, 12);
        Path file = TestGuests.workspace().resultsDir().resolve("roundtrip").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, TopologyWriter.yaml(topology, name));
        return file;
    }
}
