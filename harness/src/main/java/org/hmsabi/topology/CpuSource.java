package org.hmsabi.topology;

/**
 * Which spelling of a node's CPUs a tree offered: {@code cpulist} ("0-3,8"), else {@code cpumap}
 * (hex mask words, most significant first). Both are stable ABI since 2.6
 * (Documentation/ABI/stable/sysfs-devices-node); trees captured on real machines sometimes carry
 * only one of them, so the reader takes whichever is present and says which it used.
 */
public enum CpuSource {
    CPULIST("cpulist"),
    CPUMAP("cpumap"),
    /** Neither spelling was present and readable. */
    NONE("none");

    private final String fileName;

    CpuSource(String fileName) {
        this.fileName = fileName;
    }

    /** The sysfs file name ({@code cpulist}, {@code cpumap}), or {@code none}. */
    public String fileName() {
        return fileName;
    }
}
