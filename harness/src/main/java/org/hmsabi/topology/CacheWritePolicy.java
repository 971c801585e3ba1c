package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonValue;

/** Memory-side cache write policy as HMAT encodes it (QEMU's {@code HmatCacheWritePolicy}). */
public enum CacheWritePolicy {
    NONE("none", 2),
    WRITE_BACK("write-back", 0),
    WRITE_THROUGH("write-through", 1);

    private final String qemuName;
    private final int sysfsWritePolicy;

    CacheWritePolicy(String qemuName, int sysfsWritePolicy) {
        this.qemuName = qemuName;
        this.sysfsWritePolicy = sysfsWritePolicy;
    }

    /** The spelling of QEMU's {@code policy=} option and of the fixtures. */
    @JsonValue
    public String qemuName() {
        return qemuName;
    }

    /**
     * What the guest shows in {@code memory_side_cache/indexN/write_policy}: NODE_CACHE_WRITE_BACK
     * (0), NODE_CACHE_WRITE_THROUGH (1), NODE_CACHE_WRITE_OTHER (2) (include/linux/node.h).
     */
    public int sysfsWritePolicy() {
        return sysfsWritePolicy;
    }
}
