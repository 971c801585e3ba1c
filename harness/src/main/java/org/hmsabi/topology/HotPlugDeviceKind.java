package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonValue;

/** The memory devices QEMU 7.2 can hot-plug into a NUMA node on q35. */
public enum HotPlugDeviceKind {
    /** An ACPI memory DIMM ({@code -device pc-dimm}); takes one of the {@code slots}. */
    DIMM("dimm"),
    /** A paravirtualized memory device ({@code -device virtio-mem-pci}); needs no slot. */
    VIRTIO_MEM("virtio-mem"),
    /**
     * RAM behind a PCI BAR that a device driver adds to the node ({@code -device ivshmem-plain}
     * with a RAM backend): present from boot as a PCI device, not in the hot-plug address space,
     * so it needs no slot and no maxmem room. The example driver in vm-images/example-driver/
     * hot-adds it with add_memory_driver_managed().
     */
    DEVICE_MEMORY("device-memory");

    private final String fixtureName;

    HotPlugDeviceKind(String fixtureName) {
        this.fixtureName = fixtureName;
    }

    /** Whether the device's memory comes out of the room {@code maxmem} leaves above the boot memory. */
    public boolean usesMaxmemRoom() {
        return this != DEVICE_MEMORY;
    }

    /**
     * Whether the host adds this memory itself over QMP (the hot-plug suite's events); device
     * memory instead waits for a guest driver to add it (validate-driver).
     */
    public boolean pluggedByHost() {
        return this != DEVICE_MEMORY;
    }

    /** The spelling used in fixtures. */
    @JsonValue
    public String fixtureName() {
        return fixtureName;
    }
}
