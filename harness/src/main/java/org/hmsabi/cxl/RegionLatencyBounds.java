package org.hmsabi.cxl;

import java.util.Optional;

/**
 * The range a CXL region's access-class latency must fall in, from the figures on its path. Linux
 * (6.9+) sums the host side (the generic port's HMAT figure from the initiator), the device's CDAT
 * latency and the flit latency of every CXL link below the host bridge (drivers/cxl/core/cdat.c
 * {@code cxl_port_perf_data_calculate}, drivers/cxl/core/port.c
 * {@code cxl_endpoint_get_perf_coordinates}, drivers/cxl/core/pci.c {@code cxl_pci_get_latency}).
 * So the region's latency is at least the best generic-port figure and at most the worst one plus
 * the device's figure plus {@link #LINK_LATENCY_BOUND_NS} per link.
 *
 * @param hostBestNs   the best HMAT latency from a CPU node to the generic port
 * @param hostWorstNs  the worst HMAT latency from a CPU node to the generic port
 * @param deviceNs     the device's CDAT latency (read or write)
 * @param links        the CXL links between the host bridge and the device
 */
record RegionLatencyBounds(long hostBestNs, long hostWorstNs, long deviceNs, int links) {

    /**
     * The longest one link can take: a 68-byte flit (the flit below 64 GT/s, CXL 3.0 4.2.1) over
     * the slowest link, one lane at 2.5 GT/s with 8b/10b encoding (250 MB/s), is 272 ns; the CXL
     * Memory Device SW Guide 2.11.4 counts a link's latency as its flit latency.
     */
    static final long LINK_LATENCY_BOUND_NS = 68 * 1000 / 250;

    RegionLatencyBounds {
        if (hostBestNs > hostWorstNs || deviceNs < 0 || links < 0) {
            throw new IllegalArgumentException("bad latency bounds: " + hostBestNs + ".." + hostWorstNs + " ns, device "
                    + deviceNs + " ns, " + links + " links");
        }
    }

    /** The most the path can add up to, in ns. */
    long upperNs() {
        return hostWorstNs + deviceNs + links * LINK_LATENCY_BOUND_NS;
    }

    /** What is wrong with {@code value} ns read as {@code name}, or empty if it is in range. */
    Optional<String> problem(String name, long value) {
        if (value < hostBestNs) {
            return Optional.of(name + " is " + value + ", below the generic port's " + hostBestNs + " ns from the fixture's HMAT");
        }
        if (value > upperNs()) {
            return Optional.of(name + " is " + value + ", above the " + upperNs() + " ns the path can add up to (generic port "
                    + hostWorstNs + " ns + the device's CDAT " + deviceNs + " ns + " + links + " link(s) of at most "
                    + LINK_LATENCY_BOUND_NS + " ns)");
        }
        return Optional.empty();
    }
}
