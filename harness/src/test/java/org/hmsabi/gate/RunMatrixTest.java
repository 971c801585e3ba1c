package org.hmsabi.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.Shard;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Test;

class RunMatrixTest {
    private static final List<Topology> SHIPPED = ShippedFixtures.NAMES.stream().map(ShippedFixtures::load).toList();

    @Test
    void theShardsOfTheShippedFixturesCoverEveryFixtureOnceInTheirOrder() {
        List<String> covered = new ArrayList<>();
        for (int index = 1; index <= 3; index++) {
            RunMatrix part = RunMatrix.of(SHIPPED, new Shard(index, 3));
            assertThat(part.names()).isEqualTo(ShippedFixtures.NAMES);
            List<String> mine = part.select(SHIPPED).stream().map(Topology::name).toList();
            assertThat(mine).isEqualTo(part.mineNames());
            covered.addAll(mine);
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ShippedFixtures.NAMES);
        assertThat(RunMatrix.of(SHIPPED, Shard.WHOLE).select(SHIPPED)).isEqualTo(SHIPPED);
    }

    @Test
    void theGatesCellsAreEachFixtureEachOfItsHostPluggedDevicesAndItsRegion() {
        List<String> cells = GateCell.of(SHIPPED).stream().map(GateCell::name).toList();
        assertThat(cells).containsSubsequence("cxl-far-memory", "cxl-far-memory.hotplug-dimm0", "cxl-far-memory.hotplug-vmem0",
                "device-memory");
        assertThat(cells).containsSubsequence("cxl-expander", "cxl-expander.after-region");
        assertThat(cells).containsSubsequence("cxl-interleave", "cxl-interleave.after-region");
        assertThat(cells).filteredOn(cell -> !cell.contains(".")).containsExactlyElementsOf(ShippedFixtures.NAMES);
        // Two host-plugged devices and two CXL regions.
        assertThat(cells).hasSize(ShippedFixtures.NAMES.size() + 4);
    }

    @Test
    void theTwoHostPluggedDevicesFallToDifferentShardsOfTwo() {
        RunMatrix first = gate(new Shard(1, 2));
        RunMatrix second = first.as(new Shard(2, 2));
        String dimm = "cxl-far-memory.hotplug-dimm0";
        String virtioMem = "cxl-far-memory.hotplug-vmem0";
        assertThat(first.mineNames().contains(dimm)).isNotEqualTo(second.mineNames().contains(dimm));
        assertThat(first.mineNames().contains(dimm)).isNotEqualTo(first.mineNames().contains(virtioMem));
        // Balanced: neither part is planned at more than 60% of the whole.
        assertThat(Math.max(first.mineCost(), second.mineCost())).isLessThanOrEqualTo(first.totalCost() * 6 / 10);
        assertThat(first.mineCost() + second.mineCost()).isEqualTo(first.totalCost());
    }

    /**
     * The gate's matrix of the shipped fixtures on a runner with bookworm's QEMU 7.2, as the gate cuts it:
     * the fixtures that need QEMU 9 cost nothing there (they are reported as not judged).
     */
    private static RunMatrix gate(Shard shard) {
        List<String> newerQemu = List.of("gpu-generic-initiator", "cxl-expander", "cxl-interleave");
        return new RunMatrix(GateCell.of(SHIPPED).stream().map(cell -> new RunMatrix.Cell(cell.name(),
                newerQemu.contains(cell.topology().name()) ? 0 : cell.cost())).toList(), shard);
    }

    @Test
    void aRunBelongsToTheCellOfItsNameElseOfItsFixtureAndRunsAreOrderedByCell() {
        RunMatrix fixtures = new RunMatrix(List.of(new RunMatrix.Cell("b", 1), new RunMatrix.Cell("a", 1)), Shard.WHOLE);
        assertThat(fixtures.cellOf("a.hotplug-y")).isEqualTo("a");
        assertThat(fixtures.cellOf("b")).isEqualTo("b");
        List<TopologyRun> runs = List.of(run("a"), run("b.hotplug-x"), run("a.hotplug-y"), run("b"));
        assertThat(fixtures.order(runs).stream().map(TopologyRun::topology))
                .containsExactly("b.hotplug-x", "b", "a", "a.hotplug-y");
        assertThat(RunMatrix.whole(runs).names()).containsExactly("a", "b");

        RunMatrix cells = new RunMatrix(List.of(new RunMatrix.Cell("b", 1), new RunMatrix.Cell("b.hotplug-x", 1),
                new RunMatrix.Cell("a", 1), new RunMatrix.Cell("a.hotplug-y", 1)), Shard.WHOLE);
        assertThat(cells.cellOf("a.hotplug-y")).isEqualTo("a.hotplug-y");
        assertThat(cells.order(List.of(run("a.hotplug-y"), run("b.hotplug-x"), run("a"), run("b"))).stream().map(TopologyRun::topology))
                .containsExactly("b", "b.hotplug-x", "a", "a.hotplug-y");
    }

    private static TopologyRun run(String name) {
        return new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), "");
    }
}
