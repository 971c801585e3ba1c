package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the topology a tree shows: node directories (whatever their numbering), CPU lists,
 * MemTotal, distance rows, access classes, memory-side caches and memory tiers. Trees from real
 * machines are messy, so every missing or malformed value is simply left out.
 */
public final class ObservedTopologyReader {
    private static final String NODE = "/sys/devices/system/node";
    private static final String TIERS = "/sys/devices/virtual/memory_tiering";
    private static final Pattern NUMBERED = Pattern.compile("([a-z_]+?)([0-9]+)");
    private static final Pattern KIB = Pattern.compile("([0-9]+)\\s*kB");

    private ObservedTopologyReader() {
    }

    public static ObservedTopology read(SysfsView view) {
        SortedSet<Integer> ids = numbered(view, NODE, "node");
        List<Integer> rowOrder = distanceColumns(view, ids);
        SortedMap<Integer, Integer> tiers = tiers(view);
        List<ObservedTopology.Node> nodes = new ArrayList<>();
        for (int id : ids) {
            String dir = NODE + "/node" + id;
            Cpus cpus = cpus(view, dir);
            nodes.add(new ObservedTopology.Node(id, new ArrayList<>(cpus.ids()), cpus.source(),
                    view.row(dir + "/meminfo", "MemTotal").map(KIB::matcher).filter(Matcher::matches)
                            .map(m -> OptionalLong.of(Long.parseLong(m.group(1)))).orElse(OptionalLong.empty()),
                    distances(view, dir + "/distance", rowOrder),
                    accessClasses(view, dir),
                    caches(view, dir + "/memory_side_cache"),
                    tiers.containsKey(id) ? OptionalInt.of(tiers.get(id)) : OptionalInt.empty()));
        }
        return new ObservedTopology(nodes);
    }

    private record Cpus(SortedSet<Integer> ids, CpuSource source) {
    }

    /** A node's CPUs from {@code cpulist}, or from {@code cpumap} where the tree has no readable cpulist. */
    private static Cpus cpus(SysfsView view, String dir) {
        Optional<SortedSet<Integer>> list = parsed(view, dir + "/" + CpuSource.CPULIST.fileName(), NodeLists::parse);
        if (list.isPresent()) {
            return new Cpus(list.get(), CpuSource.CPULIST);
        }
        return parsed(view, dir + "/" + CpuSource.CPUMAP.fileName(), NodeLists::parseMask)
                .map(ids -> new Cpus(ids, CpuSource.CPUMAP))
                .orElseGet(() -> new Cpus(new TreeSet<>(), CpuSource.NONE));
    }

    private static Optional<SortedSet<Integer>> parsed(SysfsView view, String path, Function<String, SortedSet<Integer>> parser) {
        try {
            return view.value(path).map(parser);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A distance row lists the online nodes in id order; a tree without a usable online mask
     * falls back to its node directories.
     */
    private static List<Integer> distanceColumns(SysfsView view, SortedSet<Integer> nodeDirectories) {
        SortedSet<Integer> online = list(view, NODE + "/online");
        return new ArrayList<>(online.isEmpty() ? nodeDirectories : online);
    }

    private static SortedMap<Integer, Integer> distances(SysfsView view, String path, List<Integer> columns) {
        SortedMap<Integer, Integer> distances = new TreeMap<>();
        view.value(path).ifPresent(row -> {
            String[] values = row.strip().split("\\s+");
            if (values.length != columns.size()) {
                return; // a row that does not fit the node list cannot be attributed honestly
            }
            for (int i = 0; i < values.length; i++) {
                try {
                    distances.put(columns.get(i), Integer.parseInt(values[i]));
                } catch (NumberFormatException e) {
                    distances.clear();
                    return;
                }
            }
        });
        return distances;
    }

    private static SortedMap<String, ObservedTopology.AccessClass> accessClasses(SysfsView view, String dir) {
        SortedMap<String, ObservedTopology.AccessClass> classes = new TreeMap<>(Comparator.comparingInt(ObservedTopologyReader::numberOf));
        for (int access : numbered(view, dir, "access")) {
            String base = dir + "/access" + access;
            String initiators = base + "/initiators";
            classes.put("access" + access, new ObservedTopology.AccessClass(
                    new ArrayList<>(numbered(view, initiators, "node")),
                    new ArrayList<>(numbered(view, base + "/targets", "node")),
                    number(view, initiators + "/read_latency"), number(view, initiators + "/write_latency"),
                    number(view, initiators + "/read_bandwidth"), number(view, initiators + "/write_bandwidth")));
        }
        return classes;
    }

    private static List<ObservedTopology.Cache> caches(SysfsView view, String dir) {
        List<ObservedTopology.Cache> caches = new ArrayList<>();
        for (int level : numbered(view, dir, "index")) {
            String index = dir + "/index" + level;
            caches.add(new ObservedTopology.Cache(level, number(view, index + "/size"), number(view, index + "/line_size"),
                    number(view, index + "/indexing"), number(view, index + "/write_policy")));
        }
        return caches;
    }

    /** Node id → tier number, for nodes listed by exactly one tier (a node in two is the checker's to report). */
    private static SortedMap<Integer, Integer> tiers(SysfsView view) {
        SortedMap<Integer, Integer> tierOf = new TreeMap<>();
        for (int tier : numbered(view, TIERS, "memory_tier")) {
            for (int node : list(view, TIERS + "/memory_tier" + tier + "/nodelist")) {
                tierOf.putIfAbsent(node, tier);
            }
        }
        return tierOf;
    }

    /** The numbers N of the children named prefix+N of a directory. */
    private static SortedSet<Integer> numbered(SysfsView view, String dir, String prefix) {
        SortedSet<Integer> numbers = new TreeSet<>();
        for (String name : view.children(dir)) {
            Matcher matcher = NUMBERED.matcher(name);
            if (matcher.matches() && matcher.group(1).equals(prefix) && matcher.group(2).length() < 10) {
                numbers.add(Integer.parseInt(matcher.group(2)));
            }
        }
        return numbers;
    }

    private static SortedSet<Integer> list(SysfsView view, String path) {
        return parsed(view, path, NodeLists::parse).orElseGet(TreeSet::new);
    }

    private static OptionalLong number(SysfsView view, String path) {
        try {
            return view.value(path).map(value -> OptionalLong.of(Long.parseLong(value.strip()))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static int numberOf(String name) {
        Matcher matcher = NUMBERED.matcher(name);
        return matcher.matches() ? Integer.parseInt(matcher.group(2)) : Integer.MAX_VALUE;
    }
}
