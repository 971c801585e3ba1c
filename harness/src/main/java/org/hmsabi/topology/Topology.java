package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A guest memory topology: NUMA nodes, their distances, HMAT performance, memory-side caches and
 * room for memory hot-plug. Built from a fixture by {@link TopologyLoader}, which also validates
 * it; a topology built in code can be checked with {@link TopologyValidator}.
 *
 * @param name        the fixture name, e.g. {@code two-socket-hbm}
 * @param description free text for people; not part of the content hash
 * @param nodes       the nodes, ordered by id
 * @param distances   the node distance table
 * @param hmat        HMAT latency/bandwidth entries, one per (hierarchy, initiator, target)
 * @param caches      memory-side caches
 * @param hotPlug     hot-plug room and devices, if the fixture declares any
 * @param genericInitiators devices that access memory from a node without CPUs (ACPI generic initiators)
 * @param cxl         a CXL memory expander behind a CXL host bridge, if the fixture declares one
 */
public record Topology(String name, String description, List<NumaNode> nodes, DistanceMatrix distances,
                       List<HmatEntry> hmat, List<MemorySideCache> caches, Optional<MemoryHotPlug> hotPlug,
                       List<GenericInitiator> genericInitiators, Optional<CxlHostBridge> cxl) {

    public Topology {
        Objects.requireNonNull(cxl, "cxl");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(distances, "distances");
        Objects.requireNonNull(hotPlug, "hotPlug");
        nodes = nodes.stream().sorted(Comparator.comparingInt(NumaNode::id)).toList();
        hmat = List.copyOf(hmat);
        caches = List.copyOf(caches);
        genericInitiators = genericInitiators.stream().sorted(Comparator.comparingInt(GenericInitiator::node)).toList();
    }

    /** A topology without a CXL host bridge. */
    public Topology(String name, String description, List<NumaNode> nodes, DistanceMatrix distances,
                    List<HmatEntry> hmat, List<MemorySideCache> caches, Optional<MemoryHotPlug> hotPlug,
                    List<GenericInitiator> genericInitiators) {
        this(name, description, nodes, distances, hmat, caches, hotPlug, genericInitiators, Optional.empty());
    }

    /** True when this node is the CXL host bridge's generic port (no CPUs, no memory, not a Linux node). */
    public boolean isGenericPort(int nodeId) {
        return cxl.map(bridge -> bridge.isGenericPort(nodeId)).orElse(false);
    }

    /** A topology without generic initiators. */
    public Topology(String name, String description, List<NumaNode> nodes, DistanceMatrix distances,
                    List<HmatEntry> hmat, List<MemorySideCache> caches, Optional<MemoryHotPlug> hotPlug) {
        this(name, description, nodes, distances, hmat, caches, hotPlug, List.of(), Optional.empty());
    }

    /** True when a generic initiator is declared on this node. */
    public boolean isGenericInitiator(int nodeId) {
        return genericInitiators.stream().anyMatch(initiator -> initiator.node() == nodeId);
    }

    /** The nodes HMAT may name as initiators: those with CPUs and the generic initiators' nodes, by id. */
    public List<NumaNode> initiatorNodes() {
        return nodes.stream().filter(node -> node.hasCpus() || isGenericInitiator(node.id())).toList();
    }

    /** The node with this id, if there is one. */
    public Optional<NumaNode> node(int id) {
        return nodes.stream().filter(node -> node.id() == id).findFirst();
    }

    /** Nodes with at least one vCPU, by id. These are the HMAT initiators. */
    public List<NumaNode> cpuNodes() {
        return nodes.stream().filter(NumaNode::hasCpus).toList();
    }

    /** Nodes without CPUs (CPU-less, "memory-only" nodes), by id. */
    public List<NumaNode> memoryOnlyNodes() {
        return nodes.stream().filter(NumaNode::isCpuLess).toList();
    }

    public int totalCpus() {
        return nodes.stream().mapToInt(NumaNode::cpus).sum();
    }

    /** Boot memory of all nodes; hot-pluggable memory is not included. */
    public long totalMemoryBytes() {
        return nodes.stream().mapToLong(NumaNode::memoryBytes).sum();
    }

    /** The distance from node {@code from} to node {@code to}, as the guest's {@code nodeN/distance} shows it. */
    public int distance(int from, int to) {
        return distances.distance(from, to);
    }

    /**
     * The guest CPU numbers of a node. vCPUs are numbered in node id order, each CPU node being
     * one socket, which is how {@code NumaArguments} lays them out; so node k's CPUs follow
     * those of the CPU nodes before it.
     */
    public List<Integer> cpuIds(int nodeId) {
        int first = 0;
        for (NumaNode node : nodes) {
            if (node.id() == nodeId) {
                List<Integer> ids = new ArrayList<>();
                for (int cpu = first; cpu < first + node.cpus(); cpu++) {
                    ids.add(cpu);
                }
                return ids;
            }
            first += node.cpus();
        }
        throw new IllegalArgumentException("topology " + name + " has no node " + nodeId);
    }

    /** Nodes that hold memory at boot or are the target of a declared hot-plug device. */
    public List<NumaNode> memoryTargets() {
        return nodes.stream().filter(node -> node.hasMemory() || receivesHotPlug(node.id())).toList();
    }

    /** True when a declared hot-plug device adds memory to this node. */
    public boolean receivesHotPlug(int nodeId) {
        return hotPlug.map(room -> room.devices().stream().anyMatch(device -> device.node() == nodeId))
                .orElse(false);
    }

    /**
     * Hex SHA-256 of the canonical JSON form of the machine this topology describes: node ids,
     * CPUs and memory, the full distance table, HMAT values per pair, caches and hot-plug room.
     * The name, the description and everything about how the YAML was written (comments, key
     * order, matrix or pairs, node ranges, units) do not change it.
     */
    public String contentHash() {
        return CanonicalForm.sha256(this);
    }

    /** The canonical JSON the content hash is computed from; keys sorted, no whitespace. */
    public String canonicalJson() {
        return CanonicalForm.json(this);
    }
}
