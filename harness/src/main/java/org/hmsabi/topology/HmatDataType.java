package org.hmsabi.topology;

/**
 * The six kinds of HMAT System Locality Latency and Bandwidth structures (QEMU's
 * {@code HmatLBDataType}). Latencies are nanoseconds, bandwidths MiB/s throughout hmsabi.
 */
public enum HmatDataType {
    ACCESS_LATENCY("access-latency"),
    READ_LATENCY("read-latency"),
    WRITE_LATENCY("write-latency"),
    ACCESS_BANDWIDTH("access-bandwidth"),
    READ_BANDWIDTH("read-bandwidth"),
    WRITE_BANDWIDTH("write-bandwidth");

    private final String qemuName;

    HmatDataType(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The spelling of QEMU's {@code data-type=} option. */
    public String qemuName() {
        return qemuName;
    }

    public boolean isLatency() {
        return this == ACCESS_LATENCY || this == READ_LATENCY || this == WRITE_LATENCY;
    }
}
