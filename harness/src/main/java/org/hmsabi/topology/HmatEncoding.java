package org.hmsabi.topology;

import java.util.List;
import java.util.Optional;

/**
 * HMAT stores each latency or bandwidth as a 16-bit multiple of one base unit per structure
 * (one structure per hierarchy and data type). QEMU derives that base the way this class does
 * (hw/core/numa.c parse_numa_hmat_lb) and rejects values it cannot encode. QEMU checks each
 * value against the base of the values before it, so whether it notices depends on option
 * order and some overflows slip through and are truncated in the table; this class checks
 * every value against the final base, which rejects everything QEMU rejects, in any order.
 */
final class HmatEncoding {

    private HmatEncoding() {
    }

    /** One value of a structure, with the entry it came from for messages. */
    record Value(HmatEntry entry, long amount) {
    }

    /**
     * Latencies (ns): the base is the largest power of ten dividing every value. Returns a
     * problem naming the entry that sets the base and the first entry too large for it.
     */
    static Optional<String> checkLatencies(List<Value> values, String structure) {
        Value finest = values.get(0);
        for (Value value : values) {
            if (largestPowerOfTenDividing(value.amount()) < largestPowerOfTenDividing(finest.amount())) {
                finest = value;
            }
        }
        long base = largestPowerOfTenDividing(finest.amount());
        for (Value value : values) {
            if (value.amount() / base > TopologyLimits.MAX_HMAT_ENTRY) {
                return Optional.of(structure + " cannot be encoded: " + value.entry().describe() + " has "
                        + value.amount() + "ns, " + value.amount() / base + " times the unit of " + base
                        + "ns that " + finest.entry().describe() + " (" + finest.amount() + "ns) imposes, and HMAT"
                        + " entries hold at most " + TopologyLimits.MAX_HMAT_ENTRY + "; bring the latencies closer"
                        + " together or round them to multiples of a larger power of ten");
            }
        }
        return Optional.empty();
    }

    /**
     * Bandwidths (MiB/s; QEMU works in bytes/s, which only shifts every value alike): the base is
     * the lowest bit set in any value, and the set bits of all values together may span at most
     * 16 bits. Returns a problem naming the entries with the lowest and highest set bit.
     */
    static Optional<String> checkBandwidths(List<Value> values, String structure) {
        Value lowest = values.get(0);
        Value highest = values.get(0);
        long bits = 0;
        for (Value value : values) {
            bits |= value.amount();
            if (Long.numberOfTrailingZeros(value.amount()) < Long.numberOfTrailingZeros(lowest.amount())) {
                lowest = value;
            }
            if (value.amount() > highest.amount()) {
                highest = value;
            }
        }
        int firstBit = Long.numberOfTrailingZeros(bits);
        int lastBit = 64 - Long.numberOfLeadingZeros(bits);
        if (lastBit - firstBit > TopologyLimits.MAX_BANDWIDTH_SPAN_BITS
                || highest.amount() >>> firstBit > TopologyLimits.MAX_HMAT_ENTRY) {
            return Optional.of(structure + " cannot be encoded: " + highest.entry().describe() + " has "
                    + highest.amount() + "MiB/s and " + lowest.entry().describe() + " has " + lowest.amount()
                    + "MiB/s, too far apart for HMAT's 16-bit entries over a common unit of " + (1L << firstBit)
                    + "MiB/s; bring the bandwidths closer together or use round binary values such as 8GiB/s");
        }
        return Optional.empty();
    }

    private static long largestPowerOfTenDividing(long value) {
        long power = 1;
        while (value != 0 && value % (power * 10) == 0) {
            power *= 10;
        }
        return power;
    }
}
