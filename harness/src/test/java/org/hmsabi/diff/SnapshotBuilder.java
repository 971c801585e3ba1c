package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.ValueClass;

/** Hand-made snapshots for diff tests: a small four-node machine, changed one path at a time. */
final class SnapshotBuilder {
    static final String NODE = "/sys/devices/system/node/";
    static final String TIERS = "/sys/devices/virtual/memory_tiering/";

    private final TreeMap<String, Entry> sysfs;
    private final TreeMap<String, Entry> procfs;
    private final List<SyscallRecord> syscalls;
    private Snapshot.KernelInfo kernel;
    private Snapshot.TopologyInfo topology;

    private SnapshotBuilder(Snapshot from) {
        sysfs = new TreeMap<>(from.sysfs());
        procfs = new TreeMap<>(from.procfs());
        syscalls = new ArrayList<>(from.syscalls());
        kernel = from.kernel();
        topology = from.topology();
    }

    /** Four nodes (0-1 with CPUs, 2-3 memory only), all in memory_tier4, one syscall case. */
    static SnapshotBuilder fourNodes() {
        Snapshot empty = new Snapshot(Snapshot.SCHEMA, new Snapshot.KernelInfo("6.1.0-56-amd64", "debian:6.1.0-56"),
                new Snapshot.TopologyInfo("four", "hash-four"), new TreeMap<>(), new TreeMap<>(), List.of());
        SnapshotBuilder builder = new SnapshotBuilder(empty);
        builder.file(NODE + "online", "0-3\n");
        for (int node = 0; node < 4; node++) {
            builder.dir(NODE + "node" + node);
            builder.file(NODE + "node" + node + "/distance", "10 20 20 20\n");
            builder.file(NODE + "node" + node + "/cpulist", node < 2 ? node + "\n" : "\n");
            builder.table(NODE + "node" + node + "/vmstat", Map.of("nr_free_pages", Cell.volatileOf("1234")));
        }
        builder.tier("memory_tier4", "0-3\n");
        builder.procfs("/proc/vmstat", table(Map.of("nr_free_pages", Cell.volatileOf("4321"))));
        builder.file("/sys/kernel/mm/numa/demotion_enabled", "false\n");
        builder.syscall(new SyscallRecord("mbind/BIND/memory-only-node", "mbind", new TreeMap<>(Map.of("mode", "MPOL_BIND")),
                0, null, List.of(2, 2)));
        return builder;
    }

    static SnapshotBuilder from(Snapshot snapshot) {
        return new SnapshotBuilder(snapshot);
    }

    SnapshotBuilder kernel(String release, String reference) {
        kernel = new Snapshot.KernelInfo(release, reference);
        return this;
    }

    SnapshotBuilder topologyHash(String hash) {
        topology = new Snapshot.TopologyInfo(topology.name(), hash);
        return this;
    }

    SnapshotBuilder file(String path, String value) {
        return entry(path, new Entry.File("0444", new Cell.Value(ValueClass.DETERMINISTIC, value)));
    }

    SnapshotBuilder volatileFile(String path, String value) {
        return entry(path, new Entry.File("0444", Cell.volatileOf(value)));
    }

    SnapshotBuilder dir(String path) {
        return entry(path, new Entry.Directory("0755"));
    }

    SnapshotBuilder table(String path, Map<String, Cell> rows) {
        return entry(path, table(rows));
    }

    /** A memory tier directory as the kernel shows it: nodelist, a power/ directory, a uevent. */
    SnapshotBuilder tier(String name, String nodelist) {
        dir(TIERS + name);
        file(TIERS + name + "/nodelist", nodelist);
        dir(TIERS + name + "/power");
        volatileFile(TIERS + name + "/power/runtime_active_time", "17");
        return file(TIERS + name + "/uevent", "");
    }

    SnapshotBuilder entry(String path, Entry entry) {
        sysfs.put(path, entry);
        return this;
    }

    SnapshotBuilder procfs(String path, Entry entry) {
        procfs.put(path, entry);
        return this;
    }

    /** Removes a path and everything below it. */
    SnapshotBuilder without(String path) {
        sysfs.keySet().removeIf(key -> AbiPath.isWithin(key, path));
        procfs.keySet().removeIf(key -> AbiPath.isWithin(key, path));
        return this;
    }

    SnapshotBuilder syscall(SyscallRecord record) {
        syscalls.removeIf(existing -> existing.id().equals(record.id()));
        syscalls.add(record);
        return this;
    }

    SnapshotBuilder withoutSyscall(String id) {
        syscalls.removeIf(existing -> existing.id().equals(id));
        return this;
    }

    Snapshot build() {
        return new Snapshot(Snapshot.SCHEMA, kernel, topology, new TreeMap<>(sysfs), new TreeMap<>(procfs), syscalls);
    }

    static Entry.Table table(Map<String, Cell> rows) {
        return new Entry.Table("0444", new TreeMap<>(rows));
    }

    /** The candidate side: the same machine booted on a newer kernel. */
    static SnapshotBuilder candidateOf(Snapshot baseline) {
        return from(baseline).kernel("6.12.117+deb12-amd64", "debian:6.12.117+deb12");
    }
}
