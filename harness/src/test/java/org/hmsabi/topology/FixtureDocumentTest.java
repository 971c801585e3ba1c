package org.hmsabi.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.topology.FixtureText.HMAT;
import static org.hmsabi.topology.FixtureText.NODES;
import static org.hmsabi.topology.FixtureText.SOURCE;
import static org.hmsabi.topology.FixtureText.parse;
import static org.hmsabi.topology.FixtureText.rejection;

/**
 * Mistakes in how a fixture is written, found while reading it: YAML shape (with the line
 * number Jackson reports), units, node lists, and statements that contradict each other.
 */
class FixtureDocumentTest {

    @Test
    void unknownKeyNamesTheLineTheKeyAndTheKnownKeys() {
        String message = rejection("""
                nodes:
                  - id: 0
                    cpus: 1
                    memroy: 512M
                """);

        assertThat(message).isEqualTo(SOURCE + ":4: unknown key 'memroy' in 'nodes[0]'; remove it or use one of:"
                + " cpus, id, initiator, memory");
    }

    @Test
    void unknownTopLevelKeyIsRejected() {
        assertThat(rejection(NODES + "distance:\n  pairs: []\n"))
                .isEqualTo(SOURCE + ":6: unknown key 'distance'; remove it or use one of: caches, cpus, cxl, description,"
                        + " distances, generic-initiators, hmat, hotplug, memory, name, nodes");
    }

    @Test
    void unknownKeyDeepInsideNamesItsLineAndMapping() {
        String message = rejection(NODES + """
                hmat:
                  - initiator: 0-1
                    target: 0-3
                    read: {latency: 10ns, bandwidth: 1GiB/s, size: 1G}
                    write: {latency: 10ns, bandwidth: 1GiB/s}
                """);

        assertThat(message).isEqualTo(SOURCE + ":9: unknown key 'size' in 'hmat[0].read'; remove it or use one of:"
                + " bandwidth, latency");
    }

    /** A value of the wrong type: the line, the YAML path, what was expected and what was found, in the fixture's terms. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "hmat: [{initiator: 0-1, target: 0-3, read: {latency: 10ns, bandwidth: 1GiB/s}, write: 12}]"
                + " | 6 | hmat[0].write | a mapping with a latency and a bandwidth, like {latency: 120ns, bandwidth: 8GiB/s} | the number 12",
        "hmat: [{initiator: 0-1, target: 0-3, read: [10ns], write: {latency: 10ns, bandwidth: 1GiB/s}}]"
                + " | 6 | hmat[0].read | a mapping with a latency and a bandwidth, like {latency: 120ns, bandwidth: 8GiB/s} | a list",
        "caches: [{node: 2, level: one, size: 1M, associativity: direct, policy: write-back, line: 64}]"
                + " | 6 | caches[0].level | a whole number | the text 'one'",
        "distances: {matrix: [[10, 20, 20, 20], 5]} | 6 | distances.matrix[1] | a row of distances, like [10, 20] | the number 5",
        "distances: {asymmetric: maybe} | 6 | distances.asymmetric | true or false | the text 'maybe'",
        "hotplug: [1] | 6 | hotplug | a mapping with the keys slots, maxmem, devices | a list",
        "name: [bad] | 6 | name | a text | a list",
        "hmat: {initiator: 0} | 6 | hmat | a list of HMAT entries | a mapping",
    })
    void aValueOfTheWrongTypeSaysWhatWasExpectedAndWhatWasFound(String section, int line, String path, String expected, String found) {
        String message = rejection(NODES + section + "\n");

        assertThat(message).isEqualTo(SOURCE + ":" + line + ": value at '" + path + "' has the wrong type: expected " + expected
                + ", found " + found + "; see fixtures/topologies/README.md for the format");
    }

    @Test
    void aWrongTypeInsideANodeNamesTheNode() {
        assertThat(rejection("nodes:\n  - {id: 0, cpus: [1], memory: 512M}\n")).isEqualTo(SOURCE + ":2: value at 'nodes[0].cpus'"
                + " has the wrong type: expected a whole number, found a list; see fixtures/topologies/README.md for the format");
        assertThat(rejection("nodes:\n  - {id: 0, cpus: 1.5, memory: 512M}\n")).contains("expected a whole number, found the value 1.5");
        assertThat(rejection("nodes: 5\n")).contains("'nodes' has the wrong type: expected a list of nodes, found the number 5");
    }

    @Test
    void noMessageNamesAJavaType() {
        for (String bad : new String[] {
            NODES + "hmat: [{initiator: 0-1, target: 0-3, latency: {a: 1}, bandwidth: 1GiB/s}]\n",
            NODES + "hmat: [{initiator: 0-1, target: 0-3, latency: 10ns, bandwidth: [1, {b: 2}]}]\n",
            "nodes:\n  - {id: {a: 1}, cpus: 1, memory: 512M}\n",
            NODES + "hmat: [{initiator: 0-1, target: 0-3, read: 12, write: 13}]\n",
            NODES + "caches: [{node: 2, level: 1, size: 1M, associativity: [direct], policy: write-back, line: 64}]\n",
        }) {
            assertThat(rejection(bad)).doesNotContain("Document", "java.", "Creator", "constructor", "=", "JsonToken")
                    .doesNotContain("\n");
        }
        assertThat(rejection(NODES + "hmat: [{initiator: 0-1, target: 0-3, latency: {a: 1}, bandwidth: 1GiB/s}]\n"))
                .contains("latency '{a: 1}' is not understood");
    }

    @Test
    void sizeWithoutBinaryUnitIsRejectedWithTheLine() {
        String message = rejection("""
                nodes:
                  - {id: 0, cpus: 1, memory: 512MB}
                """);

        assertThat(message).startsWith(SOURCE + ":2: ").contains("size '512MB'", "e.g. 512M", "nodes[0].memory");
    }

    @Test
    void sizeErrorInBlockStyleNamesItsLine() {
        String message = rejection("""
                nodes:
                  - id: 0
                    cpus: 1
                    memory: lots
                """);

        assertThat(message).startsWith(SOURCE + ":4: size 'lots' is not understood");
    }

    @Test
    void latencyWithoutUnitIsRejected() {
        String message = rejection(NODES + """
                hmat:
                  - {initiator: 0-1, target: 0-3, latency: 100, bandwidth: 10GiB/s}
                """);

        assertThat(message).startsWith(SOURCE + ":7: ").contains("latency '100'", "120ns");
    }

    @Test
    void decimalBandwidthUnitIsRejectedBecauseItIsAmbiguous() {
        String message = rejection(NODES + """
                hmat:
                  - {initiator: 0-1, target: 0-3, latency: 100ns, bandwidth: 10GB/s}
                """);

        assertThat(message).startsWith(SOURCE + ":7: ").contains("bandwidth '10GB/s'", "80GiB/s");
    }

    @Test
    void backwardsNodeRangeIsRejected() {
        assertThat(rejection("nodes:\n  - {id: 3-0, cpus: 1, memory: 512M}\n"))
                .startsWith(SOURCE + ":2: ").contains("runs backwards", "0-3");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        assertThat(rejection("nodes:\n  - {cpus: 1, memory: 512M}\n"))
                .startsWith(SOURCE + ":2: ").contains("missing key 'id'", "add it");
    }

    @Test
    void emptyValueOfARequiredKeyIsNamed() {
        assertThat(rejection("nodes:\n  - id:\n    cpus: 1\n"))
                .startsWith(SOURCE + ":").contains("'nodes[0].id' is empty");
    }

    @Test
    void emptyListItemIsRejected() {
        assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  -\n"))
                .startsWith(SOURCE + ":").contains("'nodes[1]' is empty");
    }

    @Test
    void unknownEnumValueListsTheAccepted() {
        String message = rejection(NODES + HMAT + """
                caches:
                  - {node: 2, level: 1, size: 16M, associativity: direct, policy: writeback, line: 64}
                """);

        assertThat(message).startsWith(SOURCE + ":9: ").contains("'writeback'", "none, write-back, write-through");
    }

    @Test
    void duplicateKeyIsRejected() {
        assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, cpus: 2, memory: 512M}\n"))
                .startsWith(SOURCE + ":2: ").contains("Duplicate field 'cpus'");
    }

    @Test
    void emptyFileIsRejected() {
        assertThat(rejection("# nothing yet\n")).isEqualTo(SOURCE
                + ": the fixture is empty; see fixtures/topologies/README.md for the format");
    }

    @Test
    void nameMustMatchTheFileName() {
        assertThat(rejection("name: other\n" + NODES))
                .isEqualTo(SOURCE + ": name 'other' differs from the file name 'bad.yaml'; rename one so that they"
                        + " agree, or drop 'name:'");
    }

    @Test
    void nameDefaultsToTheFileName() {
        assertThat(parse(NODES).name()).isEqualTo("bad");
    }

    @Test
    void declaredCpuTotalMustMatchTheNodes() {
        assertThat(rejection("cpus: 4\n" + NODES))
                .isEqualTo(SOURCE + ": declares 'cpus: 4' but its nodes have 2 vCPUs together; correct 'cpus:' or"
                        + " the nodes' 'cpus:'");
    }

    @Test
    void declaredMemoryTotalMustMatchTheNodes() {
        assertThat(rejection("memory: 2G\n" + NODES))
                .startsWith(SOURCE + ": declares 'memory: 2G' but its nodes have 1280M together");
    }

    @Test
    void explicitZeroMemoryIsRejected() {
        assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1, cpus: 1, memory: 0}\n"))
                .startsWith(SOURCE + ": node 1 has 'memory: 0'; leave 'memory:' out");
    }

    @Test
    void matrixWithMissingDistancesIsRejected() {
        String message = rejection(NODES + """
                distances:
                  matrix:
                    - [10, 21, 13, 23]
                    - [21, 10, 23]
                    - [13, 23, 10, 23]
                    - [23, 13, 23, 10]
                """);

        assertThat(message).isEqualTo(SOURCE + ": distances.matrix is not 4x4; write one row of 4 distances per"
                + " node, in node id order");
    }

    @Test
    void matrixAndPairsTogetherAreRejected() {
        assertThat(rejection(NODES + "distances:\n  matrix: [[10]]\n  pairs: []\n"))
                .isEqualTo(SOURCE + ": distances has both 'matrix' and 'pairs'; keep one of them");
    }

    @Test
    void pairGivenTwiceIsRejected() {
        String message = rejection(NODES + """
                distances:
                  pairs:
                    - {from: 0, to: 1, distance: 21}
                    - {from: 1, to: 0, distance: 22}
                """);

        assertThat(message).startsWith(SOURCE + ": distances pair from 1 to 0 sets the distance between node 0 and"
                + " node 1 again (21 before, 22 now); give each pair once");
    }

    @Test
    void localPairIsRejected() {
        assertThat(rejection(NODES + "distances:\n  pairs:\n    - {from: 2, to: 2, distance: 12}\n"))
                .isEqualTo(SOURCE + ": distances pair from 2 to 2 sets a local distance; local distances are always"
                        + " 10, remove the pair");
    }

    @Test
    void pairNamingAnUndeclaredNodeIsRejected() {
        assertThat(rejection(NODES + "distances:\n  pairs:\n    - {from: 0, to: 7, distance: 30}\n"))
                .startsWith(SOURCE + ": distances pair from 0 to 7 names node 7, which the fixture does not declare");
    }

    @Test
    void asymmetricPairNeedsItsReverse() {
        String message = rejection(NODES + """
                distances:
                  asymmetric: true
                  pairs:
                    - {from: 0, to: 1, distance: 21}
                """);

        assertThat(message).startsWith(SOURCE + ": distances with 'asymmetric: true' give node 0 to node 1 but not"
                + " node 1 to node 0; add {from: 1, to: 0, distance: <n>}");
    }

    @Test
    void meshEntryWithOverlappingSetsIsOneStatement() {
        Topology topology = parse(NODES + "distances:\n  pairs:\n    - {from: 0-3, to: 0-3, distance: 30}\n");

        assertThat(topology.distance(1, 3)).isEqualTo(30);
        assertThat(topology.distance(3, 3)).isEqualTo(10);
    }

    @Test
    void hmatEntryWithLatencyOnlyIsRejected() {
        assertThat(rejection(NODES + "hmat:\n  - {initiator: 0-1, target: 0-3, latency: 100ns}\n"))
                .isEqualTo(SOURCE + ": hmat entry initiator 0-1 -> target 0-3 needs both 'latency:' and"
                        + " 'bandwidth:'; add the missing one");
    }

    @Test
    void hmatEntryWithBothFormsIsRejected() {
        String message = rejection(NODES + """
                hmat:
                  - initiator: 0
                    target: 0
                    latency: 100ns
                    read: {latency: 100ns, bandwidth: 1GiB/s}
                """);

        assertThat(message).startsWith(SOURCE + ": hmat entry initiator 0 -> target 0 gives both"
                + " latency/bandwidth and read/write; keep one form");
    }

    @Test
    void unitsAndRangesAreExpanded() {
        Topology topology = parse("""
                nodes:
                  - {id: 0-1, cpus: 2, memory: 1G}
                  - {id: 2, memory: 131072K, initiator: 1}
                hmat:
                  - {initiator: [0, 1], target: "0-2", latency: 2us, bandwidth: 1TiB/s}
                """);

        assertThat(topology.nodes()).containsExactly(NumaNode.withCpus(0, 2, 1L << 30), NumaNode.withCpus(1, 2, 1L << 30),
                NumaNode.memoryOnly(2, 128L << 20, 1));
        assertThat(topology.hmat()).hasSize(6).contains(HmatEntry.access(1, 2, 2000, 1L << 20));
        assertThat(topology.cpuIds(1)).containsExactly(2, 3);
    }
}
