package org.hmsabi.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.hotplug.HotPlugScenario;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.topology.RunCost;
import org.hmsabi.topology.Topology;

/**
 * One cell of the gate's matrix, the smallest piece a shard does: a fixture's boot-time comparison,
 * one host-plugged device of it, or its CXL region. Each compares one baseline snapshot with one of
 * the candidate, and is one run of the report, named as the cell. Each needs only its own golden
 * file and its own guests, so the cells of one fixture can fall to different shards.
 */
sealed interface GateCell permits GateCell.BootTime, GateCell.HotPlugDevice, GateCell.AfterRegion {

    Topology topology();

    /** The cell's name, which is also the name of its run in the report. */
    String name();

    /** Its expected cost when the runner's QEMU can emulate the fixture ({@link RunCost}). */
    long cost();

    /** The baseline's golden file of this cell, if there is one (not yet checked against the fixture). */
    Optional<Snapshot> readGolden(GoldenFiles golden, String kernelKey);

    /** The fixture booted on both kernels: the diff, the checks, the kernel logs. Named after the fixture. */
    record BootTime(Topology topology) implements GateCell {
        public String name() {
            return topology.name();
        }

        public long cost() {
            return RunCost.bootTime(topology);
        }

        public Optional<Snapshot> readGolden(GoldenFiles golden, String kernelKey) {
            return golden.read(topology.name(), kernelKey);
        }
    }

    /** One device the host hot-plugs, by its QOM id ({@code dimm0}): named {@code <fixture>.hotplug-<device>}. */
    record HotPlugDevice(Topology topology, String device) implements GateCell {
        public String name() {
            return topology.name() + ".hotplug-" + device;
        }

        public long cost() {
            return RunCost.hotPlugDevice(topology, HotPlugScenario.devicesById(topology).get(device));
        }

        public Optional<Snapshot> readGolden(GoldenFiles golden, String kernelKey) {
            return golden.readHotPlug(topology.name(), kernelKey, device);
        }
    }

    /** The CXL region of a fixture with a {@code cxl:} section: named {@code <fixture>.after-region}. */
    record AfterRegion(Topology topology) implements GateCell {
        public String name() {
            return topology.name() + GateCxl.RUN_SUFFIX;
        }

        public long cost() {
            return RunCost.afterRegion(topology);
        }

        public Optional<Snapshot> readGolden(GoldenFiles golden, String kernelKey) {
            return golden.readAfterRegion(topology.name(), kernelKey);
        }
    }

    /** Every cell of the gate on these fixtures, in order: per fixture its boot-time cell, its devices, its region. */
    static List<GateCell> of(List<Topology> topologies) {
        List<GateCell> cells = new ArrayList<>();
        for (Topology topology : topologies) {
            cells.add(new BootTime(topology));
            HotPlugScenario.devicesById(topology).keySet().forEach(device -> cells.add(new HotPlugDevice(topology, device)));
            if (topology.cxl().isPresent()) {
                cells.add(new AfterRegion(topology));
            }
        }
        return List.copyOf(cells);
    }
}
