package org.hmsabi.topology;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** {@code hmsabi topology --format text}: one line per node, then its access classes and caches indented. */
public final class ObservedTopologyText {
    private ObservedTopologyText() {
    }

    public static String render(ObservedTopology topology) {
        StringBuilder text = new StringBuilder();
        long cpuNodes = topology.nodes().stream().filter(ObservedTopology.Node::hasCpus).count();
        text.append(topology.nodes().size()).append(" nodes, ").append(cpuNodes).append(" with CPUs, ")
                .append(topology.nodes().size() - cpuNodes).append(" memory-only\n");
        text.append(String.format("%-6s %-10s %-14s %-12s %-5s %s%n", "node", "kind", "cpus", "memory", "tier", "distances"));
        for (ObservedTopology.Node node : topology.nodes()) {
            text.append(String.format("%-6d %-10s %-14s %-12s %-5s %s%n", node.id(), node.hasCpus() ? "cpu" : "memory-only",
                    node.cpus().isEmpty() ? "-" : NodeLists.format(node.cpus()),
                    node.memTotalKiB().isPresent() ? mebibytes(node.memTotalKiB().getAsLong()) : "?",
                    node.tier().isPresent() ? String.valueOf(node.tier().getAsInt()) : "-",
                    node.distances().values().stream().map(String::valueOf).collect(Collectors.joining(" "))));
            node.access().forEach((name, access) -> text.append(String.format(
                    "       %s: initiators %s, targets %s, read %s ns / %s MB/s, write %s ns / %s MB/s%n", name,
                    list(access.initiators()), list(access.targets()), value(access.readLatencyNs()),
                    value(access.readBandwidthMBps()), value(access.writeLatencyNs()), value(access.writeBandwidthMBps()))));
            node.caches().forEach(cache -> text.append(String.format(
                    "       cache L%d: %s bytes, line %s, indexing %s, write policy %s%n", cache.level(), value(cache.sizeBytes()),
                    value(cache.lineBytes()), value(cache.indexing()), value(cache.writePolicy()))));
        }
        List<Integer> fromMask = topology.nodes().stream().filter(node -> node.cpusFrom() == CpuSource.CPUMAP)
                .map(ObservedTopology.Node::id).toList();
        if (!fromMask.isEmpty()) {
            text.append("CPUs of node").append(fromMask.size() == 1 ? " " : "s ").append(NodeLists.format(fromMask))
                    .append(" read from cpumap: the tree has no readable cpulist there\n");
        }
        return text.toString();
    }

    private static String list(List<Integer> ids) {
        return ids.isEmpty() ? "-" : NodeLists.format(ids);
    }

    private static String value(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "?";
    }

    private static String mebibytes(long kib) {
        return (kib / 1024) + " MiB";
    }
}
