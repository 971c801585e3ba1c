package org.hmsabi.hotplug;

import org.hmsabi.topology.Quantities;

/**
 * One change to a running guest's memory, made from the host over QMP. Adds bring memory to a
 * node; removes take it away again. Each names the QOM device it acts on.
 */
public sealed interface MemoryEvent {

    /** The node whose memory changes. */
    int node();

    /** The memory the event adds (negative: removes). */
    long deltaBytes();

    /** How reports name the event, e.g. {@code dimm0 add 256M to node 3}. */
    String describe();

    /** {@code object-add} a RAM backend and {@code device_add} a pc-dimm on it. */
    record DimmAdd(String id, int node, long sizeBytes) implements MemoryEvent {
        public long deltaBytes() {
            return sizeBytes;
        }

        public String describe() {
            return id + " add " + Quantities.formatBytes(sizeBytes) + " to node " + node;
        }

        public DimmRemove undo() {
            return new DimmRemove(id, node, sizeBytes);
        }
    }

    /** {@code device_del} the pc-dimm (the guest ejects it), then {@code object-del} its backend. */
    record DimmRemove(String id, int node, long sizeBytes) implements MemoryEvent {
        public long deltaBytes() {
            return -sizeBytes;
        }

        public String describe() {
            return id + " remove " + Quantities.formatBytes(sizeBytes) + " from node " + node;
        }
    }

    /** {@code qom-set requested-size} on a cold-plugged virtio-mem device; the guest driver plugs or unplugs. */
    record VirtioMemResize(String id, int node, long fromBytes, long toBytes) implements MemoryEvent {
        public long deltaBytes() {
            return toBytes - fromBytes;
        }

        public String describe() {
            return id + " resize " + Quantities.formatBytes(fromBytes) + " -> " + Quantities.formatBytes(toBytes) + " on node " + node;
        }

        public VirtioMemResize undo() {
            return new VirtioMemResize(id, node, toBytes, fromBytes);
        }
    }
}
