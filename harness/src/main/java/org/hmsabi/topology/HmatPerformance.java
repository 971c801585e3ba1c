package org.hmsabi.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The performance an HMAT entry states: either one figure for all accesses, or separate read
 * and write figures. These map onto QEMU's access, or read and write, data types.
 */
public sealed interface HmatPerformance {

    /** The values per HMAT data type, latencies in ns and bandwidths in MiB/s, in data-type order. */
    Map<HmatDataType, Long> values();

    /** Same performance for reads and writes: QEMU's access-latency and access-bandwidth. */
    record Access(HmatMeasurement access) implements HmatPerformance {
        public Access {
            Objects.requireNonNull(access, "access");
        }

        @Override
        public Map<HmatDataType, Long> values() {
            Map<HmatDataType, Long> values = new EnumMap<>(HmatDataType.class);
            values.put(HmatDataType.ACCESS_LATENCY, access.latencyNs());
            values.put(HmatDataType.ACCESS_BANDWIDTH, access.bandwidthMiBps());
            return values;
        }
    }

    /** Separate read and write performance: QEMU's read-* and write-* data types. */
    record ReadWrite(HmatMeasurement read, HmatMeasurement write) implements HmatPerformance {
        public ReadWrite {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(write, "write");
        }

        @Override
        public Map<HmatDataType, Long> values() {
            Map<HmatDataType, Long> values = new EnumMap<>(HmatDataType.class);
            values.put(HmatDataType.READ_LATENCY, read.latencyNs());
            values.put(HmatDataType.WRITE_LATENCY, write.latencyNs());
            values.put(HmatDataType.READ_BANDWIDTH, read.bandwidthMiBps());
            values.put(HmatDataType.WRITE_BANDWIDTH, write.bandwidthMiBps());
            return values;
        }
    }
}
