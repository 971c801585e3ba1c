package org.hmsabi.cxl;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One step of assembling or taking apart a RAM region, through sysfs writes alone, in the order
 * Documentation/ABI/testing/sysfs-bus-cxl and Documentation/driver-api/cxl/ give (and the cxl tool
 * of ndctl follows), with what the attributes must read afterwards. Every expectation is the ABI
 * document's: a written value reads back, a committed decoder decodes the region's range, a bound
 * region has its DAX region, a deleted one is gone.
 */
sealed interface RegionStep {

    /** The step's name in check names, e.g. {@code commit}. */
    String name();

    List<Write> writes(RegionPlan plan);

    List<Expect> expectations(RegionPlan plan);

    /** One write of {@code value} to an attribute. */
    record Write(String path, String value) {
    }

    /** What an attribute (or device) must look like after a step. */
    sealed interface Expect {
        String path();
    }

    /** The attribute reads exactly this (trailing whitespace ignored). */
    record Reads(String path, String value) implements Expect {
    }

    /** The attribute reads this number in hex ({@code 0x10000000} and {@code 0x0000000010000000} alike). */
    record ReadsHex(String path, long value) implements Expect {
    }

    /** The device, directory or link exists, or does not. */
    record Exists(String path, boolean present) implements Expect {
    }

    /** {@code create_ram_region}: the root decoder creates the region it offered. */
    record Create() implements RegionStep {
        public String name() {
            return "create_ram_region";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(plan.root() + "/create_ram_region", plan.region()));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return List.of(new Exists(plan.regionDir(), true), new Reads(plan.regionDir() + "/commit", "0"),
                    new ReadsHex(plan.regionDir() + "/size", 0), new Reads(plan.regionDir() + "/mode", "ram"));
        }
    }

    /** {@code interleave_granularity}, then {@code interleave_ways}. */
    record Geometry() implements RegionStep {
        public String name() {
            return "interleave";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(plan.regionDir() + "/interleave_granularity", plan.granularity()),
                    new Write(plan.regionDir() + "/interleave_ways", String.valueOf(plan.ways())));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return List.of(new Reads(plan.regionDir() + "/interleave_granularity", plan.granularity()),
                    new Reads(plan.regionDir() + "/interleave_ways", String.valueOf(plan.ways())));
        }
    }

    /** The endpoint decoder's {@code mode} (ram) and {@code dpa_size}: device capacity set aside for the region. */
    record Capacity() implements RegionStep {
        public String name() {
            return "endpoint decoder capacity";
        }

        public List<Write> writes(RegionPlan plan) {
            return plan.positions().stream().flatMap(i -> Stream.of(new Write(plan.endpoint(i) + "/mode", "ram"),
                    new Write(plan.endpoint(i) + "/dpa_size", RegionPlan.hex(plan.deviceBytes())))).toList();
        }

        public List<Expect> expectations(RegionPlan plan) {
            return plan.positions().stream().flatMap(i -> Stream.<Expect>of(new Reads(plan.endpoint(i) + "/mode", "ram"),
                    new ReadsHex(plan.endpoint(i) + "/dpa_size", plan.deviceBytes()))).toList();
        }
    }

    /** The region's {@code size}: host physical address space from the window. */
    record Size() implements RegionStep {
        public String name() {
            return "size";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(plan.regionDir() + "/size", RegionPlan.hex(plan.sizeBytes())));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return List.of(new ReadsHex(plan.regionDir() + "/size", plan.sizeBytes()));
        }
    }

    /**
     * {@code target0} to {@code targetN-1}: each endpoint decoder joins the region at its position.
     * With one host bridge whose decoder interleaves over its root ports, any order of the devices is
     * a valid one: the root decoder routes every position to that bridge
     * (drivers/cxl/core/region.c {@code cxl_region_attach}: {@code calc_hb} of a one-target window),
     * and the bridge's decoder lists its root ports in the order the positions give
     * ({@code cxl_port_setup_targets}).
     */
    record Target() implements RegionStep {
        public String name() {
            return "targets";
        }

        public List<Write> writes(RegionPlan plan) {
            return plan.positions().stream().map(i -> new Write(plan.regionDir() + "/target" + i, plan.endpointDecoders().get(i))).toList();
        }

        public List<Expect> expectations(RegionPlan plan) {
            return plan.positions().stream().flatMap(i -> Stream.<Expect>of(
                    new Reads(plan.regionDir() + "/target" + i, plan.endpointDecoders().get(i)),
                    new Reads(plan.endpoint(i) + "/region", plan.region()))).toList();
        }
    }

    /**
     * {@code commit}: the decoders are programmed; each endpoint decoder now decodes the region's
     * whole host range (its {@code size} is the region's, its {@code dpa_size} its share).
     */
    record Commit() implements RegionStep {
        public String name() {
            return "commit";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(plan.regionDir() + "/commit", "1"));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return Stream.concat(Stream.<Expect>of(new Reads(plan.regionDir() + "/commit", "1")),
                    plan.positions().stream().map(i -> new ReadsHex(plan.endpoint(i) + "/size", plan.sizeBytes()))).toList();
        }
    }

    /** The cxl_region driver binds the region, which creates its DAX region (dax_cxl then its DAX device, kmem its memory). */
    record Bind() implements RegionStep {
        public String name() {
            return "bind cxl_region";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(CxlSysfs.REGION_DRIVER + "/bind", plan.region()));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return List.of(new Exists(plan.regionDir() + "/driver", true), new Exists(plan.daxRegion(), true));
        }
    }

    /** Unbinding the region removes its DAX region (the memory must be offline first). */
    record Unbind() implements RegionStep {
        public String name() {
            return "unbind cxl_region";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(CxlSysfs.REGION_DRIVER + "/unbind", plan.region()));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return List.of(new Exists(plan.regionDir() + "/driver", false), new Exists(plan.daxRegion(), false));
        }
    }

    /** {@code commit} 0: the decoders stop decoding (each keeps its range until the region lets the target go). */
    record Decommit() implements RegionStep {
        public String name() {
            return "decommit";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(plan.regionDir() + "/commit", "0"));
        }

        public List<Expect> expectations(RegionPlan plan) {
            return List.of(new Reads(plan.regionDir() + "/commit", "0"));
        }
    }

    /** {@code delete_region}: the region goes, and its targets are detached. */
    record Delete() implements RegionStep {
        public String name() {
            return "delete_region";
        }

        public List<Write> writes(RegionPlan plan) {
            return List.of(new Write(plan.root() + "/delete_region", plan.region()));
        }

        public List<Expect> expectations(RegionPlan plan) {
            // Detaching a target hands its decoder's host range back (drivers/cxl/core/region.c cxl_region_detach).
            return Stream.concat(Stream.<Expect>of(new Exists(plan.regionDir(), false)), plan.positions().stream().flatMap(i -> Stream.<Expect>of(
                    new Reads(plan.endpoint(i) + "/region", ""), new ReadsHex(plan.endpoint(i) + "/size", 0)))).toList();
        }
    }

    /** {@code dpa_size} 0: the device capacity is free again. */
    record Release() implements RegionStep {
        public String name() {
            return "release capacity";
        }

        public List<Write> writes(RegionPlan plan) {
            return plan.positions().stream().map(i -> new Write(plan.endpoint(i) + "/dpa_size", "0")).toList();
        }

        public List<Expect> expectations(RegionPlan plan) {
            return plan.positions().stream().<Expect>map(i -> new ReadsHex(plan.endpoint(i) + "/dpa_size", 0)).toList();
        }
    }

    /** The assembly, in order. */
    List<RegionStep> ASSEMBLE = List.of(new Create(), new Geometry(), new Capacity(), new Size(), new Target(), new Commit(), new Bind());

    /** Taking it apart once its memory is offline, in order. */
    List<RegionStep> TEAR_DOWN = List.of(new Unbind(), new Decommit(), new Delete(), new Release());

    /** What a value read as hex is, or empty when it is no hex number. */
    static Optional<Long> hexValue(String text) {
        String digits = text.strip().replaceFirst("^0x", "");
        if (!digits.matches("[0-9a-fA-F]{1,16}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseUnsignedLong(digits, 16));
    }
}
