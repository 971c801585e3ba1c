package org.hmsabi.topology;

import java.util.List;

/**
 * Room for memory hot-plug: QEMU's {@code -m ...,slots=N,maxmem=SIZE} and the devices the
 * fixture intends to plug later.
 *
 * @param slots          DIMM slots (virtio-mem devices do not use one)
 * @param maxMemoryBytes boot memory plus the address space reserved for hot-plugged memory
 * @param devices        the devices to plug, in fixture order
 */
public record MemoryHotPlug(int slots, long maxMemoryBytes, List<HotPlugDevice> devices) {

    public MemoryHotPlug {
        devices = List.copyOf(devices);
    }

    /** The devices of one kind. */
    public List<HotPlugDevice> devices(HotPlugDeviceKind kind) {
        return devices.stream().filter(device -> device.kind() == kind).toList();
    }

    /** The devices the host plugs over QMP (the hot-plug suite's events), in fixture order. */
    public List<HotPlugDevice> hostPlugged() {
        return devices.stream().filter(device -> device.kind().pluggedByHost()).toList();
    }

    /** The memory all declared devices add together in the hot-plug room (device memory sits in a PCI BAR instead). */
    public long deviceBytes() {
        return devices.stream().filter(device -> device.kind().usesMaxmemRoom()).mapToLong(HotPlugDevice::sizeBytes).sum();
    }
}
