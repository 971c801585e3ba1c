package org.hmsabi.qemu;

import java.util.List;
import java.util.Optional;
import org.hmsabi.InfrastructureException;

/**
 * A CXL type-3 volatile memory device on q35: a {@code pxb-cxl} host bridge, a {@code cxl-rp}
 * root port, the {@code cxl-type3} device with a {@code volatile-memdev}, and a fixed memory
 * window that routes to the bridge. QEMU 7.2 has {@code cxl-type3} with a persistent
 * {@code memdev} only; {@code volatile-memdev} came with QEMU 8.0, so {@link #unsupportedReason}
 * probes the binary before anything is built on it.
 */
public final class CxlArguments {
    /** The property a volatile CXL memory device needs. */
    static final String VOLATILE_PROPERTY = "volatile-memdev";

    private CxlArguments() {
    }

    /** The machine option's addition: {@code cxl=on}. */
    public static String machineOption() {
        return "cxl=on";
    }

    /**
     * The arguments for one volatile device of {@code sizeBytes} behind one host bridge. The
     * fixed memory window must cover the device; a 4G window is the smallest QEMU takes
     * (256M granularity, at least 256M) with room for growth.
     */
    public static List<String> volatileDevice(long sizeBytes) {
        return List.of(
                "-object", "memory-backend-ram,id=cxl-vmem0,size=" + NumaArguments.qemuSize(sizeBytes),
                "-device", "pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1",
                "-device", "cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2",
                "-device", "cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-vmem0,id=cxl-vmem0-dev",
                "-M", "cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G");
    }

    /** Why the QEMU {@code launcher} runs cannot emulate a volatile CXL memory device, or empty if it can. */
    public static Optional<String> unsupportedReason(QemuLauncher launcher) {
        String help;
        try {
            help = launcher.query(List.of("-nodefaults", "-machine", "none", "-device", "cxl-type3,help"));
        } catch (InfrastructureException e) {
            return Optional.of(e.getMessage());
        }
        return unsupportedReasonFromHelp(help, launcher.binary());
    }

    /** The verdict on {@code -device cxl-type3,help} output. */
    static Optional<String> unsupportedReasonFromHelp(String help, String binary) {
        if (!help.contains("cxl-type3 options")) {
            return Optional.of(binary + " has no cxl-type3 device");
        }
        if (!help.contains(VOLATILE_PROPERTY)) {
            return Optional.of(binary + "'s cxl-type3 has no " + VOLATILE_PROPERTY
                    + " (only persistent memdev; volatile CXL memory needs QEMU 8.0 or later)");
        }
        return Optional.empty();
    }
}
