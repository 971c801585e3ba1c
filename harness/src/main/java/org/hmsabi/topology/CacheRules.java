package org.hmsabi.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Rules about memory-side caches (QEMU hw/core/numa.c parse_numa_hmat_cache). */
final class CacheRules {

    private CacheRules() {
    }

    private record Key(int node, int level) {
    }

    static void check(Topology topology, Problems problems) {
        Map<Key, MemorySideCache> byLevel = new HashMap<>();
        for (MemorySideCache cache : topology.caches()) {
            if (byLevel.putIfAbsent(new Key(cache.node(), cache.level()), cache) != null) {
                // QEMU: "Duplicate configuration of the side cache for node-id=%d and level=%d".
                problems.add(cache.describe() + " is declared twice; keep one");
            }
        }
        for (MemorySideCache cache : topology.caches()) {
            checkCache(topology, cache, byLevel, problems);
        }
    }

    private static void checkCache(Topology topology, MemorySideCache cache, Map<Key, MemorySideCache> byLevel,
                                   Problems problems) {
        Optional<NumaNode> node = topology.node(cache.node());
        if (node.isEmpty()) {
            problems.add(cache.describe() + ": node " + cache.node() + " is not a node of this topology;"
                    + " fix 'node:' or declare the node");
            return;
        }
        if (!node.get().hasMemory()) {
            problems.add(cache.describe() + ": node " + cache.node() + " has no memory to cache;"
                    + " remove the cache or give the node memory");
            return;
        }
        if (cache.level() < 1 || cache.level() > TopologyLimits.MAX_CACHE_LEVEL) {
            problems.add(cache.describe() + ": HMAT describes cache levels 1, 2 and 3 only; set 'level:' to one of them");
            return;
        }
        if (cache.sizeBytes() <= 0) {
            problems.add(cache.describe() + " has no size; give 'size:', e.g. 16M");
        }
        if (cache.lineBytes() < 1 || cache.lineBytes() > TopologyLimits.MAX_CACHE_LINE) {
            problems.add(cache.describe() + " has line size " + cache.lineBytes() + "; give 'line:' in bytes from 1 to "
                    + TopologyLimits.MAX_CACHE_LINE + ", e.g. 64");
        }
        if (cache.level() > 1) {
            MemorySideCache below = byLevel.get(new Key(cache.node(), cache.level() - 1));
            if (below == null) {
                // QEMU: "Cache level=%u shall be defined first".
                problems.add(cache.describe() + " has no level " + (cache.level() - 1) + " below it;"
                        + " declare level " + (cache.level() - 1) + " of node " + cache.node() + " too");
            } else if (cache.sizeBytes() <= below.sizeBytes()) {
                // QEMU: "the size of level=%d should be larger than the size(%d) of level=%u".
                problems.add(cache.describe() + " (" + ByteSize.format(cache.sizeBytes()) + ") is not larger than level "
                        + below.level() + " (" + ByteSize.format(below.sizeBytes()) + "); each cache level must be"
                        + " larger than the level before it");
            }
        }
        if (!hasPerformance(topology, cache.node())) {
            // QEMU: "The latency and bandwidth information of node-id=%d should be provided before
            // memory side cache attributes".
            problems.add(cache.describe() + " needs HMAT latency and bandwidth for node " + cache.node()
                    + "; add hmat entries with 'target: " + cache.node() + "'");
        }
    }

    private static boolean hasPerformance(Topology topology, int node) {
        boolean latency = false;
        boolean bandwidth = false;
        for (HmatEntry entry : topology.hmat()) {
            if (entry.target() != node) {
                continue;
            }
            for (Map.Entry<HmatDataType, Long> value : entry.performance().values().entrySet()) {
                if (value.getValue() > 0) {
                    latency |= value.getKey().isLatency();
                    bandwidth |= !value.getKey().isLatency();
                }
            }
        }
        return latency && bandwidth;
    }
}
