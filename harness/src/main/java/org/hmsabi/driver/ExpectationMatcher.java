package org.hmsabi.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hmsabi.topology.ObservedTopology;
import org.hmsabi.topology.Quantities;

/**
 * Compares what the guest shows after the modules loaded with what the expect file promises.
 * Pure: the guest's side comes in as values, every deviation comes out, none is dropped.
 */
public final class ExpectationMatcher {
    private ExpectationMatcher() {
    }

    /**
     * @param added        the nodes that gained memory, by ascending id
     * @param cpuNodeTiers the memory tiers of the nodes with CPUs (empty where the kernel has no tiers)
     */
    public static List<Deviation> match(DriverExpectation expectation, List<AddedNode> added, Collection<Integer> cpuNodeTiers) {
        List<Deviation> deviations = new ArrayList<>();
        expectation.nodeCount().ifPresent(count -> {
            if (count != added.size()) {
                deviations.add(new Deviation("node_count", count + " new memory node" + (count == 1 ? "" : "s"),
                        added.size() + " (" + ids(added) + ")"));
            }
        });
        List<AddedNode> unclaimed = new ArrayList<>(added);
        expectation.nodes().stream().filter(n -> n.node().isPresent())
                .forEach(n -> unclaimed.removeIf(node -> node.id() == n.node().getAsInt()));
        int nextUnclaimed = 0;
        for (ExpectedNode expected : expectation.nodes()) {
            Optional<AddedNode> node;
            String name;
            if (expected.node().isPresent()) {
                int id = expected.node().getAsInt();
                name = "node" + id;
                node = added.stream().filter(n -> n.id() == id).findFirst();
            } else {
                node = nextUnclaimed < unclaimed.size() ? Optional.of(unclaimed.get(nextUnclaimed)) : Optional.empty();
                name = node.map(n -> "node" + n.id()).orElse("new node #" + (nextUnclaimed + 1));
                nextUnclaimed++;
            }
            if (node.isEmpty()) {
                deviations.add(new Deviation(name, "a new memory node", "none (new: " + ids(added) + ")"));
                continue;
            }
            matchNode(name, expected, node.get(), cpuNodeTiers, deviations);
        }
        return deviations;
    }

    private static void matchNode(String name, ExpectedNode expected, AddedNode node, Collection<Integer> cpuNodeTiers,
                                  List<Deviation> deviations) {
        expected.sizeBytes().ifPresent(size -> {
            if (size != node.sizeBytes()) {
                deviations.add(new Deviation(name + " size", Quantities.formatBytes(size),
                        Quantities.formatBytes(node.sizeBytes()) + " in online memory blocks"));
            }
        });
        expected.tier().ifPresent(tier -> matchTier(name, tier, node.observed().tier(), cpuNodeTiers, deviations));
        for (Map.Entry<String, ExpectedAccess> access : expected.access().entrySet()) {
            String prefix = name + " " + access.getKey();
            Optional<ObservedTopology.AccessClass> observed = Optional.ofNullable(node.observed().access().get(access.getKey()));
            if (observed.isEmpty()) {
                deviations.add(new Deviation(prefix, "an " + access.getKey() + " directory", "none"));
                continue;
            }
            matchAccess(prefix, access.getValue(), observed.get(), deviations);
        }
    }

    private static void matchTier(String name, TierExpectation tier, OptionalInt actual, Collection<Integer> cpuNodeTiers,
                                  List<Deviation> deviations) {
        String got = actual.isPresent() ? "memory_tier" + actual.getAsInt() : "no memory tier";
        if (tier instanceof TierExpectation.Exactly exactly) {
            if (actual.isEmpty() || actual.getAsInt() != exactly.number()) {
                deviations.add(new Deviation(name + " tier", "memory_tier" + exactly.number(), got));
            }
        } else if (tier instanceof TierExpectation.SlowerThanCpuNodes) {
            int fastest = cpuNodeTiers.stream().mapToInt(Integer::intValue).max().orElse(Integer.MAX_VALUE);
            if (cpuNodeTiers.isEmpty() || actual.isEmpty() || actual.getAsInt() <= fastest) {
                deviations.add(new Deviation(name + " tier", "a tier slower than the CPU nodes' ("
                        + (cpuNodeTiers.isEmpty() ? "none" : cpuNodeTiers.stream().sorted().distinct()
                                .map(t -> "memory_tier" + t).collect(Collectors.joining(", "))) + ")", got));
            }
        }
    }

    private static void matchAccess(String prefix, ExpectedAccess expected, ObservedTopology.AccessClass actual,
                                    List<Deviation> deviations) {
        expected.initiators().ifPresent(initiators -> {
            if (!new TreeSet<>(initiators).equals(new TreeSet<>(actual.initiators()))) {
                deviations.add(new Deviation(prefix + " initiators", "nodes " + new TreeSet<>(initiators),
                        "nodes " + new TreeSet<>(actual.initiators())));
            }
        });
        value(prefix + " read_latency", expected.readLatencyNs(), actual.readLatencyNs(), "ns", deviations);
        value(prefix + " write_latency", expected.writeLatencyNs(), actual.writeLatencyNs(), "ns", deviations);
        value(prefix + " read_bandwidth", expected.readBandwidthMBps(), actual.readBandwidthMBps(), "MB/s", deviations);
        value(prefix + " write_bandwidth", expected.writeBandwidthMBps(), actual.writeBandwidthMBps(), "MB/s", deviations);
    }

    private static void value(String attribute, OptionalLong expected, OptionalLong actual, String unit, List<Deviation> deviations) {
        if (expected.isPresent() && (actual.isEmpty() || actual.getAsLong() != expected.getAsLong())) {
            deviations.add(new Deviation(attribute, expected.getAsLong() + " " + unit,
                    actual.isPresent() ? actual.getAsLong() + " " + unit : "nothing (attribute missing)"));
        }
    }

    private static String ids(List<AddedNode> added) {
        return added.isEmpty() ? "none" : added.stream().map(n -> "node" + n.id()).collect(Collectors.joining(", "));
    }
}
