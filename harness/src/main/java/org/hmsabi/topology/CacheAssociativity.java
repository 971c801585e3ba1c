package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonValue;

/** Memory-side cache associativity as HMAT encodes it (QEMU's {@code HmatCacheAssociativity}). */
public enum CacheAssociativity {
    NONE("none", 2),
    DIRECT("direct", 0),
    COMPLEX("complex", 1);

    private final String qemuName;
    private final int sysfsIndexing;

    CacheAssociativity(String qemuName, int sysfsIndexing) {
        this.qemuName = qemuName;
        this.sysfsIndexing = sysfsIndexing;
    }

    /** The spelling of QEMU's {@code associativity=} option and of the fixtures. */
    @JsonValue
    public String qemuName() {
        return qemuName;
    }

    /**
     * What the guest shows in {@code memory_side_cache/indexN/indexing}: the kernel maps HMAT's
     * direct-mapped to NODE_CACHE_DIRECT_MAP (0), complex to NODE_CACHE_INDEXED (1) and anything
     * else to NODE_CACHE_OTHER (2) (drivers/acpi/numa/hmat.c, include/linux/node.h).
     */
    public int sysfsIndexing() {
        return sysfsIndexing;
    }
}
