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
    void deviceMemoryCostsOneRestoredGuestLikeAnyFixtureWithoutHostPluggedDevices() {
        Topology device = ShippedFixtures.load("device-memory");
        assertThat(device.hotPlug().orElseThrow().devices(HotPlugDeviceKind.DEVICE_MEMORY)).isNotEmpty();
        assertThat(device.hotPlug().orElseThrow().hostPlugged()).isEmpty();
        assertThat(RunCost.of(device)).isEqualTo(RunCost.GUEST + device.nodes().size() + device.totalCpus());
    }

    @Test
    void everyHostPluggedDeviceAddsTwoGuestsThatRunOneAtATime() {
        Topology cxl = ShippedFixtures.load("cxl-far-memory");
        int devices = cxl.hotPlug().orElseThrow().hostPlugged().size();
        assertThat(devices).isPositive();
        Topology withoutHotPlug = new Topology(cxl.name(), cxl.description(), cxl.nodes(), cxl.distances(), cxl.hmat(), cxl.caches(),
                Optional.empty(), cxl.genericInitiators());
        long guest = RunCost.of(withoutHotPlug);
        assertThat(RunCost.of(cxl)).isEqualTo(guest + devices * RunCost.GUESTS_PER_HOTPLUG_DEVICE * RunCost.ONE_AT_A_TIME * guest);
        // The hot-plug fixture is the costliest cell of the shipped matrix, the 36-node one next.
        assertThat(RunCost.of(cxl)).isGreaterThan(RunCost.of(ShippedFixtures.load("hms-4s32g")));
    }
}
