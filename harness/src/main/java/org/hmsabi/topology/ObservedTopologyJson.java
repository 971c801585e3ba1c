package org.hmsabi.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;

/** {@code hmsabi topology --format json}: the shape docs/formats.md ("Topology JSON") describes; absent values are left out. */
public final class ObservedTopologyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ObservedTopologyJson() {
    }

    public static String render(ObservedTopology topology) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode nodes = root.putArray("nodes");
        for (ObservedTopology.Node node : topology.nodes()) {
            ObjectNode out = nodes.addObject();
            out.put("id", node.id());
            ArrayNode cpus = out.putArray("cpus");
            node.cpus().forEach(cpus::add);
            out.put("cpusFrom", node.cpusFrom().fileName());
            put(out, "memTotalKiB", node.memTotalKiB());
            ObjectNode distances = out.putObject("distances");
            node.distances().forEach((to, distance) -> distances.put(String.valueOf(to), distance));
            ObjectNode access = out.putObject("access");
            node.access().forEach((name, accessClass) -> {
                ObjectNode cls = access.putObject(name);
                ArrayNode initiators = cls.putArray("initiators");
                accessClass.initiators().forEach(initiators::add);
                ArrayNode targets = cls.putArray("targets");
                accessClass.targets().forEach(targets::add);
                put(cls, "readLatencyNs", accessClass.readLatencyNs());
                put(cls, "writeLatencyNs", accessClass.writeLatencyNs());
                put(cls, "readBandwidthMBps", accessClass.readBandwidthMBps());
                put(cls, "writeBandwidthMBps", accessClass.writeBandwidthMBps());
            });
            ArrayNode caches = out.putArray("caches");
            for (ObservedTopology.Cache cache : node.caches()) {
                ObjectNode level = caches.addObject();
                level.put("level", cache.level());
                put(level, "sizeBytes", cache.sizeBytes());
                put(level, "lineBytes", cache.lineBytes());
                put(level, "indexing", cache.indexing());
                put(level, "writePolicy", cache.writePolicy());
            }
            node.tier().ifPresent(tier -> out.put("tier", tier));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static void put(ObjectNode node, String name, OptionalLong value) {
        value.ifPresent(present -> node.put(name, present));
    }
}
