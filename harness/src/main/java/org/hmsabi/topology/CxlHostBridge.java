package org.hmsabi.topology;

import java.util.List;
import java.util.OptionalInt;

/**
 * A CXL memory expander behind one CXL host bridge: QEMU's {@code pxb-cxl} with one root port per
 * device, each holding a volatile {@code cxl-type3} memory device, and one fixed memory window
 * (the ACPI CEDT's CFMWS, QEMU's {@code cxl-fmw}) that routes to the bridge. The devices' memory is
 * not part of the boot memory: Linux sees it only once user space assembles a region from it
 * (Documentation/driver-api/cxl/), and the window's memory then becomes a NUMA node of its own.
 *
 * @param windowBytes       the size of the fixed memory window
 * @param genericPortNode   the node of the host bridge's ACPI generic port (SRAT Generic Port
 *                          Affinity, QEMU's {@code acpi-generic-port}): HMAT figures from the CPU
 *                          nodes to it are the host side of the path Linux adds the device's CDAT to
 * @param deviceBytes       the size of each volatile memory device, in root port order
 */
public record CxlHostBridge(long windowBytes, OptionalInt genericPortNode, List<Long> deviceBytes) {

    public CxlHostBridge {
        deviceBytes = List.copyOf(deviceBytes);
    }

    /** True when the host bridge's generic port is this node. */
    public boolean isGenericPort(int nodeId) {
        return genericPortNode.isPresent() && genericPortNode.getAsInt() == nodeId;
    }

    /** All device memory together. */
    public long totalDeviceBytes() {
        return deviceBytes.stream().mapToLong(Long::longValue).sum();
    }
}
