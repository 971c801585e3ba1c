package org.hmsabi.topology;

/**
 * The numbers the validator enforces, each with where it comes from. "QEMU" means QEMU 7.2 as
 * Debian bookworm ships it (checked against the binary, see fixtures/topologies/README.md);
 * "hmsabi" marks a choice of this project where QEMU would accept more.
 */
final class TopologyLimits {

    /** QEMU include/sysemu/numa.h MAX_NODES; hw/core/numa.c parse_numa_node: "Max number of NUMA nodes reached". */
    static final int MAX_NODES = 128;

    /** QEMU hw/i386/pc_q35.c: max_cpus of pc-q35-7.2 ("Invalid SMP CPUs ... is 288"). */
    static final int MAX_CPUS = 288;

    /** QEMU qapi NumaDistOptions: {@code val} is a uint8. */
    static final int MAX_DISTANCE = 255;

    /** QEMU hw/core/numa.c parse_numa_hmat_cache: level in 1..HMAT_LB_LEVELS-1. */
    static final int MAX_CACHE_LEVEL = 3;

    /** QEMU qapi NumaHmatCacheOptions: {@code line} is a uint16. */
    static final int MAX_CACHE_LINE = 65535;

    /** QEMU hw/core/numa.c parse_numa_hmat_lb: a compressed HMAT entry must stay below UINT16_MAX. */
    static final long MAX_HMAT_ENTRY = 65534;

    /** QEMU hw/core/numa.c parse_numa_hmat_lb: the bandwidths' set bits may span at most 16 bits. */
    static final int MAX_BANDWIDTH_SPAN_BITS = 16;

    /** QEMU hw/i386/pc.c ACPI_MAX_RAM_SLOTS: "unsupported amount of memory slots". */
    static final int MAX_RAM_SLOTS = 256;

    /**
     * Granule of every memory size. QEMU itself requires 2 MiB for memory devices
     * (hw/mem/memory-device.c: "backend memory size must be multiple of 0x200000"), only 8 KiB
     * for the boot memory total and 4 KiB for maxmem; hmsabi asks 2 MiB everywhere so that node
     * boundaries fall on huge-page boundaries and one rule covers all sizes.
     */
    static final long SIZE_GRANULE = 2L << 20;

    /**
     * Linux on x86_64 adds hot-plugged memory in memory blocks of 128 MiB
     * (mm/memory_hotplug.c check_hotplug_memory_range: "Block size ... not aligned"); a DIMM of
     * another size cannot come online. virtio-mem manages sub-block ranges itself.
     */
    static final long LINUX_MEMORY_BLOCK = 128L << 20;

    private TopologyLimits() {
    }
}
