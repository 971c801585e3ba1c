package org.hmsabi.cxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hmsabi.qemu.CxlArguments;
import org.junit.jupiter.api.Test;

/**
 * The latency a region's access class may read on the cxl-expander path: generic port 150 ns from
 * node 0 and 200 ns from node 1 (the fixture's HMAT), QEMU's CDAT, one root-port link.
 */
class RegionLatencyBoundsTest {
    private final RegionLatencyBounds read = new RegionLatencyBounds(150, 200, CxlArguments.TYPE3_CDAT_READ_LATENCY_NS, 1);
    private final RegionLatencyBounds write = new RegionLatencyBounds(150, 200, CxlArguments.TYPE3_CDAT_WRITE_LATENCY_NS, 1);

    @Test
    void aLinkTakesAtMostOneFlitAtTheSlowestRate() {
        // 68 bytes at 250 MB/s (2.5 GT/s x1, 8b/10b).
        assertThat(RegionLatencyBounds.LINK_LATENCY_BOUND_NS).isEqualTo(272);
        assertThat(read.upperNs()).isEqualTo(200 + 150 + 272);
        assertThat(write.upperNs()).isEqualTo(200 + 250 + 272);
    }

    @Test
    void theSumOfTheHostTheDeviceAndANanosecondLinkIsInRange() {
        // 150 ns generic port + 150/250 ns CDAT + a link of about 2 ns: what 6.12 and 7.3 compute.
        assertThat(read.problem("access0/read_latency", 302)).isEmpty();
        assertThat(write.problem("access0/write_latency", 402)).isEmpty();
        assertThat(read.problem("access1/read_latency", 150)).isEmpty();
        assertThat(read.problem("access1/read_latency", read.upperNs())).isEmpty();
    }

    @Test
    void aLinkLatencyInPicosecondsCountedAsNanosecondsIsAProblem() {
        // 17000 ps, a 68-byte flit at 32 GT/s (68 B / 4000 MB/s), added to nanoseconds.
        assertThat(read.problem("access0/read_latency", 150 + 150 + 17000))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("access0/read_latency is 17300, above the 622 ns the path can add up to")
                        .contains("generic port 200 ns", "CDAT 150 ns", "1 link(s) of at most 272 ns"));
        assertThat(write.problem("access0/write_latency", 17400)).isPresent();
        assertThat(read.problem("access0/read_latency", read.upperNs() + 1)).isPresent();
    }

    @Test
    void aLatencyBelowTheGenericPortsIsAProblem() {
        assertThat(read.problem("access0/read_latency", 149))
                .hasValue("access0/read_latency is 149, below the generic port's 150 ns from the fixture's HMAT");
    }

    @Test
    void inconsistentBoundsAreRefused() {
        assertThatThrownBy(() -> new RegionLatencyBounds(200, 150, 150, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionLatencyBounds(150, 200, 150, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
