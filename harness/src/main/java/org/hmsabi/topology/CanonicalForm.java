package org.hmsabi.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form of a topology and its hash. Built as explicit sorted maps rather
 * than by reflecting over the records, so renaming a Java accessor can never silently change
 * every golden file's topology hash. Bump {@link #SCHEMA} when the form changes on purpose.
 */
final class CanonicalForm {

    static final int SCHEMA = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CanonicalForm() {
    }

    static String json(Topology topology) {
        try {
            return JSON.writeValueAsString(tree(topology));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical form of topology " + topology.name(), e);
        }
    }

    static String sha256(Topology topology) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(json(topology).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Map<String, Object> tree(Topology topology) {
        Map<String, Object> tree = new TreeMap<>();
        tree.put("schema", SCHEMA);
        tree.put("nodes", topology.nodes().stream().map(CanonicalForm::node).toList());
        tree.put("distances", topology.distances().rows());
        tree.put("hmat", topology.hmat().stream()
                .sorted(Comparator.comparing(HmatEntry::hierarchy)
                        .thenComparingInt(HmatEntry::initiator)
                        .thenComparingInt(HmatEntry::target))
                .map(CanonicalForm::hmatEntry).toList());
        tree.put("caches", topology.caches().stream()
                .sorted(Comparator.comparingInt(MemorySideCache::node).thenComparingInt(MemorySideCache::level))
                .map(CanonicalForm::cache).toList());
        topology.hotPlug().ifPresent(hotPlug -> tree.put("hotplug", hotPlug(hotPlug)));
        if (!topology.genericInitiators().isEmpty()) { // absent otherwise: older fixtures keep their hashes
            tree.put("genericInitiators", topology.genericInitiators().stream().map(GenericInitiator::node).toList());
        }
        topology.cxl().ifPresent(cxl -> { // absent otherwise: older fixtures keep their hashes
            Map<String, Object> bridge = new TreeMap<>();
            bridge.put("windowBytes", cxl.windowBytes());
            cxl.genericPortNode().ifPresent(node -> bridge.put("genericPort", node));
            bridge.put("deviceBytes", cxl.deviceBytes());
            tree.put("cxl", bridge);
        });
        return tree;
    }

    private static Map<String, Object> node(NumaNode node) {
        Map<String, Object> map = new TreeMap<>();
        map.put("id", node.id());
        map.put("cpus", node.cpus());
        map.put("memoryBytes", node.memoryBytes());
        node.initiator().ifPresent(initiator -> map.put("initiator", initiator));
        return map;
    }

    private static Map<String, Object> hmatEntry(HmatEntry entry) {
        Map<String, Object> map = new TreeMap<>();
        map.put("initiator", entry.initiator());
        map.put("target", entry.target());
        map.put("hierarchy", entry.hierarchy().qemuName());
        entry.performance().values().forEach((type, value) -> map.put(type.qemuName(), value));
        return map;
    }

    private static Map<String, Object> cache(MemorySideCache cache) {
        Map<String, Object> map = new TreeMap<>();
        map.put("node", cache.node());
        map.put("level", cache.level());
        map.put("sizeBytes", cache.sizeBytes());
        map.put("associativity", cache.associativity().qemuName());
        map.put("policy", cache.policy().qemuName());
        map.put("lineBytes", cache.lineBytes());
        return map;
    }

    private static Map<String, Object> hotPlug(MemoryHotPlug hotPlug) {
        Map<String, Object> map = new TreeMap<>();
        map.put("slots", hotPlug.slots());
        map.put("maxMemoryBytes", hotPlug.maxMemoryBytes());
        List<Map<String, Object>> devices = new ArrayList<>();
        for (HotPlugDevice device : hotPlug.devices()) {
            Map<String, Object> entry = new TreeMap<>();
            entry.put("kind", device.kind().fixtureName());
            entry.put("node", device.node());
            entry.put("sizeBytes", device.sizeBytes());
            devices.add(entry);
        }
        // Device order is kept: it is the order in which they will be plugged.
        map.put("devices", devices);
        return map;
    }
}
