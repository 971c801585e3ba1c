package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CxlArgumentsTest {

    @Test
    void aVolatileDeviceSitsBehindAPxbCxlBridgeRootPortAndFixedWindow() {
        List<String> args = CxlArguments.volatileDevice(256L << 20);

        assertThat(args).containsExactly(
                "-object", "memory-backend-ram,id=cxl-vmem0,size=256M",
                "-device", "pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1",
                "-device", "cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2",
                "-device", "cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-vmem0,id=cxl-vmem0-dev",
                "-M", "cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G");
        assertThat(CxlArguments.machineOption()).isEqualTo("cxl=on");
    }

    @Test
    void theProbeReadsTheDevicesProperties() {
        String qemu72 = "cxl-type3 options:\n  lsa=<link<memory-backend>>\n  memdev=<link<memory-backend>>\n";
        String qemu80 = qemu72 + "  volatile-memdev=<link<memory-backend>>\n";

        assertThat(CxlArguments.unsupportedReasonFromHelp(qemu72, "qemu")).hasValueSatisfying(reason ->
                assertThat(reason).contains("no volatile-memdev").contains("QEMU 8.0"));
        assertThat(CxlArguments.unsupportedReasonFromHelp(qemu80, "qemu")).isEmpty();
        assertThat(CxlArguments.unsupportedReasonFromHelp("Device 'cxl-type3' not found\n", "qemu"))
                .hasValue("qemu has no cxl-type3 device");
    }

    @Test
    void theInstalledQemuIsProbedForReal() {
        // Whatever QEMU is installed, the probe answers (supported, or unsupported with a reason).
        CxlArguments.unsupportedReason(QemuLauncher.host())
                .ifPresent(reason -> assertThat(reason).isNotBlank());
    }
}
