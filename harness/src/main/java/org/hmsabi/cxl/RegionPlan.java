package org.hmsabi.cxl;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What one RAM region is made of: the root decoder of the fixed memory window it lives in, the
 * name the root decoder offers for it ({@code create_ram_region} reads the next free one), the
 * endpoint decoders of the devices that back it, in target position order ({@code target0} first),
 * the device capacity each gives ({@code dpa_size}), and its granularity. Its interleave ways are
 * the number of endpoint decoders and its size their capacity together: an N-way region takes the
 * same capacity from each device (drivers/cxl/core/region.c: {@code alloc_hpa} takes a size that
 * is a multiple of the ways times 256 MiB, and {@code cxl_region_attach} refuses an endpoint
 * decoder whose {@code dpa_size} times the ways is not the region's size).
 */
record RegionPlan(String rootDecoder, String region, List<String> endpointDecoders, long deviceBytes, String granularity) {

    RegionPlan {
        endpointDecoders = List.copyOf(endpointDecoders);
        if (endpointDecoders.isEmpty()) {
            throw new IllegalArgumentException("a region needs at least one endpoint decoder");
        }
    }

    /** The same plan for another region (the cxl tool names its own). */
    RegionPlan named(String name) {
        return new RegionPlan(rootDecoder, name, endpointDecoders, deviceBytes, granularity);
    }

    int ways() {
        return endpointDecoders.size();
    }

    /** The region's size: every device's share together. */
    long sizeBytes() {
        return deviceBytes * ways();
    }

    String root() {
        return CxlSysfs.DEVICES + "/" + rootDecoder;
    }

    String regionDir() {
        return CxlSysfs.DEVICES + "/" + region;
    }

    /** The directory of the endpoint decoder at target position {@code position}. */
    String endpoint(int position) {
        return CxlSysfs.DEVICES + "/" + endpointDecoders.get(position);
    }

    /** The target positions, 0 to ways - 1. */
    List<Integer> positions() {
        return IntStream.range(0, ways()).boxed().toList();
    }

    /** The region's DAX region: drivers/cxl/core/region.c names it {@code dax_region<id>} after the region's id. */
    String daxRegion() {
        return regionDir() + "/dax_" + region;
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
