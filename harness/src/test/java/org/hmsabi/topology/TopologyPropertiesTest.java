package org.hmsabi.topology;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.hmsabi.qemu.NumaArguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of topologies that are valid by construction: the validator accepts them, the
 * QEMU arguments have one option per node, pair and figure, and the hash tracks the machine.
 */
class TopologyPropertiesTest {

    @Provide
    Arbitrary<Topology> topologies() {
        return TopologyArbitraries.VALID.topologies();
    }

    @Property(tries = 300)
    void generatedTopologiesAreValid(@ForAll("topologies") Topology topology) {
        Statistics.label("nodes").collect(topology.nodes().size());
        Statistics.label("hmat").collect(!topology.hmat().isEmpty());

        assertThat(TopologyValidator.problems(topology)).isEmpty();
    }

    /** The suites boot these (RoundTripPropertiesTest); they must be valid without a guest to say so. */
    @Property(tries = 100)
    void bootableTopologiesAreValidAndSmall(@ForAll("bootableTopologies") Topology topology) {
        assertThat(TopologyValidator.problems(topology)).isEmpty();
        assertThat(topology.nodes()).hasSizeBetween(1, 6);
        assertThat(topology.hmat()).isNotEmpty();
        assertThat(topology.cpuNodes()).allSatisfy(node -> assertThat(node.cpus()).isEqualTo(1));
    }

    @Provide
    Arbitrary<Topology> bootableTopologies() {
        return TopologyArbitraries.BOOTABLE.topologies();
    }

    @Property(tries = 300)
    void argumentsHaveOneOptionPerNodePairAndFigure(@ForAll("topologies") Topology topology) {
        List<String> numa = new ArrayList<>();
        List<String> args = NumaArguments.forTopology(topology);
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).equals("-numa")) {
                numa.add(args.get(i + 1));
            }
        }
        int n = topology.nodes().size();

        assertThat(numa).filteredOn(value -> value.startsWith("node,")).hasSize(n);
        assertThat(numa).filteredOn(value -> value.startsWith("cpu,")).hasSize(topology.cpuNodes().size());
        assertThat(numa).filteredOn(value -> value.startsWith("dist,"))
                .hasSize(topology.distances().isDefault() ? 0 : n * (n - 1) / 2);
        assertThat(numa).filteredOn(value -> value.startsWith("hmat-lb,")).hasSize(2 * topology.hmat().size());
        assertThat(NumaArguments.needsHmat(topology))
                .isEqualTo(!topology.memoryOnlyNodes().isEmpty() || !topology.hmat().isEmpty());
    }

    @Property(tries = 300)
    void cpuIdsNumberTheVcpusOnceInNodeOrder(@ForAll("topologies") Topology topology) {
        List<Integer> all = topology.nodes().stream().flatMap(node -> topology.cpuIds(node.id()).stream()).toList();

        assertThat(all).containsExactlyElementsOf(IntStream.range(0, topology.totalCpus()).boxed().toList());
    }

    @Property(tries = 300)
    void theHashIgnoresNamesAndFollowsDistances(@ForAll("topologies") Topology topology) {
        Topology renamed = new Topology("other", "described", topology.nodes(), topology.distances(), topology.hmat(),
                topology.caches(), topology.hotPlug());
        assertThat(renamed.contentHash()).isEqualTo(topology.contentHash());

        if (topology.nodes().size() > 1) {
            List<List<Integer>> rows = new ArrayList<>();
            topology.distances().rows().forEach(row -> rows.add(new ArrayList<>(row)));
            int bumped = rows.get(0).get(1) == 255 ? 254 : rows.get(0).get(1) + 1;
            rows.get(0).set(1, bumped);
            rows.get(1).set(0, bumped);
            Topology moved = new Topology(topology.name(), "", topology.nodes(), new DistanceMatrix(rows, false),
                    topology.hmat(), topology.caches(), topology.hotPlug());

            assertThat(moved.contentHash()).isNotEqualTo(topology.contentHash());
        }
    }
}
