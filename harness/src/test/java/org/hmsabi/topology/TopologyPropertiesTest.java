package org.hmsabi.topology;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.hmsabi.qemu.NumaArguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of topologies that are valid by construction: the validator accepts them, the
 * QEMU arguments have one option per node, pair and figure, and the hash tracks the machine.
 */
class TopologyPropertiesTest {

    /** The shape of a generated machine; the values come from the lists. */
    record Shape(int sockets, int cpusPerSocket, int cpuLessNodes, boolean withHmat) {
        int nodes() {
            return sockets + cpuLessNodes;
        }
    }

    @Provide
    Arbitrary<Topology> topologies() {
        Arbitrary<Shape> shapes = Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 6),
                Arbitraries.of(true, false)).as(Shape::new);
        return shapes.flatMap(this::topologiesOf);
    }

    private Arbitrary<Topology> topologiesOf(Shape shape) {
        int nodes = shape.nodes();
        Arbitrary<List<Integer>> memoryIn2M = Arbitraries.integers().between(1, 256).list().ofSize(nodes);
        Arbitrary<List<Integer>> initiators = Arbitraries.integers().between(0, shape.sockets() - 1)
                .list().ofSize(shape.cpuLessNodes());
        Arbitrary<List<Integer>> distances = Arbitraries.integers().between(11, 255)
                .list().ofSize(nodes * (nodes - 1) / 2);
        // Round figures, as real firmware reports them: they always fit HMAT's 16-bit entries.
        Arbitrary<List<Integer>> latencies = Arbitraries.integers().between(1, 100).map(n -> n * 10)
                .list().ofSize(shape.sockets() * nodes);
        Arbitrary<List<Integer>> bandwidthShifts = Arbitraries.integers().between(0, 6)
                .list().ofSize(shape.sockets() * nodes);
        return Combinators.combine(memoryIn2M, initiators, distances, latencies, bandwidthShifts)
                .as((memory, initiatorList, distanceList, latencyList, shiftList) ->
                        build(shape, memory, initiatorList, distanceList, latencyList, shiftList));
    }

    private static Topology build(Shape shape, List<Integer> memoryIn2M, List<Integer> initiators,
                                  List<Integer> distanceList, List<Integer> latencies, List<Integer> bandwidthShifts) {
        int size = shape.nodes();
        List<NumaNode> nodes = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            long memory = memoryIn2M.get(id) * (2L << 20);
            nodes.add(id < shape.sockets()
                    ? new NumaNode(id, shape.cpusPerSocket(), memory, OptionalInt.empty())
                    : NumaNode.memoryOnly(id, memory, initiators.get(id - shape.sockets())));
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int from = 0; from < size; from++) {
            rows.add(new ArrayList<>(IntStream.range(0, size).map(to -> 10).boxed().toList()));
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
        if (shape.withHmat()) {
            for (int initiator = 0; initiator < shape.sockets(); initiator++) {
                for (int target = 0; target < size; target++) {
                    int index = initiator * size + target;
                    hmat.add(HmatEntry.access(initiator, target, latencies.get(index),
                            1024L << bandwidthShifts.get(index)));
                }
            }
        }
        return new Topology("generated", "", nodes, new DistanceMatrix(rows, false), hmat, List.of(), Optional.empty());
    }

    @Property(tries = 300)
    void generatedTopologiesAreValid(@ForAll("topologies") Topology topology) {
        Statistics.label("nodes").collect(topology.nodes().size());
        Statistics.label("hmat").collect(!topology.hmat().isEmpty());

        assertThat(TopologyValidator.problems(topology)).isEmpty();
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
