package org.hmsabi.qemu;

import java.util.ArrayList;
import java.util.List;
import org.hmsabi.topology.CxlHostBridge;

/**
 * A CXL type-3 volatile memory device on q35: a {@code pxb-cxl} host bridge, a {@code cxl-rp}
 * root port, the {@code cxl-type3} device with a {@code volatile-memdev}, and a fixed memory
 * window that routes to the bridge. QEMU 7.2 has {@code cxl-type3} with a persistent
 * {@code memdev} only; {@code volatile-memdev} came with QEMU 8.0, which {@link QemuRequirements}
 * requires of a fixture with a {@code cxl:} section before anything boots.
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
     * The performance QEMU's {@code cxl-type3} reports for its memory in its CDAT (one DSLBIS per
     * data type, hw/mem/cxl_type3.c {@code ct3_build_cdat_entries_for_mr}, the same from QEMU 8.0
     * to 10.0): read latency 15 x 10 ns, write latency 25 x 10 ns, bandwidth 16 x 1000 MB/s.
     * Linux adds the latencies to the generic port's (drivers/cxl/core/cdat.c).
     */
    public static final long TYPE3_CDAT_READ_LATENCY_NS = 150;
    /** See {@link #TYPE3_CDAT_READ_LATENCY_NS}. */
    public static final long TYPE3_CDAT_WRITE_LATENCY_NS = 250;

    /** The QOM id of the host bridge, which the fixed memory window and the generic port name. */
    public static final String HOST_BRIDGE_ID = "cxl.1";

    /**
     * The arguments of a fixture's CXL host bridge, after the NUMA arguments: {@code cxl=on} on the
     * machine (QEMU merges repeated {@code -M} options), a CPU without the hypervisor CPUID bit,
     * per device a RAM backend, a {@code cxl-rp} root port and a volatile {@code cxl-type3}, the
     * bridge's generic port if the fixture gives one, and the fixed memory window.
     *
     * <p>The CPU: Linux commits a CXL region only where it can invalidate CPU caches for the new
     * physical address range, and it says it cannot in any virtual machine
     * (arch/x86/mm/pat/set_memory.c {@code cpu_cache_has_invalidate_memregion}: false when
     * X86_FEATURE_HYPERVISOR is set); drivers/cxl/core/region.c {@code cxl_region_invalidate_memregion}
     * then warns "Failed to synchronize CPU cache state" and the commit fails with ENXIO (seen on
     * 6.12.117 and 7.3.4 under QEMU 10.0 TCG with {@code -cpu max}). A real CXL host is no virtual
     * machine, so the guest is not told it is one; a later {@code -cpu} replaces QEMU's earlier one, so
     * it repeats the rest of the model a QEMU of 9.0 or later gets ({@link QemuCommand#cpuModelFor}).
     * TCG executes the cache write-back ({@code wbinvd}) as a no-op.
     */
    public static List<String> forHostBridge(CxlHostBridge bridge) {
        List<String> args = new ArrayList<>(List.of("-M", machineOption(), "-cpu", "max,hypervisor=off"));
        for (int i = 0; i < bridge.deviceBytes().size(); i++) {
            args.addAll(List.of("-object", "memory-backend-ram,id=" + deviceBackendId(i) + ",size="
                    + NumaArguments.qemuSize(bridge.deviceBytes().get(i))));
        }
        args.addAll(List.of("-device", "pxb-cxl,bus_nr=12,bus=pcie.0,id=" + HOST_BRIDGE_ID));
        for (int i = 0; i < bridge.deviceBytes().size(); i++) {
            args.addAll(List.of(
                    "-device", "cxl-rp,port=" + i + ",bus=" + HOST_BRIDGE_ID + ",id=cxl-rp" + i + ",chassis=0,slot=" + (i + 2),
                    "-device", "cxl-type3,bus=cxl-rp" + i + "," + VOLATILE_PROPERTY + "=" + deviceBackendId(i)
                            + ",id=" + deviceBackendId(i) + "-dev"));
        }
        bridge.genericPortNode().ifPresent(node -> args.addAll(List.of(
                "-object", "acpi-generic-port,id=gp0,pci-bus=" + HOST_BRIDGE_ID + ",node=" + node)));
        args.addAll(List.of("-M", "cxl-fmw.0.targets.0=" + HOST_BRIDGE_ID + ",cxl-fmw.0.size="
                + NumaArguments.qemuSize(bridge.windowBytes())));
        return List.copyOf(args);
    }

    /** The RAM backend of the {@code index}-th device, e.g. {@code cxl-mem0}. */
    public static String deviceBackendId(int index) {
        return "cxl-mem" + index;
    }
}
