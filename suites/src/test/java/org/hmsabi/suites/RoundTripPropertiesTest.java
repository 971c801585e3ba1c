package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.topology.CacheAssociativity;
import org.hmsabi.topology.CacheWritePolicy;
import org.hmsabi.topology.DistanceMatrix;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.MemorySideCache;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyValidator;
import org.hmsabi.topology.TopologyWriter;

/**
 * Round trip: generated topologies, valid by construction, booted for real; user space must
 * show exactly what the firmware described (masks, CPU lists, distances, HMAT access values,
 * cache geometry, tiers). A failing topology is written as a fixture file with the command that
 * replays it. Tries: -Dhmsabi.tries (default 2 per kernel; every try is a fresh boot).
 */
@Tag("guest")
@AddLifecycleHook(TriesFromSystemProperty.class)
class RoundTripPropertiesTest {
    private static final long MIB = 1L << 20;

    record Shape(int sockets, int memoryOnlyNodes, boolean caches) {
        int nodes() {
            return sockets + memoryOnlyNodes;
        }
    }

    @Property(tries = 2, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void onTheBaselineKernel(@ForAll("bootableTopologies") Topology topology) throws IOException {
        userSpaceShowsWhatTheFirmwareDescribed(TestGuests.defaultKernelReferences().get(0), topology);
    }

    @Property(tries = 2, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void onTheCandidateKernel(@ForAll("bootableTopologies") Topology topology) throws IOException {
        userSpaceShowsWhatTheFirmwareDescribed(TestGuests.defaultKernelReferences().get(1), topology);
    }

    private static void userSpaceShowsWhatTheFirmwareDescribed(String reference, Topology topology) throws IOException {
        Assume.that(TopologyValidator.problems(topology).isEmpty());
        Statistics.label("nodes").collect(topology.nodes().size());
        Statistics.label("memory-only nodes").collect(topology.memoryOnlyNodes().size());
        Statistics.label("caches").collect(!topology.caches().isEmpty());

        Kernel kernel = TestGuests.kernel(reference);
        Path fixture = writeFixture(topology);
        Snapshot snapshot;
        // Every generated machine is new: boot it, and keep no saved state of it.
        try (Guest guest = Guest.boot(GuestSpecs.of(kernel, topology, TestGuests.workspace().cacheRoot()).withSavedStates(false))) {
            snapshot = Snapshots.capture(guest, kernel, topology);
        }
        String replay = "replay: ./hmsabi check --kernel " + kernel.exactReference() + " --topology " + fixture;

        for (Map.Entry<String, String> expected : SysfsExpectations.expectedFiles(topology).entrySet()) {
            assertThat(SnapshotMatchesFixtureTest.value(snapshot.sysfs(), expected.getKey()))
                    .as("%s (%s)", expected.getKey(), replay).isEqualTo(expected.getValue());
        }
        for (Map.Entry<String, String> link : SysfsExpectations.expectedAccessLinks(topology).entrySet()) {
            assertThat(snapshot.sysfs().get(link.getKey())).as("%s (%s)", link.getKey(), replay)
                    .isEqualTo(new Entry.Link(link.getValue()));
        }
        SnapshotMatchesFixtureTest.assertMemoryTiersPartitionTheMemoryNodes(snapshot, topology);
        Files.deleteIfExists(fixture); // passed: nothing to replay
    }

    @Provide
    Arbitrary<Topology> bootableTopologies() {
        Arbitrary<Shape> shapes = Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(false, true)).as(Shape::new);
        return shapes.flatMap(this::topologiesOf);
    }

    private Arbitrary<Topology> topologiesOf(Shape shape) {
        int nodes = shape.nodes();
        Arbitrary<List<Integer>> initiators = Arbitraries.integers().between(0, shape.sockets() - 1)
                .list().ofSize(shape.memoryOnlyNodes());
        Arbitrary<List<Integer>> distances = Arbitraries.integers().between(11, 60).list().ofSize(nodes * (nodes - 1) / 2);
        // Round figures, as firmware reports them; they fit HMAT's 16-bit entries.
        Arbitrary<List<Integer>> latencies = Arbitraries.integers().between(5, 60).map(n -> n * 10)
                .list().ofSize(shape.sockets() * nodes);
        Arbitrary<List<Integer>> bandwidthShifts = Arbitraries.integers().between(0, 5).list().ofSize(shape.sockets() * nodes);
        return Combinators.combine(initiators, distances, latencies, bandwidthShifts)
                .as((initiatorList, distanceList, latencyList, shiftList) ->
                        build(shape, initiatorList, distanceList, latencyList, shiftList));
    }

    /** CPU nodes of 256-512 MiB and CPU-less nodes of 128 MiB boot quickly and show their memory. */
    private static Topology build(Shape shape, List<Integer> initiators, List<Integer> distanceList,
                                  List<Integer> latencies, List<Integer> bandwidthShifts) {
        int size = shape.nodes();
        List<NumaNode> nodes = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            nodes.add(id < shape.sockets()
                    ? new NumaNode(id, 1, (id == 0 ? 512 : 256) * MIB, OptionalInt.empty())
                    : NumaNode.memoryOnly(id, 128 * MIB, initiators.get(id - shape.sockets())));
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int from = 0; from < size; from++) {
            List<Integer> row = new ArrayList<>();
            for (int to = 0; to < size; to++) {
                row.add(DistanceMatrix.LOCAL);
            }
            rows.add(row);
        }
        int pair = 0;
        for (int from = 0; from < size; from++) {
            for (int to = from + 1; to < size; to++) {
                rows.get(from).set(to, distanceList.get(pair));
                rows.get(to).set(from, distanceList.get(pair));
                pair++;
            }
        }
        List<HmatEntry> hmat = new ArrayList<>();
        for (int initiator = 0; initiator < shape.sockets(); initiator++) {
            for (int target = 0; target < size; target++) {
                int index = initiator * size + target;
                hmat.add(HmatEntry.access(initiator, target, latencies.get(index), 1024L << bandwidthShifts.get(index)));
            }
        }
        List<MemorySideCache> caches = new ArrayList<>();
        if (shape.caches()) {
            for (NumaNode node : nodes) {
                if (node.isCpuLess()) {
                    caches.add(new MemorySideCache(node.id(), 1, 16 * MIB, CacheAssociativity.DIRECT, CacheWritePolicy.WRITE_BACK, 64));
                }
            }
        }
        return new Topology("generated", "generated by RoundTripPropertiesTest", nodes, new DistanceMatrix(rows, false),
                hmat, caches, Optional.empty());
    }

    /** The topology as a fixture under target/, named by its content, so a failure can be replayed. */
    private static Path writeFixture(Topology topology) throws IOException {
        String name = "generated-" + topology.contentHash().substring(0, 12);
        Path file = TestGuests.workspace().resultsDir().resolve("roundtrip").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, TopologyWriter.yaml(topology, name));
        return file;
    }
}
