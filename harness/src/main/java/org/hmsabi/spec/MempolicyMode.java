package org.hmsabi.spec;

/**
 * Memory-policy modes (include/uapi/linux/mempolicy.h) and the kernel version that brought each.
 * {@link #INVALID} stands for any number no kernel knows.
 */
public enum MempolicyMode {
    DEFAULT(0),
    PREFERRED(1),
    BIND(2),
    INTERLEAVE(3),
    LOCAL(4),
    PREFERRED_MANY(5),
    WEIGHTED_INTERLEAVE(6),
    INVALID(99);

    private final int value;

    MempolicyMode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The mode of a number as a kernel returns it (mode flags masked off); unknown numbers are INVALID. */
    public static MempolicyMode of(int value) {
        for (MempolicyMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        return INVALID;
    }
}
