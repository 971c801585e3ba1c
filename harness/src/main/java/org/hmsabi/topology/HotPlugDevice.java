package org.hmsabi.topology;

import java.util.Objects;

/**
 * A memory device the fixture declares for hot-plug into a node.
 *
 * @param kind      pc-dimm or virtio-mem
 * @param node      the node the memory joins
 * @param sizeBytes the device's memory (for virtio-mem, its maximum)
 */
public record HotPlugDevice(HotPlugDeviceKind kind, int node, long sizeBytes) {

    public HotPlugDevice {
        Objects.requireNonNull(kind, "kind");
    }

    /** How messages name this device, e.g. {@code hotplug dimm for node 2}. */
    public String describe() {
        return "hotplug " + kind.fixtureName() + " for node " + node;
    }
}
