package org.hmsabi.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A captured tree written by hand, as a real machine's would look: node ids as given (gaps
 * allowed), CPU nodes first, memory-only nodes with HMAT access0 from their initiator, one
 * memory tier per kind, a write-only compact file per node, and the kernel's osrelease.
 */
public final class SyntheticTree {
    private static final String NODE = "sys/devices/system/node";

    private SyntheticTree() {
    }

    /** @param ids node ids; the first {@code cpuNodes} have two CPUs each, the rest are memory-only behind the first */
    public static Path write(Path root, List<Integer> ids, int cpuNodes, String release) {
        String all = org.hmsabi.topology.NodeLists.format(ids);
        List<Integer> cpus = ids.subList(0, cpuNodes);
        List<Integer> memoryOnly = ids.subList(cpuNodes, ids.size());
        file(root, NODE + "/online", all);
        file(root, NODE + "/possible", all);
        file(root, NODE + "/has_cpu", org.hmsabi.topology.NodeLists.format(cpus));
        file(root, NODE + "/has_memory", all);
        file(root, NODE + "/has_normal_memory", all);
        file(root, NODE + "/has_generic_initiator", "");
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            String dir = NODE + "/node" + id;
            boolean withCpus = i < cpuNodes;
            file(root, dir + "/cpulist", withCpus ? (2 * i) + "-" + (2 * i + 1) : "");
            file(root, dir + "/cpumap", withCpus ? Long.toHexString(3L << (2 * i) & 0xffffffffL) : "0");
            int self = i;
            file(root, dir + "/distance", IntStream.range(0, ids.size())
                    .mapToObj(j -> String.valueOf(j == self ? 10 : (withCpus && j < cpuNodes) || (!withCpus && j >= cpuNodes) ? 20 : 30))
                    .collect(Collectors.joining(" ")));
            file(root, dir + "/meminfo", "Node " + id + " MemTotal:       524288 kB\nNode " + id + " MemFree:        400000 kB\nNode "
                    + id + " HugePages_Total:     0\n");
            file(root, dir + "/numastat", "numa_hit 1\nnuma_miss 0\n");
            file(root, dir + "/vmstat", "nr_free_pages 100\n");
            writeOnly(root, dir + "/compact");
            if (withCpus) {
                link(root, dir + "/cpu" + (2 * i), "../../cpu/cpu" + (2 * i));
                access(root, dir + "/access0", List.of(id), List.of(id));
            }
            if (!withCpus) {
                int initiator = cpus.get(0);
                access(root, dir + "/access0", List.of(initiator), List.of());
                link(root, NODE + "/node" + initiator + "/access0/targets/node" + id, "../../../node" + id);
            }
        }
        file(root, "sys/devices/virtual/memory_tiering/memory_tier4/nodelist", org.hmsabi.topology.NodeLists.format(cpus));
        if (!memoryOnly.isEmpty()) {
            file(root, "sys/devices/virtual/memory_tiering/memory_tier22/nodelist", org.hmsabi.topology.NodeLists.format(memoryOnly));
        }
        file(root, "sys/kernel/mm/numa/demotion_enabled", "false");
        for (int id : ids) {
            file(root, "sys/kernel/mm/mempolicy/weighted_interleave/node" + id, "1");
        }
        file(root, "sys/devices/system/memory/block_size_bytes", "8000000");
        file(root, "sys/devices/system/memory/auto_online_blocks", "online");
        file(root, "proc/sys/kernel/numa_balancing", "1");
        file(root, "proc/sys/kernel/osrelease", release);
        file(root, "proc/vmstat", "nr_free_pages 100\nnr_zone_inactive_anon 3\n");
        file(root, "proc/zoneinfo", "Node 0, zone      DMA\n  pages free     3\n        present  3998\n");
        return root;
    }

    private static void access(Path root, String dir, List<Integer> initiators, List<Integer> targets) {
        file(root, dir + "/initiators/read_latency", "120");
        file(root, dir + "/initiators/write_latency", "120");
        file(root, dir + "/initiators/read_bandwidth", "81920");
        file(root, dir + "/initiators/write_bandwidth", "81920");
        initiators.forEach(id -> link(root, dir + "/initiators/node" + id, "../../../node" + id));
        targets.forEach(id -> link(root, dir + "/targets/node" + id, "../../../node" + id));
        mkdir(root, dir + "/targets");
    }

    static void file(Path root, String path, String value) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, value + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeOnly(Path root, String path) {
        file(root, path, "");
        try {
            Files.setPosixFilePermissions(root.resolve(path), PosixFilePermissions.fromString("-w-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void link(Path root, String path, String target) {
        try {
            Path link = root.resolve(path);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdir(Path root, String path) {
        try {
            Files.createDirectories(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
