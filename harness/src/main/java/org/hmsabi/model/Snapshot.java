package org.hmsabi.model;

import java.util.List;
import java.util.SortedMap;

/**
 * The observed heterogeneous-memory ABI of one kernel on one topology (docs/formats.md,
 * "Snapshots and golden files"). Written canonically by {@link SnapshotFiles}.
 */
public record Snapshot(
        String schema,
        KernelInfo kernel,
        TopologyInfo topology,
        SortedMap<String, Entry> sysfs,
        SortedMap<String, Entry> procfs,
        List<SyscallRecord> syscalls) {

    public static final String SCHEMA = "hmsabi-snapshot/1";

    /** The kernel's release string (uname -r) and the reference it was booted from. */
    public record KernelInfo(String release, String reference) {
    }

    /** The topology fixture's name and content hash. */
    public record TopologyInfo(String name, String hash) {
    }

    public Snapshot {
        syscalls = List.copyOf(syscalls);
    }
}
