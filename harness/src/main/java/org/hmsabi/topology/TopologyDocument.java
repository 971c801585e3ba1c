package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The shape of a topology fixture file, exactly as a person writes it (see
 * fixtures/topologies/README.md). Jackson fills these records and rejects unknown keys; unit
 * strings and node lists are parsed by their own value types so that mistakes carry a line
 * number. {@link TopologyAssembler} turns a document into a {@link Topology}.
 */
record TopologyDocument(
        String name,
        String description,
        Integer cpus,
        ByteSize memory,
        @Required List<NodeDocument> nodes,
        DistancesDocument distances,
        List<HmatDocument> hmat,
        List<CacheDocument> caches,
        HotPlugDocument hotplug,
        @JsonProperty("generic-initiators") List<GenericInitiatorDocument> genericInitiators,
        CxlDocument cxl) {

    /** A CXL host bridge with its fixed memory window, optional generic port and volatile memory devices. */
    record CxlDocument(
            @Required ByteSize window,
            @JsonProperty("generic-port") Integer genericPort,
            @Required List<CxlDeviceDocument> devices) {
    }

    /** One volatile CXL type-3 memory device behind a root port of the host bridge. */
    record CxlDeviceDocument(@Required ByteSize size) {
    }

    /** A generic initiator: a PCI device that accesses memory from {@code node}. */
    record GenericInitiatorDocument(@Required Integer node) {
    }

    /** One node, or several identical ones when {@code id} is a range. */
    record NodeDocument(
            @Required NodeSet id,
            Integer cpus,
            ByteSize memory,
            Integer initiator) {
    }

    /** Distances as a full {@code matrix} or as {@code pairs}; defaults 10 local, 20 remote. */
    record DistancesDocument(
            Boolean asymmetric,
            List<List<Integer>> matrix,
            List<DistancePairDocument> pairs) {
    }

    /** The distance between every node of {@code from} and every node of {@code to}. */
    record DistancePairDocument(
            @Required NodeSet from,
            @Required NodeSet to,
            @Required Integer distance) {
    }

    /** HMAT figures from each initiator to each target: {@code latency}+{@code bandwidth}, or {@code read}+{@code write}. */
    record HmatDocument(
            @Required NodeSet initiator,
            @Required NodeSet target,
            MemoryHierarchy hierarchy,
            Latency latency,
            Bandwidth bandwidth,
            MeasurementDocument read,
            MeasurementDocument write) {
    }

    record MeasurementDocument(
            @Required Latency latency,
            @Required Bandwidth bandwidth) {
    }

    record CacheDocument(
            @Required NodeSet node,
            @Required Integer level,
            @Required ByteSize size,
            @Required CacheAssociativity associativity,
            @Required CacheWritePolicy policy,
            @Required Integer line) {
    }

    record HotPlugDocument(
            Integer slots,
            @Required ByteSize maxmem,
            List<DeviceDocument> devices) {
    }

    record DeviceDocument(
            @Required HotPlugDeviceKind type,
            @Required Integer node,
            @Required ByteSize size) {
    }
}
