package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonValue;

/** The memory devices QEMU 7.2 can hot-plug into a NUMA node on q35. */
public enum HotPlugDeviceKind {
    /** An ACPI memory DIMM ({@code -device pc-dimm}); takes one of the {@code slots}. */
    DIMM("dimm"),
    /** A paravirtualized memory device ({@code -device virtio-mem-pci}); needs no slot. */
    VIRTIO_MEM("virtio-mem");

    private final String fixtureName;

    HotPlugDeviceKind(String fixtureName) {
        this.fixtureName = fixtureName;
    }

    /** The spelling used in fixtures. */
    @JsonValue
    public String fixtureName() {
        return fixtureName;
    }
}
