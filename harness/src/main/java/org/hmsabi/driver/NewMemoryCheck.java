package org.hmsabi.driver;

import java.util.ArrayList;
import java.util.List;
import org.hmsabi.hotplug.EventDiff;
import org.hmsabi.hotplug.GuestMemory;
import org.hmsabi.hotplug.NewMemoryChecks;
import org.hmsabi.hotplug.NodeState;
import org.hmsabi.check.CheckResult;
import org.hmsabi.model.Snapshot;

/**
 * The hot-plug suite's post-event checks (node masks, MemTotal growth, memory blocks, tier,
 * access classes against the fixture, BIND and move_pages to the node, and a before/after diff
 * that may touch only the node's own entries) run on each node the vendor's modules gave memory:
 * memory a driver adds must look to user space exactly like memory the platform hot-plugs. Once
 * the modules are unloaded, the tree must be the one from before they loaded.
 */
public final class NewMemoryCheck implements DriverCheck {

    private final EventDiff eventDiff;

    public NewMemoryCheck(EventDiff eventDiff) {
        this.eventDiff = eventDiff;
    }

    @Override
    public List<CheckResult> check(DriverEvidence evidence) {
        List<CheckResult> results = new ArrayList<>();
        GuestMemory memory = new GuestMemory(evidence.session());
        for (AddedNode node : evidence.added()) {
            NodeState before = new NodeState(evidence.before(), node.id(),
                    evidence.memTotalBytesBefore().getOrDefault(node.id(), 0L));
            NodeState after = new NodeState(evidence.after(), node.id(), memory.memTotalBytes(node.id()));
            results.addAll(NewMemoryChecks.run("node " + node.id() + " after loading", evidence.session(), evidence.topology(),
                    node.id(), node.sizeBytes(), before, after, eventDiff));
        }
        return results;
    }

    /** Unloading must leave the tree exactly as it was before loading (known kernel behaviour aside, waived and shown). */
    @Override
    public List<CheckResult> afterUnload(DriverEvidence evidence, Snapshot afterUnload) {
        int anyNode = evidence.added().isEmpty() ? 0 : evidence.added().get(0).id();
        return List.of(NewMemoryChecks.backToBefore("after unloading", evidence.topology(), new NodeState(evidence.before(), anyNode, 0),
                new NodeState(afterUnload, anyNode, 0), eventDiff));
    }
}
