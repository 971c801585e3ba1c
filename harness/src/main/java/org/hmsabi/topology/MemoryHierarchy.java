package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which level of the memory hierarchy an HMAT latency/bandwidth entry describes: the memory
 * itself or one of its memory-side cache levels (QEMU's {@code HmatLBMemoryHierarchy}). Linux
 * builds the node access classes from {@link #MEMORY} entries only; the others are logged.
 */
public enum MemoryHierarchy {
    MEMORY("memory"),
    FIRST_LEVEL("first-level"),
    SECOND_LEVEL("second-level"),
    THIRD_LEVEL("third-level");

    private final String qemuName;

    MemoryHierarchy(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The spelling QEMU and the fixtures use, e.g. {@code first-level}. */
    @JsonValue
    public String qemuName() {
        return qemuName;
    }
}
