package org.hmsabi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.hmsabi.topology.ObservedTopology;
import org.junit.jupiter.api.Test;

class ExpectationMatcherTest {
    private static final String PROMISE = """
            node_count: 1
            nodes:
              - node: 2
                size: 256M
                tier: slower-than-cpu-nodes
                access0: {initiators: [0], read_latency: 250ns, write_latency: 300ns, read_bandwidth: 8GiB/s, write_bandwidth: 4GiB/s}
            """;

    private static AddedNode node(int id, long size, OptionalInt tier, long readLatency) {
        ObservedTopology.AccessClass access0 = new ObservedTopology.AccessClass(List.of(0), List.of(),
                OptionalLong.of(readLatency), OptionalLong.of(300), OptionalLong.of(8192), OptionalLong.of(4096));
        ObservedTopology.Node observed = new ObservedTopology.Node(id, List.of(), org.hmsabi.topology.CpuSource.NONE, OptionalLong.of(size >> 10), new TreeMap<>(),
                new TreeMap<>(Map.of("access0", access0)), List.of(), tier);
        return new AddedNode(id, size, OptionalLong.of(size >> 10), observed);
    }

    private static List<String> messages(String yaml, List<AddedNode> added, List<Integer> cpuTiers) {
        return ExpectationMatcher.match(ExpectationFile.parse(yaml, "e.yaml"), added, cpuTiers).stream()
                .map(Deviation::message).toList();
    }

    @Test
    void whatWasPromisedIsWhatAppeared() {
        assertThat(messages(PROMISE, List.of(node(2, 256L << 20, OptionalInt.of(22), 250)), List.of(4))).isEmpty();
    }

    @Test
    void eachDeviationNamesItsAttribute() {
        List<String> messages = messages(PROMISE, List.of(node(2, 128L << 20, OptionalInt.of(4), 300)), List.of(4));

        assertThat(messages).containsExactly(
                "node2 size: expected 256M, got 128M in online memory blocks",
                "node2 tier: expected a tier slower than the CPU nodes' (memory_tier4), got memory_tier4",
                "node2 access0 read_latency: expected 250 ns, got 300 ns");
    }

    @Test
    void aPromisedNodeThatDidNotAppear() {
        assertThat(messages(PROMISE, List.of(), List.of(4))).containsExactly(
                "node_count: expected 1 new memory node, got 0 (none)",
                "node2: expected a new memory node, got none (new: none)");
    }

    @Test
    void nodesWithoutIdsTakeTheNewNodesInOrder() {
        String yaml = "nodes:\n  - {size: 256M}\n  - {size: 512M}\n";
        List<AddedNode> added = List.of(node(2, 256L << 20, OptionalInt.empty(), 1), node(3, 256L << 20, OptionalInt.empty(), 1));

        assertThat(messages(yaml, added, List.of())).containsExactly("node3 size: expected 512M, got 256M in online memory blocks");
    }

    @Test
    void exactTiersInitiatorsAndMissingAccessClasses() {
        String yaml = "nodes:\n  - {node: 2, tier: 5, access0: {initiators: [1]}, access1: {read_latency: 1ns}}\n";

        assertThat(messages(yaml, List.of(node(2, 256L << 20, OptionalInt.of(22), 250)), List.of(4))).containsExactly(
                "node2 tier: expected memory_tier5, got memory_tier22",
                "node2 access0 initiators: expected nodes [1], got nodes [0]",
                "node2 access1: expected an access1 directory, got none");
    }

    @Test
    void noTiersOnTheKernelIsNotSlower() {
        String yaml = "nodes:\n  - {node: 2, tier: slower-than-cpu-nodes}\n";

        assertThat(messages(yaml, List.of(node(2, 256L << 20, OptionalInt.empty(), 250)), List.of())).containsExactly(
                "node2 tier: expected a tier slower than the CPU nodes' (none), got no memory tier");
    }
}
