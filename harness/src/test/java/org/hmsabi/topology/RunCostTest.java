package org.hmsabi.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCostTest {
    @Test
    void moreNodesAndCpusCostMore() {
        assertThat(RunCost.bootTime(ShippedFixtures.load("hms-4s32g"))).isGreaterThan(RunCost.bootTime(ShippedFixtures.load("two-socket")));
        assertThat(RunCost.bootTime(ShippedFixtures.load("two-socket"))).isGreaterThan(RunCost.bootTime(ShippedFixtures.load("single-node")));
    }

    @Test
    void deviceMemoryCostsOneRestoredGuestLikeAnyFixtureWithoutHostPluggedDevices() {
        Topology device = ShippedFixtures.load("device-memory");
        assertThat(device.hotPlug().orElseThrow().devices(HotPlugDeviceKind.DEVICE_MEMORY)).isNotEmpty();
        assertThat(device.hotPlug().orElseThrow().hostPlugged()).isEmpty();
        assertThat(RunCost.of(device)).isEqualTo(RunCost.bootTime(device)).isEqualTo(RunCost.GUEST + device.nodes().size() + device.totalCpus());
    }

    @Test
    void everyHostPluggedDeviceCostsTwoGuestsThatRunOneAtATime() {
        Topology cxl = ShippedFixtures.load("cxl-far-memory");
        int devices = cxl.hotPlug().orElseThrow().hostPlugged().size();
        assertThat(devices).isEqualTo(2);
        long guest = RunCost.bootTime(cxl);
        assertThat(RunCost.hotPlugDevice(cxl)).isEqualTo(RunCost.GUESTS_PER_HOTPLUG_DEVICE * RunCost.ONE_AT_A_TIME * guest);
        assertThat(RunCost.of(cxl)).isEqualTo(guest + devices * RunCost.hotPlugDevice(cxl));
        // One device alone is the costliest cell of a restored gate, the 36-node fixture next.
        assertThat(RunCost.hotPlugDevice(cxl)).isGreaterThan(RunCost.bootTime(ShippedFixtures.load("hms-4s32g")));
    }

    @Test
    void aCxlRegionCostsAFreshBootAndItsSteps() {
        Topology expander = ShippedFixtures.load("cxl-expander");
        assertThat(RunCost.afterRegion(expander)).isGreaterThan(10 * RunCost.bootTime(expander));
    }
}
