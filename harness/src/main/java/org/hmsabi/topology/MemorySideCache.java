package org.hmsabi.topology;

import java.util.Objects;

/**
 * One level of a memory-side cache in front of a node's memory (HMAT Memory Side Cache
 * Information Structure; the guest shows it in {@code nodeN/memory_side_cache/indexL}).
 *
 * @param node          the node whose memory the cache fronts
 * @param level         1, 2 or 3
 * @param sizeBytes     cache size
 * @param associativity direct, complex or none
 * @param policy        write-back, write-through or none
 * @param lineBytes     cache line size
 */
public record MemorySideCache(int node, int level, long sizeBytes, CacheAssociativity associativity,
                              CacheWritePolicy policy, int lineBytes) {

    public MemorySideCache {
        Objects.requireNonNull(associativity, "associativity");
        Objects.requireNonNull(policy, "policy");
    }

    /** How messages name this cache, e.g. {@code cache level 1 of node 2}. */
    public String describe() {
        return "cache level " + level + " of node " + node;
    }
}
