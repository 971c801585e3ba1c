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
    void theHotPlugFixtureAndThe36NodeOneFallToDifferentShardsOfTwo() {
        RunMatrix first = RunMatrix.of(SHIPPED, new Shard(1, 2));
        RunMatrix second = first.as(new Shard(2, 2));
        assertThat(first.mineNames().contains("cxl-far-memory")).isNotEqualTo(second.mineNames().contains("cxl-far-memory"));
        assertThat(first.mineNames().contains("cxl-far-memory")).isNotEqualTo(first.mineNames().contains("hms-4s32g"));
    }

    @Test
    void aRunBelongsToTheCellOfItsFixtureAndRunsAreOrderedByCell() {
        assertThat(RunMatrix.cellOf("cxl-far-memory.hotplug-dimm0")).isEqualTo("cxl-far-memory");
        assertThat(RunMatrix.cellOf("two-socket")).isEqualTo("two-socket");
        RunMatrix matrix = new RunMatrix(List.of(new RunMatrix.Cell("b", 1), new RunMatrix.Cell("a", 1)), Shard.WHOLE);
        List<TopologyRun> runs = List.of(run("a"), run("b.hotplug-x"), run("a.hotplug-y"), run("b"));
        assertThat(matrix.order(runs).stream().map(TopologyRun::topology))
                .containsExactly("b.hotplug-x", "b", "a", "a.hotplug-y");
        assertThat(RunMatrix.whole(runs).names()).containsExactly("a", "b");
    }

    private static TopologyRun run(String name) {
        return new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), "");
    }
}
