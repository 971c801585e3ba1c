package org.hmsabi.topology;

import java.util.List;

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

    /**
     * The attributes of a node's {@code accessN/initiators/} this kind of entry sets: an access
     * figure sets both the read and the write one.
     */
    public List<String> sysfsAttributes() {
        return switch (this) {
            case ACCESS_LATENCY -> List.of("read_latency", "write_latency");
            case READ_LATENCY -> List.of("read_latency");
            case WRITE_LATENCY -> List.of("write_latency");
            case ACCESS_BANDWIDTH -> List.of("read_bandwidth", "write_bandwidth");
            case READ_BANDWIDTH -> List.of("read_bandwidth");
            case WRITE_BANDWIDTH -> List.of("write_bandwidth");
        };
    }

    public boolean isLatency() {
        return this == ACCESS_LATENCY || this == READ_LATENCY || this == WRITE_LATENCY;
    }
}
