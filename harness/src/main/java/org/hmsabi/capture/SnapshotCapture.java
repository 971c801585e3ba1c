package org.hmsabi.capture;

import org.hmsabi.model.Entry;
import org.hmsabi.model.EntryClassifier;
import org.hmsabi.model.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.AgentRequest;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.spec.AbiSpec;

/**
 * Reads the heterogeneous-memory interface of a booted guest in one batch of agent requests and
 * turns the replies into a {@link Snapshot}, classifying each value by the spec.
 */
public final class SnapshotCapture {
    /** Directory trees captured whole (missing ones, e.g. mempolicy on 6.1, are simply absent). */
    public static final List<String> SYSFS_TREES = List.of(
            "/sys/devices/system/node",
            "/sys/devices/virtual/memory_tiering",
            "/sys/kernel/mm/mempolicy",
            "/sys/kernel/mm/numa");
    /** Single sysfs files outside those trees. */
    public static final List<String> SYSFS_FILES = List.of(
            "/sys/devices/system/memory/block_size_bytes",
            "/sys/devices/system/memory/auto_online_blocks");
    public static final List<String> PROCFS_FILES = List.of(
            "/proc/sys/kernel/numa_balancing",
            "/proc/zoneinfo",
            "/proc/vmstat");

    private static final Duration CAPTURE_TIMEOUT = Duration.ofSeconds(120);

    private final EntryClassifier classifier;

    public SnapshotCapture(AbiSpec spec) {
        this.classifier = new EntryClassifier(spec);
    }

    public Snapshot capture(AgentSession session, Snapshot.KernelInfo kernel, Snapshot.TopologyInfo topology) {
        List<AgentRequest> requests = new ArrayList<>();
        SYSFS_TREES.forEach(tree -> requests.add(session.request("tree", tree)));
        SYSFS_FILES.forEach(file -> requests.add(session.request("read", file)));
        PROCFS_FILES.forEach(file -> requests.add(session.request("read", file)));
        List<List<AgentReply>> replies = session.call(requests, CAPTURE_TIMEOUT);

        SortedMap<String, Entry> sysfs = new TreeMap<>();
        SortedMap<String, Entry> procfs = new TreeMap<>();
        for (List<AgentReply> perRequest : replies) {
            for (AgentReply reply : perRequest) {
                if (!(reply instanceof AgentReply.PathReply file) || file.path().isEmpty()) {
                    continue;
                }
                if (file instanceof AgentReply.Read && file.error().filter("ENOENT"::equals).isPresent()) {
                    continue; // absent files are recorded by their absence
                }
                String path = file.path();
                (path.startsWith("/proc/") ? procfs : sysfs).put(path, entryOf(path, file));
            }
        }
        return new Snapshot(Snapshot.SCHEMA, kernel, topology, sysfs, procfs, List.of());
    }

    /** One agent reply (an entry of a tree, or a read) as a snapshot entry. */
    public Entry entryOf(String path, AgentReply.PathReply reply) {
        String mode = reply.mode();
        String type = reply.type();
        if (type.equals("link")) {
            return new Entry.Link(reply.target().orElse(""));
        }
        if (type.equals("dir")) {
            return new Entry.Directory(mode);
        }
        if (reply.error().isPresent()) {
            return new Entry.Unreadable(mode, reply.error().get());
        }
        if (reply.value().isEmpty()) {
            return new Entry.WriteOnly(mode);
        }
        return classifier.fileEntry(path, mode, reply.value().get());
    }
}
