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
    void everyHostPluggedDeviceCostsAGuestAndItsMemorysEventsOneAtATime() {
        Topology cxl = ShippedFixtures.load("cxl-far-memory");
        java.util.List<HotPlugDevice> devices = cxl.hotPlug().orElseThrow().hostPlugged();
        assertThat(devices).extracting(HotPlugDevice::sizeBytes).containsExactly(256L << 20, 512L << 20);
        long guest = RunCost.bootTime(cxl);
        assertThat(RunCost.hotPlugDevice(cxl, devices.get(0))).isEqualTo(RunCost.ONE_AT_A_TIME * (guest + 2 * RunCost.PER_MEMORY_BLOCK));
        assertThat(RunCost.hotPlugDevice(cxl, devices.get(1))).isEqualTo(RunCost.ONE_AT_A_TIME * (guest + 4 * RunCost.PER_MEMORY_BLOCK));
        assertThat(RunCost.of(cxl)).isEqualTo(guest + RunCost.hotPlugDevice(cxl, devices.get(0)) + RunCost.hotPlugDevice(cxl, devices.get(1)));
        // One device alone is the costliest cell of a restored gate, the 36-node fixture next.
        assertThat(RunCost.hotPlugDevice(cxl, devices.get(0))).isGreaterThan(RunCost.bootTime(ShippedFixtures.load("hms-4s32g")));
    }

    @Test
    void aCxlRegionCostsAFreshBootAndItsSteps() {
        Topology expander = ShippedFixtures.load("cxl-expander");
        assertThat(RunCost.afterRegion(expander)).isGreaterThan(10 * RunCost.bootTime(expander));
        // A run whose cells are fixtures (check, history --boot) does the region in the fixture's cell.
        assertThat(RunCost.of(expander)).isEqualTo(RunCost.bootTime(expander) + RunCost.afterRegion(expander));
    }
}
