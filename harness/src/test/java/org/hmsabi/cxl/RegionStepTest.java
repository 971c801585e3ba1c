package org.hmsabi.cxl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The region's sysfs sequence as data: order, paths, values, and how hex values are read. */
class RegionStepTest {
    private final RegionPlan plan = new RegionPlan("decoder0.0", "region0", List.of("decoder2.0"), 256L << 20, "256");

    @Test
    void theAssemblyWritesInTheOrderTheAbiDocumentGives() {
        List<String> writes = RegionStep.ASSEMBLE.stream().flatMap(step -> step.writes(plan).stream())
                .map(write -> write.path().replace("/sys/bus/cxl/", "") + "=" + write.value()).toList();

        assertThat(writes).containsExactly(
                "devices/decoder0.0/create_ram_region=region0",
                "devices/region0/interleave_granularity=256",
                "devices/region0/interleave_ways=1",
                "devices/decoder2.0/mode=ram",
                "devices/decoder2.0/dpa_size=0x10000000",
                "devices/region0/size=0x10000000",
                "devices/region0/target0=decoder2.0",
                "devices/region0/commit=1",
                "drivers/cxl_region/bind=region0");
    }

    @Test
    void aTwoWayRegionTakesTheShareOfEachDeviceAndNamesBothTargetsInOrder() {
        RegionPlan twoWay = new RegionPlan("decoder0.0", "region0", List.of("decoder2.0", "decoder3.0"), 256L << 20, "256");
        List<String> writes = RegionStep.ASSEMBLE.stream().flatMap(step -> step.writes(twoWay).stream())
                .map(write -> write.path().replace("/sys/bus/cxl/", "") + "=" + write.value()).toList();

        assertThat(twoWay.sizeBytes()).isEqualTo(512L << 20);
        assertThat(writes).containsExactly(
                "devices/decoder0.0/create_ram_region=region0",
                "devices/region0/interleave_granularity=256",
                "devices/region0/interleave_ways=2",
                "devices/decoder2.0/mode=ram",
                "devices/decoder2.0/dpa_size=0x10000000",
                "devices/decoder3.0/mode=ram",
                "devices/decoder3.0/dpa_size=0x10000000",
                "devices/region0/size=0x20000000",
                "devices/region0/target0=decoder2.0",
                "devices/region0/target1=decoder3.0",
                "devices/region0/commit=1",
                "drivers/cxl_region/bind=region0");
        // Committed, each endpoint decoder decodes the whole region; deleted, each is free again.
        assertThat(new RegionStep.Commit().expectations(twoWay)).contains(
                new RegionStep.ReadsHex("/sys/bus/cxl/devices/decoder2.0/size", 512L << 20),
                new RegionStep.ReadsHex("/sys/bus/cxl/devices/decoder3.0/size", 512L << 20));
        assertThat(new RegionStep.Delete().expectations(twoWay)).contains(
                new RegionStep.Reads("/sys/bus/cxl/devices/decoder2.0/region", ""),
                new RegionStep.Reads("/sys/bus/cxl/devices/decoder3.0/region", ""));
        assertThat(new RegionStep.Release().writes(twoWay)).extracting(RegionStep.Write::path)
                .containsExactly("/sys/bus/cxl/devices/decoder2.0/dpa_size", "/sys/bus/cxl/devices/decoder3.0/dpa_size");
    }

    @Test
    void theTeardownUnbindsDecommitsDeletesAndReleases() {
        assertThat(RegionStep.TEAR_DOWN).extracting(RegionStep::name)
                .containsExactly("unbind cxl_region", "decommit", "delete_region", "release capacity");
        assertThat(new RegionStep.Delete().expectations(plan)).contains(new RegionStep.Exists("/sys/bus/cxl/devices/region0", false));
    }

    @Test
    void hexValuesAreReadWithOrWithoutPaddingAndAnythingElseIsNone() {
        assertThat(RegionStep.hexValue("0x0000000010000000\n")).hasValue(256L << 20);
        assertThat(RegionStep.hexValue("0x10000000")).hasValue(256L << 20);
        assertThat(RegionStep.hexValue("0xffffffffffffffff")).hasValue(-1L);
        assertThat(RegionStep.hexValue("region0")).isEmpty();
        assertThat(RegionStep.hexValue("")).isEmpty();
    }

    @Test
    void theDaxRegionIsNamedAfterTheRegionsId() {
        assertThat(plan.daxRegion()).isEqualTo("/sys/bus/cxl/devices/region0/dax_region0");
    }
}
