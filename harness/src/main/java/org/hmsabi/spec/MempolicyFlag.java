package org.hmsabi.spec;

import java.util.EnumSet;
import java.util.Set;

/**
 * Flags of the memory-policy calls. Mode flags are ORed into the mode argument of mbind and
 * set_mempolicy; the others are the {@code flags} argument of mbind and move_pages (MF_*) or of
 * get_mempolicy (F_*), whose bit values overlap.
 */
public enum MempolicyFlag {
    STATIC_NODES(1 << 15, true),
    RELATIVE_NODES(1 << 14, true),
    NUMA_BALANCING(1 << 13, true),
    MF_STRICT(1, false),
    MF_MOVE(1 << 1, false),
    MF_MOVE_ALL(1 << 2, false),
    MF_LAZY(1 << 3, false),
    F_NODE(1, false),
    F_ADDR(1 << 1, false),
    F_MEMS_ALLOWED(1 << 2, false);

    private final int bit;
    private final boolean modeFlag;

    MempolicyFlag(int bit, boolean modeFlag) {
        this.bit = bit;
        this.modeFlag = modeFlag;
    }

    public int bit() {
        return bit;
    }

    public boolean isModeFlag() {
        return modeFlag;
    }

    /** The flags ORed together. */
    public static int bits(Set<MempolicyFlag> flags) {
        return flags.stream().mapToInt(MempolicyFlag::bit).reduce(0, (a, b) -> a | b);
    }

    public static Set<MempolicyFlag> modeFlags() {
        return EnumSet.of(STATIC_NODES, RELATIVE_NODES, NUMA_BALANCING);
    }
}
