package org.hmsabi.driver;

import java.util.List;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.snapshot.Snapshot;
import org.hmsabi.topology.Topology;

/**
 * What a {@link DriverCheck} gets to judge the memory the modules added: the guest, still
 * running, and the snapshots from before loading and after the new memory came online.
 */
public record DriverEvidence(AgentSession session, Kernel kernel, Topology topology, Snapshot before, Snapshot after,
                             List<AddedNode> added) {

    public DriverEvidence {
        added = List.copyOf(added);
    }
}
