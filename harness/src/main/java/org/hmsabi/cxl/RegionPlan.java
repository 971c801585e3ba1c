package org.hmsabi.cxl;

/**
 * What one RAM region is made of: the root decoder of the fixed memory window it lives in, the
 * name the root decoder offers for it ({@code create_ram_region} reads the next free one), the
 * endpoint decoder of the device that backs it, its size and its interleave (one device: one way,
 * at the root decoder's granularity, as the cxl tool of ndctl picks it).
 */
record RegionPlan(String rootDecoder, String region, String endpointDecoder, long sizeBytes, int ways, String granularity) {

    String root() {
        return CxlSysfs.DEVICES + "/" + rootDecoder;
    }

    String regionDir() {
        return CxlSysfs.DEVICES + "/" + region;
    }

    String endpoint() {
        return CxlSysfs.DEVICES + "/" + endpointDecoder;
    }

    /** The region's DAX region: drivers/cxl/core/region.c names it {@code dax_region<id>} after the region's id. */
    String daxRegion() {
        return regionDir() + "/dax_" + region;
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
