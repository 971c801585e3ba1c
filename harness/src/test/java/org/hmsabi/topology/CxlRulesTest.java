package org.hmsabi.topology;

import org.hmsabi.qemu.NumaArguments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.topology.FixtureText.SOURCE;
import static org.hmsabi.topology.FixtureText.parse;
import static org.hmsabi.topology.FixtureText.rejection;

/** The cxl: section of fixtures: what a valid host bridge is, and one line for each malformed one. */
class CxlRulesTest {

    /** Two sockets and node 2, the host bridge's generic port; HMAT from both sockets to it. */
    private static final String VALID = """
            nodes:
              - {id: 0, cpus: 1, memory: 256M}
              - {id: 1, cpus: 1, memory: 256M}
              - {id: 2}
            hmat:
              - {initiator: 0, target: 0, latency: 80ns, bandwidth: 20GiB/s}
              - {initiator: 0, target: 1, latency: 130ns, bandwidth: 10GiB/s}
              - {initiator: 0, target: 2, latency: 150ns, bandwidth: 16GiB/s}
              - {initiator: 1, target: 0, latency: 130ns, bandwidth: 10GiB/s}
              - {initiator: 1, target: 1, latency: 80ns, bandwidth: 20GiB/s}
              - {initiator: 1, target: 2, latency: 200ns, bandwidth: 8GiB/s}
            cxl:
              window: 4G
              generic-port: 2
              devices:
                - {size: 256M}
            """;

    @Test
    void aHostBridgeWithAGenericPortAndOneDevice() {
        Topology topology = parse(VALID);

        CxlHostBridge cxl = topology.cxl().orElseThrow();
        assertThat(cxl.windowBytes()).isEqualTo(4L << 30);
        assertThat(cxl.deviceBytes()).containsExactly(256L << 20);
        assertThat(topology.isGenericPort(2)).isTrue();
        assertThat(topology.canonicalJson()).contains("\"cxl\":{\"deviceBytes\":[268435456],\"genericPort\":2,\"windowBytes\":4294967296}");
    }

    @Test
    void aFixtureWithoutCxlKeepsItsCanonicalForm() {
        assertThat(parse(FixtureText.NODES + FixtureText.HMAT).canonicalJson()).doesNotContain("cxl");
    }

    @Test
    void theQemuArgumentsCarryTheBridgeTheDeviceTheGenericPortAndTheWindow() {
        String args = String.join(" ", NumaArguments.forTopology(parse(VALID)));

        assertThat(args).contains("-M cxl=on", "-cpu max,hypervisor=off", "-object memory-backend-ram,id=cxl-mem0,size=256M",
                "-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1", "-device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2",
                "-device cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-mem0,id=cxl-mem0-dev",
                "-object acpi-generic-port,id=gp0,pci-bus=cxl.1,node=2", "-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G");
        assertThat(args).contains("-numa node,nodeid=2 ");
    }

    @Test
    void theWindowComesIn256MUnits() {
        assertThat(rejection(VALID.replace("window: 4G", "window: 300M")))
                .startsWith(SOURCE + ": cxl.window is 300M; give a positive multiple of 256M");
    }

    @Test
    void aDeviceComesIn256MUnits() {
        assertThat(rejection(VALID.replace("{size: 256M}", "{size: 128M}")))
                .startsWith(SOURCE + ": cxl.devices[0] has size 128M; give a positive multiple of 256M");
    }

    @Test
    void theWindowHoldsTheDevices() {
        assertThat(rejection(VALID.replace("window: 4G", "window: 256M").replace("- {size: 256M}", "- {size: 256M}\n    - {size: 256M}")))
                .startsWith(SOURCE + ": cxl.devices hold 512M but cxl.window is only 256M;");
    }

    @Test
    void theDevicesAreAPowerOfTwoForTheRegionsInterleave() {
        String three = VALID.replace("- {size: 256M}", "- {size: 256M}\n    - {size: 256M}\n    - {size: 256M}");
        assertThat(rejection(three)).startsWith(SOURCE + ": cxl.devices lists 3 devices; give 1, 2 or 4 devices")
                .contains("power of two");
        assertThat(parse(VALID.replace("- {size: 256M}", "- {size: 256M}\n    - {size: 256M}")).cxl().orElseThrow().deviceBytes()).hasSize(2);
        assertThat(parse(three.replace("- {size: 256M}\n    - {size: 256M}\n    - {size: 256M}",
                "- {size: 256M}\n    - {size: 256M}\n    - {size: 256M}\n    - {size: 256M}")).cxl().orElseThrow().deviceBytes()).hasSize(4);
    }

    @Test
    void theGenericPortIsANodeWithoutCpusOrMemory() {
        assertThat(rejection(VALID.replace("generic-port: 2", "generic-port: 0")))
                .contains("cxl.generic-port: node 0 has CPUs or memory;");
        assertThat(rejection(VALID.replace("generic-port: 2", "generic-port: 5")))
                .contains("cxl.generic-port: node 5 is not a node of this topology;");
    }

    @Test
    void withoutAGenericPortNode2IsAnEmptyNode() {
        assertThat(rejection(VALID.replace("  generic-port: 2\n", "")))
                .startsWith(SOURCE + ": node 2 has neither CPUs nor memory;");
    }

    @Test
    void everySocketNeedsHmatFiguresToTheGenericPort() {
        assertThat(rejection(VALID.replace("  - {initiator: 1, target: 2, latency: 200ns, bandwidth: 8GiB/s}\n", "")))
                .contains("hmat has no entry for initiator 1 -> target 2;");
    }
}
