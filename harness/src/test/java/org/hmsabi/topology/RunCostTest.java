package org.hmsabi.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunCostTest {
    @Test
    void moreNodesAndCpusCostMore() {
        assertThat(RunCost.of(ShippedFixtures.load("hms-4s32g"))).isGreaterThan(RunCost.of(ShippedFixtures.load("two-socket")));
        assertThat(RunCost.of(ShippedFixtures.load("two-socket"))).isGreaterThan(RunCost.of(ShippedFixtures.load("single-node")));
    }

    @Test
    void everyHostPluggedDeviceAddsTwoGuests() {
        Topology cxl = ShippedFixtures.load("cxl-far-memory");
        int devices = cxl.hotPlug().orElseThrow().hostPlugged().size();
        assertThat(devices).isPositive();
        Topology withoutHotPlug = new Topology(cxl.name(), cxl.description(), cxl.nodes(), cxl.distances(), cxl.hmat(), cxl.caches(),
                Optional.empty(), cxl.genericInitiators());
        assertThat(RunCost.of(cxl)).isEqualTo(RunCost.of(withoutHotPlug) * (1 + 2L * devices));
        // The hot-plug fixture is the costliest cell of the shipped matrix, the 36-node one next.
        assertThat(RunCost.of(cxl)).isGreaterThan(RunCost.of(ShippedFixtures.load("hms-4s32g")));
    }
}
