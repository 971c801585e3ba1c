package org.hmsabi.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.topology.FixtureText.SOURCE;
import static org.hmsabi.topology.FixtureText.parse;
import static org.hmsabi.topology.FixtureText.rejection;

/** Generic initiators in fixtures: what a valid one is, and one line for each malformed one. */
class GenericInitiatorRulesTest {

    /** Two sockets, accelerator node 2 (the generic initiator), its memory node 3; HMAT complete. */
    private static final String NODES = """
            nodes:
              - {id: 0, cpus: 1, memory: 256M}
              - {id: 1, cpus: 1, memory: 256M}
              - {id: 2}
              - {id: 3, memory: 128M}
            """;

    private static String hmat(int fromAccelerator) {
        StringBuilder hmat = new StringBuilder("hmat:\n");
        for (int initiator : new int[] {0, 1, fromAccelerator}) {
            for (int target : new int[] {0, 1, 3}) {
                hmat.append("  - {initiator: ").append(initiator).append(", target: ").append(target)
                        .append(", latency: ").append(initiator == 2 && target == 3 ? 60 : 200)
                        .append("ns, bandwidth: 8GiB/s}\n");
            }
        }
        return hmat.toString();
    }

    private static final String VALID = NODES + "generic-initiators:\n  - {node: 2}\n" + hmat(2);

    @Test
    void anAcceleratorNodeWithoutCpusOrMemoryIsAGenericInitiator() {
        Topology topology = parse(VALID);

        assertThat(topology.genericInitiators()).containsExactly(new GenericInitiator(2));
        assertThat(topology.isGenericInitiator(2)).isTrue();
        assertThat(topology.initiatorNodes()).extracting(NumaNode::id).containsExactly(0, 1, 2);
        assertThat(topology.canonicalJson()).contains("\"genericInitiators\":[2]");
    }

    @Test
    void aFixtureWithoutGenericInitiatorsKeepsItsCanonicalForm() {
        assertThat(parse(FixtureText.NODES + FixtureText.HMAT).canonicalJson()).doesNotContain("genericInitiators");
    }

    @Test
    void theNodeMustExist() {
        assertThat(rejection(VALID.replace("{node: 2}", "{node: 7}")))
                .startsWith(SOURCE + ": generic-initiators: node 7 is not a node of this topology;");
    }

    @Test
    void theNodeHasNoCpus() {
        assertThat(rejection(VALID.replace("{node: 2}", "{node: 0}")))
                .startsWith(SOURCE + ": generic-initiators: node 0 has CPUs, which make it an initiator already;");
    }

    @Test
    void theNodeHasNoMemory() {
        String yaml = VALID.replace("{id: 2}", "{id: 2, memory: 128M}");
        assertThat(rejection(yaml))
                .startsWith(SOURCE + ": generic-initiators: node 2 has memory; keep the device's memory on a node of its own");
    }

    @Test
    void aNodeIsListedOnce() {
        assertThat(rejection(VALID.replace("  - {node: 2}\n", "  - {node: 2}\n  - {node: 2}\n")))
                .isEqualTo(SOURCE + ": generic-initiators: node 2 is listed twice; list each generic initiator node once");
    }

    @Test
    void anEmptyEntryIsRefused() {
        assertThat(rejection(VALID.replace("  - {node: 2}\n", "  - {node: 2}\n  -\n"))).contains("generic-initiators");
    }

    @Test
    void withoutTheListTheAcceleratorNodeIsAnEmptyNode() {
        assertThat(rejection(NODES + hmat(0).replace("initiator: 0, target: 3, latency: 200", "initiator: 0, target: 3, latency: 60")))
                .startsWith(SOURCE + ": node 2 has neither CPUs nor memory;");
    }

    @Test
    void aGenericInitiatorCannotBeAMemoryNodesInitiator() {
        // QEMU 10.0 hw/core/machine.c numa_validate_initiator: "The initiator of NUMA node 3 is invalid".
        assertThat(rejection(VALID.replace("{id: 3, memory: 128M}", "{id: 3, memory: 128M, initiator: 2}")))
                .isEqualTo(SOURCE + ": node 3 names generic initiator 2 as its initiator, which QEMU refuses; remove"
                        + " 'initiator:' and give HMAT entries from node 2 instead");
    }

    @Test
    void hmatFromTheGenericInitiatorMustCoverEveryMemoryNode() {
        String yaml = VALID.replace("  - {initiator: 2, target: 1, latency: 200ns, bandwidth: 8GiB/s}\n", "");
        assertThat(rejection(yaml)).startsWith(SOURCE + ": hmat has no entry for initiator 2 -> target 1;");
    }

    @Test
    void aNodeWithoutCpusThatIsNoGenericInitiatorIsStillNoHmatInitiator() {
        String yaml = NODES.replace("{id: 2}", "{id: 2, memory: 128M, initiator: 0}")
                .replace("{id: 3, memory: 128M}", "{id: 3, memory: 128M, initiator: 0}") + hmat(2);
        assertThat(rejection(yaml)).contains("node 2 has no CPUs and cannot be an initiator;")
                .contains("or list it under 'generic-initiators:'");
    }

    @Test
    void aCpuLessMemoryNodeWithoutGenericInitiatorHmatStillNeedsAnInitiator() {
        String yaml = NODES.replace("{id: 2}\n", "{id: 2, memory: 128M, initiator: 0}\n")
                + "hmat:\n  - {initiator: 0-1, target: [0, 1, 2, 3], latency: 100ns, bandwidth: 8GiB/s}\n";
        assertThat(rejection(yaml)).startsWith(SOURCE + ": node 3 has no CPUs and no initiator;");
    }

    @Test
    void theWriterKeepsGenericInitiators() {
        Topology topology = parse(VALID);
        String written = TopologyWriter.yaml(topology, FixtureText.NAME);

        assertThat(written).contains("generic-initiators");
        assertThat(parse(written).contentHash()).isEqualTo(topology.contentHash());
    }

    @Test
    void anAcceleratorComesBeforeTheMemoryOnlyNodesAsLinuxNumbersThem() {
        // Accelerator 3 after memory-only node 2: Linux numbers the accelerator 2 and the memory node 3, the other way round.
        StringBuilder hmat = new StringBuilder("hmat:\n");
        for (int initiator : new int[] {0, 1, 3}) {
            for (int target : new int[] {0, 1, 2}) {
                hmat.append("  - {initiator: ").append(initiator).append(", target: ").append(target).append(", latency: 200ns, bandwidth: 8GiB/s}\n");
            }
        }
        String swapped = """
                nodes:
                  - {id: 0, cpus: 1, memory: 256M}
                  - {id: 1, cpus: 1, memory: 256M}
                  - {id: 2, memory: 128M}
                  - {id: 3}
                generic-initiators:
                  - {node: 3}
                """ + hmat;
        assertThat(rejection(swapped)).startsWith(SOURCE + ": generic-initiators: node 3 comes after CPU-less memory node 2,")
                .contains("give the generic initiators the ids right after the CPU nodes");
    }
}
