package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
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
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyArbitraries;
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
        return TopologyArbitraries.BOOTABLE.topologies();
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
