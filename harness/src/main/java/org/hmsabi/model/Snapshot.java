package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
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
        List<SyscallRecord> syscalls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WriteRecord> writes) {

    public static final String SCHEMA = "hmsabi-snapshot/1";

    /** The kernel's release string (uname -r) and the reference it was booted from. */
    public record KernelInfo(String release, String reference) {
    }

    /** The topology fixture's name and content hash. */
    public record TopologyInfo(String name, String hash) {
    }

    /** A snapshot without sysfs writes (what a plain capture and every golden file hold). */
    public Snapshot(String schema, KernelInfo kernel, TopologyInfo topology, SortedMap<String, Entry> sysfs,
                    SortedMap<String, Entry> procfs, List<SyscallRecord> syscalls) {
        this(schema, kernel, topology, sysfs, procfs, syscalls, List.of());
    }

    /** {@code writes} absent (every snapshot written before writes were recorded) is none. */
    @JsonCreator
    public Snapshot {
        syscalls = List.copyOf(syscalls);
        writes = writes == null ? List.of() : List.copyOf(writes);
    }

    /** The same snapshot with these write records. */
    public Snapshot withWrites(List<WriteRecord> records) {
        return new Snapshot(schema, kernel, topology, sysfs, procfs, syscalls, records);
    }
}
