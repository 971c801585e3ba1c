package org.hmsabi.conformance;

import org.hmsabi.topology.NodeLists;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.hmsabi.model.SnapshotView;

/**
 * Properties every heterogeneous-memory tree has, whatever the firmware described: a node is
 * nearest to itself, CPU nodes are online, memory tiers partition the memory nodes, and access
 * class 1 names only initiators with CPUs (Documentation/ABI/stable/sysfs-devices-node,
 * testing/sysfs-kernel-mm-memory-tiers). Values that are absent or malformed are left to the
 * grammar and presence checks.
 */
final class Invariants {
    private static final String NODE = "/sys/devices/system/node";
    private static final String TIERS = "/sys/devices/virtual/memory_tiering";

    private final SnapshotView view;
    private final String kernel;
    private final String topology;
    private final List<Violation> violations = new ArrayList<>();

    Invariants(SnapshotView view, String kernel, String topology) {
        this.view = view;
        this.kernel = kernel;
        this.topology = topology;
    }

    List<Violation> check() {
        SortedSet<Integer> online = ConformanceChecker.nodes(view, NODE + "/online");
        distancesAreLeastToSelf(online);
        cpuNodesAreOnline(online);
        memoryTiersPartitionTheMemoryNodes();
        accessClassOneHasOnlyCpuInitiators();
        return violations;
    }

    /** distance[i][i] is the minimum of row i; each row has one entry per online node. */
    private void distancesAreLeastToSelf(SortedSet<Integer> online) {
        List<Integer> order = new ArrayList<>(online);
        for (int node : online) {
            String path = NODE + "/node" + node + "/distance";
            Optional<List<Integer>> row = view.value(path).flatMap(Invariants::integers);
            if (row.isEmpty()) {
                continue;
            }
            if (row.get().size() != order.size()) {
                fail(path, "has " + row.get().size() + " distances for " + order.size() + " online nodes");
                continue;
            }
            int self = row.get().get(order.indexOf(node));
            int least = row.get().stream().mapToInt(Integer::intValue).min().orElse(self);
            if (self > least) {
                fail(path, "node " + node + " is " + self + " from itself but " + least + " from another node");
            }
        }
    }

    private void cpuNodesAreOnline(SortedSet<Integer> online) {
        for (int node : ConformanceChecker.nodes(view, NODE + "/has_cpu")) {
            if (!online.contains(node)) {
                fail(NODE + "/has_cpu", "node " + node + " has CPUs but is not online (" + NodeLists.format(online) + ")");
            }
        }
    }

    /** Every tiered node exists and is in exactly one tier; every memory node is in a tier, when tiers exist. */
    private void memoryTiersPartitionTheMemoryNodes() {
        Map<Integer, String> tierOf = new HashMap<>();
        List<String> tiers = view.children(TIERS).stream().filter(name -> name.matches("memory_tier[0-9]+")).toList();
        for (String tier : tiers) {
            String path = TIERS + "/" + tier + "/nodelist";
            for (int node : ConformanceChecker.nodes(view, path)) {
                if (!view.exists(NODE + "/node" + node)) {
                    fail(path, "lists node " + node + ", which does not exist");
                }
                String other = tierOf.put(node, tier);
                if (other != null) {
                    fail(path, "node " + node + " is in both " + other + " and " + tier);
                }
            }
        }
        if (tiers.isEmpty()) {
            return;
        }
        for (int node : ConformanceChecker.nodes(view, NODE + "/has_memory")) {
            if (!tierOf.containsKey(node)) {
                fail(NODE + "/has_memory", "memory node " + node + " is in no memory tier");
            }
        }
    }

    /** access1 is "best CPU initiator": a node without CPUs must never be listed there. */
    private void accessClassOneHasOnlyCpuInitiators() {
        SortedSet<Integer> withCpus = ConformanceChecker.nodes(view, NODE + "/has_cpu");
        for (String target : view.children(NODE)) {
            String initiators = NODE + "/" + target + "/access1/initiators";
            for (String name : view.children(initiators)) {
                if (name.matches("node[0-9]+") && !withCpus.contains(Integer.parseInt(name.substring(4)))) {
                    fail(initiators + "/" + name, "access1 lists initiator " + name + ", which has no CPUs");
                }
            }
        }
    }

    private static Optional<List<Integer>> integers(String row) {
        try {
            List<Integer> values = new ArrayList<>();
            for (String part : row.strip().split("\\s+")) {
                values.add(Integer.parseInt(part));
            }
            return Optional.of(values);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void fail(String path, String detail) {
        violations.add(new Violation(path, ViolationRule.INVARIANT, kernel, topology, detail));
    }
}
