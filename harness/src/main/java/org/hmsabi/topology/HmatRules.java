package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Rules about HMAT latency and bandwidth entries. */
final class HmatRules {

    private HmatRules() {
    }

    private record Pair(MemoryHierarchy hierarchy, int initiator, int target) {
    }

    static void check(Topology topology, Problems problems) {
        if (topology.hmat().isEmpty()) {
            return;
        }
        boolean entriesUsable = true;
        for (HmatEntry entry : topology.hmat()) {
            entriesUsable &= checkEntry(topology, entry, problems);
        }
        checkDuplicates(topology, problems);
        if (!entriesUsable) {
            return;
        }
        for (MemoryHierarchy hierarchy : hierarchiesUsed(topology)) {
            checkOneForm(topology, hierarchy, problems);
            checkComplete(topology, hierarchy, problems);
            checkEncoding(topology, hierarchy, problems);
        }
    }

    private static boolean checkEntry(Topology topology, HmatEntry entry, Problems problems) {
        var initiator = topology.node(entry.initiator());
        var target = topology.node(entry.target());
        if (initiator.isEmpty() || target.isEmpty()) {
            // QEMU hw/core/numa.c parse_numa_hmat_lb: "Invalid initiator=%d" / "The target=%d should point to an existing node".
            int missing = initiator.isEmpty() ? entry.initiator() : entry.target();
            problems.add(entry.describe() + " names node " + missing + ", which is not a node of this topology;"
                    + " fix the entry or declare the node");
            return false;
        }
        boolean usable = true;
        if (!initiator.get().hasCpus() && !topology.isGenericInitiator(entry.initiator())) {
            // QEMU hw/core/numa.c parse_numa_hmat_lb: "it isn't an initiator proximity domain".
            problems.add(entry.describe() + ": node " + entry.initiator() + " has no CPUs and cannot be an initiator;"
                    + " use a node with CPUs" + NodeRules.cpuNodeHint(topology) + " or list it under 'generic-initiators:'");
            usable = false;
        }
        if (!target.get().hasMemory() && !topology.receivesHotPlug(entry.target()) && !topology.isGenericPort(entry.target())) {
            problems.add(entry.describe() + ": node " + entry.target() + " has no memory;"
                    + " remove the entry or give node " + entry.target() + " memory");
            usable = false;
        }
        for (Map.Entry<HmatDataType, Long> value : entry.performance().values().entrySet()) {
            if (value.getValue() <= 0) {
                // QEMU reads 0 as "no information" and would not count the entry for memory-side caches.
                String unit = value.getKey().isLatency() ? "ns" : "MiB/s";
                problems.add(entry.describe() + " has " + value.getKey().qemuName() + " " + value.getValue() + unit
                        + "; give a positive value");
                usable = false;
            }
        }
        return usable;
    }

    private static void checkDuplicates(Topology topology, Problems problems) {
        Set<Pair> seen = new HashSet<>();
        for (HmatEntry entry : topology.hmat()) {
            if (!seen.add(new Pair(entry.hierarchy(), entry.initiator(), entry.target()))) {
                // QEMU hw/core/numa.c parse_numa_hmat_lb: "Duplicate configuration of the latency".
                problems.add(entry.describe() + " is given more than once; keep one");
            }
        }
    }

    private static Set<MemoryHierarchy> hierarchiesUsed(Topology topology) {
        Set<MemoryHierarchy> used = new TreeSet<>();
        topology.hmat().forEach(entry -> used.add(entry.hierarchy()));
        return used;
    }

    private static List<HmatEntry> entriesOf(Topology topology, MemoryHierarchy hierarchy) {
        return topology.hmat().stream().filter(entry -> entry.hierarchy() == hierarchy).toList();
    }

    private static void checkOneForm(Topology topology, MemoryHierarchy hierarchy, Problems problems) {
        List<HmatEntry> entries = entriesOf(topology, hierarchy);
        HmatEntry first = entries.get(0);
        for (HmatEntry entry : entries) {
            if (entry.performance().getClass() != first.performance().getClass()) {
                problems.add(entry.describe() + " uses " + form(entry) + " but " + first.describe() + " uses "
                        + form(first) + "; use one form for all entries of hierarchy " + hierarchy.qemuName()
                        + " so that every HMAT structure covers every pair");
                return;
            }
        }
    }

    private static String form(HmatEntry entry) {
        return entry.performance() instanceof HmatPerformance.Access ? "'latency/bandwidth'" : "'read/write'";
    }

    /**
     * QEMU 7.2 accepts a partial set and writes 0 ("no information") for the missing pairs;
     * hmsabi requires every initiator/target pair so that each access class the guest derives
     * is fully determined by the fixture.
     */
    private static void checkComplete(Topology topology, MemoryHierarchy hierarchy, Problems problems) {
        Set<Pair> given = new HashSet<>();
        entriesOf(topology, hierarchy).forEach(entry -> given.add(new Pair(hierarchy, entry.initiator(), entry.target())));
        String hierarchyText = hierarchy == MemoryHierarchy.MEMORY ? "" : ", hierarchy: " + hierarchy.qemuName();
        for (NumaNode initiator : topology.initiatorNodes()) {
            for (NumaNode target : hmatTargets(topology)) {
                if (!given.contains(new Pair(hierarchy, initiator.id(), target.id()))) {
                    problems.add("hmat has no entry for initiator " + initiator.id() + " -> target " + target.id()
                            + (hierarchy == MemoryHierarchy.MEMORY ? "" : " (hierarchy " + hierarchy.qemuName() + ")")
                            + "; add {initiator: " + initiator.id() + ", target: " + target.id() + hierarchyText
                            + ", latency: <n>ns, bandwidth: <n>GiB/s} (with HMAT in use every initiator/target"
                            + " pair needs one)");
                }
            }
        }
    }

    /** The nodes HMAT gives figures to: those with memory, and a CXL host bridge's generic port. */
    private static List<NumaNode> hmatTargets(Topology topology) {
        return topology.nodes().stream()
                .filter(node -> topology.memoryTargets().contains(node) || topology.isGenericPort(node.id())).toList();
    }

    private static void checkEncoding(Topology topology, MemoryHierarchy hierarchy, Problems problems) {
        Map<HmatDataType, List<HmatEncoding.Value>> byType = new HashMap<>();
        for (HmatEntry entry : entriesOf(topology, hierarchy)) {
            entry.performance().values().forEach((type, amount) ->
                    byType.computeIfAbsent(type, key -> new ArrayList<>()).add(new HmatEncoding.Value(entry, amount)));
        }
        for (HmatDataType type : HmatDataType.values()) {
            List<HmatEncoding.Value> values = byType.get(type);
            if (values == null) {
                continue;
            }
            String structure = "the HMAT " + type.qemuName() + " structure of hierarchy " + hierarchy.qemuName();
            Optional<String> problem = type.isLatency()
                    ? HmatEncoding.checkLatencies(values, structure)
                    : HmatEncoding.checkBandwidths(values, structure);
            problem.ifPresent(problems::add);
        }
    }
}
