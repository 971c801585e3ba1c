package org.hmsabi.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a topology as a fixture file in the format of fixtures/topologies/README.md, so a
 * generated topology that exposed a problem can be replayed with {@code --topology FILE}.
 * Loading what this writes gives a topology with the same content hash.
 */
public final class TopologyWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private TopologyWriter() {
    }

    /** The fixture text; {@code name} must match the file name it is saved under. */
    public static String yaml(Topology topology, String name) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name);
        document.put("description", topology.description().isBlank() ? "written by hmsabi" : topology.description());
        document.put("nodes", topology.nodes().stream().map(TopologyWriter::node).toList());
        if (!topology.distances().isDefault()) {
            Map<String, Object> distances = new LinkedHashMap<>();
            distances.put("matrix", topology.distances().rows());
            if (topology.distances().declaredAsymmetric()) {
                distances.put("asymmetric", true);
            }
            document.put("distances", distances);
        }
        if (!topology.hmat().isEmpty()) {
            document.put("hmat", topology.hmat().stream().map(TopologyWriter::hmat).toList());
        }
        if (!topology.caches().isEmpty()) {
            document.put("caches", topology.caches().stream().map(TopologyWriter::cache).toList());
        }
        topology.hotPlug().ifPresent(room -> document.put("hotplug", hotPlug(room)));
        if (!topology.genericInitiators().isEmpty()) {
            document.put("generic-initiators", topology.genericInitiators().stream()
                    .map(initiator -> Map.<String, Object>of("node", initiator.node())).toList());
        }
        topology.cxl().ifPresent(cxl -> {
            Map<String, Object> bridge = new LinkedHashMap<>();
            bridge.put("window", ByteSize.format(cxl.windowBytes()));
            cxl.genericPortNode().ifPresent(node -> bridge.put("generic-port", node));
            bridge.put("devices", cxl.deviceBytes().stream()
                    .map(size -> Map.<String, Object>of("size", ByteSize.format(size))).toList());
            document.put("cxl", bridge);
        });
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }

    private static Map<String, Object> node(NumaNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", node.id());
        if (node.cpus() > 0) {
            map.put("cpus", node.cpus());
        }
        if (node.hasMemory()) {
            map.put("memory", size(node.memoryBytes())); // a node without boot memory has no 'memory:' (0 is refused)
        }
        node.initiator().ifPresent(initiator -> map.put("initiator", initiator));
        return map;
    }

    private static Map<String, Object> hmat(HmatEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("initiator", entry.initiator());
        map.put("target", entry.target());
        if (entry.hierarchy() != MemoryHierarchy.MEMORY) {
            map.put("hierarchy", entry.hierarchy().qemuName());
        }
        if (entry.performance() instanceof HmatPerformance.Access access) {
            map.put("latency", access.access().latencyNs() + "ns");
            map.put("bandwidth", access.access().bandwidthMiBps() + "MiB/s");
        } else if (entry.performance() instanceof HmatPerformance.ReadWrite readWrite) {
            map.put("read", measurement(readWrite.read()));
            map.put("write", measurement(readWrite.write()));
        }
        return map;
    }

    private static Map<String, Object> measurement(HmatMeasurement measurement) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("latency", measurement.latencyNs() + "ns");
        map.put("bandwidth", measurement.bandwidthMiBps() + "MiB/s");
        return map;
    }

    private static Map<String, Object> cache(MemorySideCache cache) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("node", cache.node());
        map.put("level", cache.level());
        map.put("size", size(cache.sizeBytes()));
        map.put("associativity", cache.associativity().qemuName());
        map.put("policy", cache.policy().qemuName());
        map.put("line", cache.lineBytes());
        return map;
    }

    private static Map<String, Object> hotPlug(MemoryHotPlug room) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("slots", room.slots());
        map.put("maxmem", size(room.maxMemoryBytes()));
        map.put("devices", room.devices().stream().map(device -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", device.kind().fixtureName());
            entry.put("node", device.node());
            entry.put("size", size(device.sizeBytes()));
            return entry;
        }).toList());
        return map;
    }

    /** The largest binary unit that divides the size: 536870912 → 512M. */
    private static String size(long bytes) {
        List<String> units = new ArrayList<>(List.of("", "K", "M", "G", "T"));
        long value = bytes;
        int unit = 0;
        while (unit < units.size() - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + units.get(unit);
    }
}
