package org.hmsabi.hotplug;

import org.hmsabi.guest.Guest;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.topology.Topology;

/**
 * What a guest shows at one moment around a memory event: its ABI snapshot, and the node's
 * MemTotal, which the snapshot keeps only the format of (it is volatile from boot to boot).
 */
public record NodeState(Snapshot snapshot, int node, long memTotalBytes) {

    public static NodeState capture(Guest guest, Kernel kernel, Topology topology, int node) {
        Snapshot snapshot = Snapshots.capture(guest, kernel, topology);
        return new NodeState(snapshot, node, new GuestMemory(guest.session()).memTotalBytes(node));
    }
}
