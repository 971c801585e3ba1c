package org.hmsabi.driver;

import java.util.List;
import java.util.Map;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.topology.Topology;

/**
 * What a {@link DriverCheck} gets to judge the memory the modules added: the guest, still
 * running, the snapshots from before loading and after the new memory came online, and each
 * memory node's MemTotal before loading (the snapshot keeps only its format; it is volatile).
 */
public record DriverEvidence(AgentSession session, Kernel kernel, Topology topology, Snapshot before, Snapshot after,
                             List<AddedNode> added, Map<Integer, Long> memTotalBytesBefore) {

    public DriverEvidence {
        added = List.copyOf(added);
        memTotalBytesBefore = Map.copyOf(memTotalBytesBefore);
    }
}
