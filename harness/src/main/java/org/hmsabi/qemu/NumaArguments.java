package org.hmsabi.qemu;

import org.hmsabi.topology.DistanceMatrix;
import org.hmsabi.topology.GenericInitiator;
import org.hmsabi.topology.HmatDataType;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.HotPlugDevice;
import org.hmsabi.topology.HotPlugDeviceKind;
import org.hmsabi.topology.MemorySideCache;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The QEMU 7.2 arguments that give a guest a topology's memory layout: {@code -smp}, {@code -m},
 * one RAM backend per node with memory, and the {@code -numa node|cpu|dist|hmat-lb|hmat-cache}
 * options; generic initiators need QEMU 9.0 ({@link QemuRequirements}). Nothing about kernel, console or devices; the machine option is built elsewhere and
 * must carry {@code hmat=on} when {@link #needsHmat(Topology)} says so.
 *
 * <p>Order matters to QEMU, which checks {@code -numa} options as it reads them: all nodes
 * first (hmat-lb checks node ids against the nodes seen so far), then CPUs (hmat-lb wants its
 * initiator to have CPUs already), then distances, then hmat-lb, then hmat-cache (which needs the
 * node's latency and bandwidth first).
 *
 * <p>The topology must be valid ({@code TopologyValidator}); these arguments are built as
 * asked, so an invalid topology yields arguments QEMU rejects, which the tests rely on.
 */
public final class NumaArguments {

    private static final long MIB = 1L << 20;

    private NumaArguments() {
    }

    /** The arguments, in the order QEMU needs them. */
    public static List<String> forTopology(Topology topology) {
        List<String> args = new ArrayList<>();
        add(args, "-smp", smp(topology));
        add(args, "-m", memory(topology));
        for (NumaNode node : topology.nodes()) {
            if (node.hasMemory()) {
                add(args, "-object", "memory-backend-ram,id=" + memoryBackendId(node.id())
                        + ",size=" + qemuSize(node.memoryBytes()));
            }
        }
        for (NumaNode node : topology.nodes()) {
            add(args, "-numa", numaNode(node));
        }
        List<NumaNode> cpuNodes = topology.cpuNodes();
        for (int socket = 0; socket < cpuNodes.size(); socket++) {
            add(args, "-numa", "cpu,node-id=" + cpuNodes.get(socket).id() + ",socket-id=" + socket);
        }
        distances(topology.distances(), args);
        for (HmatEntry entry : sortedHmat(topology)) {
            hmatEntry(entry, args);
        }
        for (MemorySideCache cache : sortedCaches(topology)) {
            add(args, "-numa", hmatCache(cache));
        }
        virtioMemDevices(topology, args);
        deviceMemory(topology, args);
        genericInitiators(topology, args);
        topology.cxl().ifPresent(bridge -> args.addAll(CxlArguments.forHostBridge(bridge)));
        return List.copyOf(args);
    }

    /**
     * virtio-mem devices are cold-plugged at boot with nothing plugged ({@code requested-size=0})
     * and grown later with {@code qom-set requested-size}: resizing is how virtio-mem adds memory
     * (a device_add would also need a free PCIe root port on q35). DIMMs are device_add'ed at
     * event time instead.
     */
    private static void virtioMemDevices(Topology topology, List<String> args) {
        List<HotPlugDevice> devices = topology.hotPlug().map(room -> room.devices(HotPlugDeviceKind.VIRTIO_MEM)).orElse(List.of());
        for (int index = 0; index < devices.size(); index++) {
            HotPlugDevice device = devices.get(index);
            add(args, "-object", "memory-backend-ram,id=" + virtioMemBackendId(index) + ",size=" + qemuSize(device.sizeBytes()));
            add(args, "-device", "virtio-mem-pci,id=" + virtioMemDeviceId(index) + ",memdev=" + virtioMemBackendId(index)
                    + ",node=" + device.node() + ",requested-size=0");
        }
    }

    /** The QOM id of the fixture's {@code index}-th virtio-mem device (fixture order among virtio-mem devices). */
    public static String virtioMemDeviceId(int index) {
        return "vmem" + index;
    }

    /** The RAM backend behind that virtio-mem device. */
    public static String virtioMemBackendId(int index) {
        return "vmem" + index + "-ram";
    }

    /** Whether the machine carries a virtio-mem device (the guest then needs the virtio_mem driver). */
    public static boolean hasVirtioMem(Topology topology) {
        return topology.hotPlug().map(room -> !room.devices(HotPlugDeviceKind.VIRTIO_MEM).isEmpty()).orElse(false);
    }

    /**
     * Whether the machine needs {@code hmat=on}: QEMU refuses {@code initiator=}, hmat-lb and
     * hmat-cache without it. In a valid topology every CPU-less node carries an initiator.
     */
    public static boolean needsHmat(Topology topology) {
        return topology.nodes().stream().anyMatch(node -> node.initiator().isPresent())
                || !topology.hmat().isEmpty() || !topology.caches().isEmpty();
    }

    /** The QOM id of a node's boot RAM backend, e.g. {@code ram-node2}. */
    public static String memoryBackendId(int nodeId) {
        return "ram-node" + nodeId;
    }

    /**
     * A size in QEMU's syntax, exact: the largest binary suffix that divides it, else bytes
     * with a {@code B} suffix (a bare number means MiB to {@code -m} but bytes elsewhere).
     */
    static String qemuSize(long bytes) {
        String[] suffixes = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < suffixes.length; i++) {
            if (bytes > 0 && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + suffixes[i];
            }
        }
        return bytes + "B";
    }

    /** Each CPU node is one socket; the validator ensures every CPU node has the same count. */
    private static String smp(Topology topology) {
        List<NumaNode> cpuNodes = topology.cpuNodes();
        int sockets = Math.max(1, cpuNodes.size());
        int cores = cpuNodes.isEmpty() ? 1 : cpuNodes.get(0).cpus();
        return "cpus=" + topology.totalCpus() + ",sockets=" + sockets + ",cores=" + cores + ",threads=1";
    }

    private static String memory(Topology topology) {
        String memory = "size=" + qemuSize(topology.totalMemoryBytes());
        return topology.hotPlug().map(room -> memory
                        + (room.slots() > 0 ? ",slots=" + room.slots() : "")
                        + ",maxmem=" + qemuSize(room.maxMemoryBytes()))
                .orElse(memory);
    }

    private static String numaNode(NumaNode node) {
        StringBuilder option = new StringBuilder("node,nodeid=").append(node.id());
        if (node.hasMemory()) {
            option.append(",memdev=").append(memoryBackendId(node.id()));
        }
        node.initiator().ifPresent(initiator -> option.append(",initiator=").append(initiator));
        return option.toString();
    }

    /**
     * None when the table is the default one (QEMU then builds no SLIT and Linux assumes 10/20,
     * the same table). Otherwise every pair: once one distance is given QEMU requires at least
     * one direction of every pair, and both directions of every pair if any pair is asymmetric.
     */
    private static void distances(DistanceMatrix distances, List<String> args) {
        if (distances.isDefault()) {
            return;
        }
        boolean symmetric = distances.isSymmetric();
        for (int from = 0; from < distances.size(); from++) {
            for (int to = symmetric ? from + 1 : 0; to < distances.size(); to++) {
                if (from != to) {
                    add(args, "-numa", "dist,src=" + from + ",dst=" + to + ",val=" + distances.distance(from, to));
                }
            }
        }
    }

    private static List<HmatEntry> sortedHmat(Topology topology) {
        return topology.hmat().stream()
                .sorted(Comparator.comparing(HmatEntry::hierarchy)
                        .thenComparingInt(HmatEntry::initiator)
                        .thenComparingInt(HmatEntry::target))
                .toList();
    }

    private static void hmatEntry(HmatEntry entry, List<String> args) {
        for (Map.Entry<HmatDataType, Long> value : entry.performance().values().entrySet()) {
            HmatDataType type = value.getKey();
            String figure = type.isLatency()
                    ? "latency=" + value.getValue()
                    : "bandwidth=" + qemuSize(value.getValue() * MIB);
            add(args, "-numa", "hmat-lb,initiator=" + entry.initiator() + ",target=" + entry.target()
                    + ",hierarchy=" + entry.hierarchy().qemuName() + ",data-type=" + type.qemuName() + "," + figure);
        }
    }

    private static List<MemorySideCache> sortedCaches(Topology topology) {
        // Lower levels first: QEMU wants level n-1 of a node defined before level n.
        return topology.caches().stream()
                .sorted(Comparator.comparingInt(MemorySideCache::node).thenComparingInt(MemorySideCache::level))
                .toList();
    }

    private static String hmatCache(MemorySideCache cache) {
        return "hmat-cache,node-id=" + cache.node() + ",size=" + qemuSize(cache.sizeBytes()) + ",level=" + cache.level()
                + ",associativity=" + cache.associativity().qemuName() + ",policy=" + cache.policy().qemuName()
                + ",line=" + cache.lineBytes();
    }

    /**
     * Each {@code device-memory} device as QEMU's ivshmem-plain PCI device (1af4:1110), whose
     * BAR2 is its RAM backend: memory a driver finds behind a BAR and adds to its node. The node
     * is the driver's choice (the example driver's {@code nid}); QEMU knows nothing of it.
     * {@code master=on} makes the device the one that carries the memory's content in a migration
     * (QEMU's docs/system/devices/ivshmem.rst, "Migration with ivshmem"); with the default
     * {@code master=off} the device blocks migration, so no guest state could be saved. No other
     * device shares the backend, and the property changes nothing the guest sees (it is read only
     * by the migration code of hw/misc/ivshmem.c).
     */
    private static void deviceMemory(Topology topology, List<String> args) {
        List<HotPlugDevice> devices = topology.hotPlug()
                .map(room -> room.devices(HotPlugDeviceKind.DEVICE_MEMORY)).orElse(List.of());
        for (int i = 0; i < devices.size(); i++) {
            add(args, "-object", "memory-backend-ram,id=" + deviceMemoryBackendId(i) + ",size=" + qemuSize(devices.get(i).sizeBytes()));
            add(args, "-device", "ivshmem-plain,memdev=" + deviceMemoryBackendId(i) + ",master=on");
        }
    }

    /**
     * Each generic initiator as a PCI device in its node (QEMU 9.0 and later): QEMU's
     * {@code pci-testdev}, which needs no backend, no network and no guest driver, tied to the node
     * by {@code -object acpi-generic-initiator}, which puts a Generic Initiator Affinity structure
     * for it into the SRAT and makes the node a valid hmat-lb initiator. QEMU creates such objects
     * before it reads {@code -numa}, so their place on the command line does not matter.
     */
    private static void genericInitiators(Topology topology, List<String> args) {
        List<GenericInitiator> initiators = topology.genericInitiators();
        for (int i = 0; i < initiators.size(); i++) {
            add(args, "-device", "pci-testdev,id=" + genericInitiatorDeviceId(i));
            add(args, "-object", "acpi-generic-initiator,id=gi" + i + ",pci-dev=" + genericInitiatorDeviceId(i)
                    + ",node=" + initiators.get(i).node());
        }
    }

    /** The QOM id of the i-th generic initiator's PCI device, e.g. {@code gi0-dev}. */
    public static String genericInitiatorDeviceId(int index) {
        return "gi" + index + "-dev";
    }

    /** The QOM id of the i-th device-memory backend, e.g. {@code devmem0}. */
    public static String deviceMemoryBackendId(int index) {
        return "devmem" + index;
    }

    private static void add(List<String> args, String option, String value) {
        args.add(option);
        args.add(value);
    }
}
