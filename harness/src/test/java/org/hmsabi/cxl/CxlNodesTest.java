package org.hmsabi.cxl;

import static org.assertj.core.api.Assertions.assertThat;

import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Test;

/** Which node a CXL window becomes, and the machine as Linux numbers it then. */
class CxlNodesTest {
    private final Topology expander = ShippedFixtures.load("cxl-expander");

    @Test
    void theWindowGetsTheNodeAfterTheLastSratNodeTheGenericPortIsNone() {
        // Nodes 0 and 1 have CPUs and memory; node 2 is the generic port, which maps no Linux node.
        assertThat(CxlNodes.windowNode(expander)).isEqualTo(2);
    }

    @Test
    void theGuestViewHasTheWindowNodeAtTheDefaultDistanceAndNoHmatToIt() {
        Topology view = CxlNodes.guestView(expander);

        assertThat(view.node(2)).hasValueSatisfying(node -> {
            assertThat(node.hasCpus()).isFalse();
            assertThat(node.hasMemory()).isFalse();
            assertThat(node.initiator()).isEmpty();
        });
        assertThat(view.distance(0, 1)).isEqualTo(expander.distance(0, 1));
        assertThat(view.distance(0, 2)).isEqualTo(20);
        assertThat(view.distance(2, 1)).isEqualTo(20);
        assertThat(view.distance(2, 2)).isEqualTo(10);
        assertThat(view.hmat()).noneMatch(entry -> entry.target() == 2);
        assertThat(view.hmat()).hasSize(expander.hmat().size() - 2);
        assertThat(view.nodes()).extracting(NumaNode::id).containsExactly(0, 1, 2);
    }
}
