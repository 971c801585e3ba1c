package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Turns a parsed fixture document into a {@link Topology}: expands node ranges, fills in
 * defaults, builds the distance table from a matrix or from pairs, and checks what only the
 * document can show (both distance forms at once, a pair given twice, declared totals that do
 * not add up, an explicit zero size). Everything about the machine itself is left to
 * {@link TopologyValidator}.
 */
final class TopologyAssembler {


    private final Problems problems;

    TopologyAssembler(Problems problems) {
        this.problems = problems;
    }

    /** The topology, or empty if the document itself has problems (then recorded). */
    Optional<Topology> assemble(TopologyDocument document, String fileName) {
        String name = name(document, fileName);
        List<NumaNode> nodes = nodes(document);
        checkDeclaredTotals(document, nodes);
        DistanceMatrix distances = distances(document.distances(), nodes);
        List<HmatEntry> hmat = hmat(document.hmat());
        List<MemorySideCache> caches = caches(document.caches());
        Optional<MemoryHotPlug> hotPlug = Optional.ofNullable(document.hotplug()).map(this::hotPlug);
        List<GenericInitiator> genericInitiators = genericInitiators(document.genericInitiators());
        Optional<CxlHostBridge> cxl = Optional.ofNullable(document.cxl()).map(this::cxl);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Topology(name, Objects.requireNonNullElse(document.description(), "").strip(),
                nodes, distances, hmat, caches, hotPlug, genericInitiators, cxl));
    }

    private CxlHostBridge cxl(TopologyDocument.CxlDocument document) {
        List<Long> sizes = new ArrayList<>();
        for (TopologyDocument.CxlDeviceDocument device : document.devices()) {
            if (device == null) {
                problems.add("cxl.devices has an empty entry; remove it or give it a 'size:'");
                continue;
            }
            sizes.add(device.size().bytes());
        }
        return new CxlHostBridge(document.window().bytes(),
                document.genericPort() == null ? OptionalInt.empty() : OptionalInt.of(document.genericPort()), sizes);
    }

    private List<GenericInitiator> genericInitiators(List<TopologyDocument.GenericInitiatorDocument> documents) {
        List<GenericInitiator> initiators = new ArrayList<>();
        for (TopologyDocument.GenericInitiatorDocument document : Objects.requireNonNullElse(documents,
                List.<TopologyDocument.GenericInitiatorDocument>of())) {
            if (document == null) {
                problems.add("generic-initiators has an empty entry; remove it or give it a 'node:'");
                continue;
            }
            initiators.add(new GenericInitiator(document.node()));
        }
        return initiators;
    }

    private String name(TopologyDocument document, String fileName) {
        if (document.name() == null) {
            return fileName;
        }
        if (!TopologyLoader.isFixtureName(document.name())) {
            problems.add("name '" + document.name() + "' is not a fixture name; use lower-case letters, digits and '-'");
        } else if (!document.name().equals(fileName)) {
            problems.add("name '" + document.name() + "' differs from the file name '" + fileName
                    + ".yaml'; rename one so that they agree, or drop 'name:'");
        }
        return document.name();
    }

    private List<NumaNode> nodes(TopologyDocument document) {
        List<NumaNode> nodes = new ArrayList<>();
        for (TopologyDocument.NodeDocument entry : document.nodes()) {
            if (entry == null) {
                problems.add("nodes has an empty entry; remove it or give it an 'id:'");
                continue;
            }
            if (entry.memory() != null && entry.memory().bytes() == 0) {
                problems.add("node " + entry.id().describe() + " has 'memory: 0'; leave 'memory:' out for a node"
                        + " without memory");
            }
            int cpus = Objects.requireNonNullElse(entry.cpus(), 0);
            long memory = entry.memory() == null ? 0 : entry.memory().bytes();
            OptionalInt initiator = entry.initiator() == null ? OptionalInt.empty() : OptionalInt.of(entry.initiator());
            for (int id : entry.id().ids()) {
                nodes.add(new NumaNode(id, cpus, memory, initiator));
            }
        }
        return nodes;
    }

    private void checkDeclaredTotals(TopologyDocument document, List<NumaNode> nodes) {
        int cpus = nodes.stream().mapToInt(NumaNode::cpus).sum();
        if (document.cpus() != null && document.cpus() != cpus) {
            problems.add("declares 'cpus: " + document.cpus() + "' but its nodes have " + cpus
                    + " vCPUs together; correct 'cpus:' or the nodes' 'cpus:'");
        }
        long memory = nodes.stream().mapToLong(NumaNode::memoryBytes).sum();
        if (document.memory() != null && document.memory().bytes() != memory) {
            problems.add("declares 'memory: " + ByteSize.format(document.memory().bytes()) + "' but its nodes have "
                    + ByteSize.format(memory) + " together; correct 'memory:' or the nodes' 'memory:'");
        }
    }

    private DistanceMatrix distances(TopologyDocument.DistancesDocument document, List<NumaNode> nodes) {
        int size = nodes.size();
        boolean idsContiguous = nodes.stream().mapToInt(NumaNode::id).sorted().boxed().toList()
                .equals(IntStream.range(0, size).boxed().toList());
        if (document == null || !idsContiguous) {
            // With unusable ids the validator reports the ids and the table is never looked at.
            return DistanceMatrix.defaults(size);
        }
        boolean asymmetric = Boolean.TRUE.equals(document.asymmetric());
        if (document.matrix() != null && document.pairs() != null) {
            problems.add("distances has both 'matrix' and 'pairs'; keep one of them");
            return DistanceMatrix.defaults(size);
        }
        if (document.matrix() != null) {
            return matrix(document.matrix(), size, asymmetric);
        }
        if (document.pairs() != null) {
            return new DistancePairs(problems, size, asymmetric).table(document.pairs());
        }
        return new DistanceMatrix(DistanceMatrix.defaults(size).rows(), asymmetric);
    }

    private DistanceMatrix matrix(List<List<Integer>> rows, int size, boolean asymmetric) {
        boolean wellFormed = rows.size() == size
                && rows.stream().allMatch(row -> row != null && row.size() == size && !row.contains(null));
        if (!wellFormed) {
            problems.add("distances.matrix is not " + size + "x" + size + "; write one row of " + size
                    + " distances per node, in node id order");
            return DistanceMatrix.defaults(size);
        }
        return new DistanceMatrix(rows, asymmetric);
    }

    private List<HmatEntry> hmat(List<TopologyDocument.HmatDocument> documents) {
        List<HmatEntry> entries = new ArrayList<>();
        if (documents == null) {
            return entries;
        }
        for (TopologyDocument.HmatDocument document : documents) {
            Optional<HmatPerformance> performance = performance(document);
            if (performance.isEmpty()) {
                continue;
            }
            MemoryHierarchy hierarchy = Objects.requireNonNullElse(document.hierarchy(), MemoryHierarchy.MEMORY);
            for (int initiator : document.initiator().ids()) {
                for (int target : document.target().ids()) {
                    entries.add(new HmatEntry(initiator, target, hierarchy, performance.get()));
                }
            }
        }
        return entries;
    }

    private Optional<HmatPerformance> performance(TopologyDocument.HmatDocument document) {
        String entry = "hmat entry initiator " + document.initiator().describe() + " -> target "
                + document.target().describe();
        boolean access = document.latency() != null || document.bandwidth() != null;
        boolean readWrite = document.read() != null || document.write() != null;
        if (access && readWrite) {
            problems.add(entry + " gives both latency/bandwidth and read/write; keep one form");
        } else if (access) {
            if (document.latency() == null || document.bandwidth() == null) {
                problems.add(entry + " needs both 'latency:' and 'bandwidth:'; add the missing one");
            } else {
                return Optional.of(new HmatPerformance.Access(
                        new HmatMeasurement(document.latency().nanoseconds(), document.bandwidth().mebibytesPerSecond())));
            }
        } else if (readWrite) {
            if (document.read() == null || document.write() == null) {
                problems.add(entry + " needs both 'read:' and 'write:'; add the missing one");
            } else {
                return Optional.of(new HmatPerformance.ReadWrite(measurement(document.read()), measurement(document.write())));
            }
        } else {
            problems.add(entry + " has no figures; add 'latency:' and 'bandwidth:' (or 'read:' and 'write:')");
        }
        return Optional.empty();
    }

    private static HmatMeasurement measurement(TopologyDocument.MeasurementDocument document) {
        return new HmatMeasurement(document.latency().nanoseconds(), document.bandwidth().mebibytesPerSecond());
    }

    private List<MemorySideCache> caches(List<TopologyDocument.CacheDocument> documents) {
        List<MemorySideCache> caches = new ArrayList<>();
        if (documents == null) {
            return caches;
        }
        for (TopologyDocument.CacheDocument document : documents) {
            for (int node : document.node().ids()) {
                caches.add(new MemorySideCache(node, document.level(), document.size().bytes(),
                        document.associativity(), document.policy(), document.line()));
            }
        }
        return caches;
    }

    private MemoryHotPlug hotPlug(TopologyDocument.HotPlugDocument document) {
        List<HotPlugDevice> devices = new ArrayList<>();
        if (document.devices() != null) {
            for (TopologyDocument.DeviceDocument device : document.devices()) {
                devices.add(new HotPlugDevice(device.type(), device.node(), device.size().bytes()));
            }
        }
        return new MemoryHotPlug(Objects.requireNonNullElse(document.slots(), 0), document.maxmem().bytes(), devices);
    }

    /** Builds the table from {@code pairs}, catching pairs that are local, unknown or given twice. */
    private static final class DistancePairs {
        private final Problems problems;
        private final int size;
        private final boolean asymmetric;
        private final List<List<Integer>> rows = new ArrayList<>();
        /** Distance per pair key, from all entries so far. */
        private final Map<List<Integer>, Integer> given = new HashMap<>();

        DistancePairs(Problems problems, int size, boolean asymmetric) {
            this.problems = problems;
            this.size = size;
            this.asymmetric = asymmetric;
            for (List<Integer> row : DistanceMatrix.defaults(size).rows()) {
                rows.add(new ArrayList<>(row));
            }
        }

        DistanceMatrix table(List<TopologyDocument.DistancePairDocument> pairs) {
            for (TopologyDocument.DistancePairDocument pair : pairs) {
                add(pair);
            }
            if (asymmetric) {
                requireBothDirections();
            }
            return new DistanceMatrix(rows, asymmetric);
        }

        private void add(TopologyDocument.DistancePairDocument pair) {
            String name = "distances pair from " + pair.from().describe() + " to " + pair.to().describe();
            for (NodeSet set : List.of(pair.from(), pair.to())) {
                int unknown = set.ids().stream().filter(id -> id >= size).findFirst().orElse(-1);
                if (unknown >= 0) {
                    problems.add(name + " names node " + unknown + ", which the fixture does not declare;"
                            + " fix the pair or declare the node");
                    return;
                }
            }
            if (pair.from().equals(pair.to()) && pair.from().ids().size() == 1) {
                problems.add(name + " sets a local distance; local distances are always 10, remove the pair");
                return;
            }
            // One entry with overlapping sets ({from: 4-19, to: 4-19}, a mesh) meets each pair
            // twice; that is one statement, not a repetition.
            Set<List<Integer>> thisEntry = new HashSet<>();
            for (int from : pair.from().ids()) {
                for (int to : pair.to().ids()) {
                    List<Integer> key = key(from, to);
                    if (from == to || !thisEntry.add(key)) {
                        continue;
                    }
                    Integer earlier = given.putIfAbsent(key, pair.distance());
                    if (earlier != null) {
                        problems.add(name + " sets the distance " + describe(key) + " again (" + earlier
                                + " before, " + pair.distance() + " now); give each pair once");
                        return;
                    }
                    rows.get(from).set(to, pair.distance());
                    if (!asymmetric) {
                        rows.get(to).set(from, pair.distance());
                    }
                }
            }
        }

        /** Symmetric tables are keyed by the unordered pair, so 0-1 and 1-0 are the same pair. */
        private List<Integer> key(int from, int to) {
            return asymmetric ? List.of(from, to) : List.of(Math.min(from, to), Math.max(from, to));
        }

        private String describe(List<Integer> key) {
            return asymmetric ? "from node " + key.get(0) + " to node " + key.get(1)
                    : "between node " + key.get(0) + " and node " + key.get(1);
        }

        private void requireBothDirections() {
            for (List<Integer> key : given.keySet().stream().sorted(TopologyAssembler::compareKeys).toList()) {
                List<Integer> reverse = List.of(key.get(1), key.get(0));
                if (!given.containsKey(reverse)) {
                    problems.add("distances with 'asymmetric: true' give node " + key.get(0) + " to node " + key.get(1)
                            + " but not node " + key.get(1) + " to node " + key.get(0) + "; add {from: " + key.get(1)
                            + ", to: " + key.get(0) + ", distance: <n>} (with an asymmetric table every pair needs"
                            + " both directions)");
                }
            }
        }
    }

    private static int compareKeys(List<Integer> a, List<Integer> b) {
        int first = Integer.compare(a.get(0), b.get(0));
        return first != 0 ? first : Integer.compare(a.get(1), b.get(1));
    }
}
