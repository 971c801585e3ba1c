package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

class SyscallFactsTest {

    @Test
    void aGenericInitiatorsNodeIsOnlineWithoutMemory() {
        // gpu-generic-initiator: CPU nodes 0 and 1, the accelerator's node 2 (no CPUs, no memory), memory node 3.
        Topology topology = TopologyLoader.load("gpu-generic-initiator", ShippedFixtures.directory());
        SyscallFacts facts = SyscallFacts.of(topology);
        assertThat(facts.onlineNodes()).containsExactly(0, 1, 2, 3);
        assertThat(facts.memoryNodes()).containsExactly(0, 1, 3);
        assertThat(new CatalogNodes(facts).offlineNode()).isEqualTo(4);
    }

    @Test
    void aCxlGenericPortIsNoOnlineNode() {
        // cxl-expander's node 2 is the host bridge's generic port: no Linux node until a region brings memory.
        SyscallFacts facts = SyscallFacts.of(TopologyLoader.load("cxl-expander", ShippedFixtures.directory()));
        assertThat(facts.onlineNodes()).containsExactly(0, 1);
        assertThat(facts.withMemoryOn(2).onlineNodes()).containsExactly(0, 1, 2);
    }
}
