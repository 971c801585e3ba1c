package org.hmsabi.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hmsabi.Shard;
import org.hmsabi.topology.RunCost;
import org.hmsabi.topology.Topology;

/**
 * The matrix a run was cut from and the part it did: every cell of the whole run (for the gate a
 * fixture's boot-time comparison, one of its host-plugged devices or its CXL region, {@link GateCell};
 * for {@code check} a fixture), its expected cost, and the shard. A run without {@code --shard} is shard 1/1
 * and does every cell. Merging shards checks they were cut from the same matrix and that every
 * part is there exactly once.
 *
 * @param cells every cell of the whole run, in the run's order
 * @param shard the part this run did
 */
public record RunMatrix(List<Cell> cells, Shard shard) {

    /** One cell: its name (a fixture, or a run of one such as {@code cxl-far-memory.hotplug-dimm0}) and its expected cost ({@link RunCost}). */
    public record Cell(String name, long cost) {
    }

    public RunMatrix {
        cells = List.copyOf(cells);
        Set<String> names = new LinkedHashSet<>();
        for (Cell cell : cells) {
            if (!names.add(cell.name())) {
                throw new IllegalArgumentException("cell " + cell.name() + " twice");
            }
        }
    }

    /** The matrix whose cells are these topologies, each whole, cut for {@code shard}. */
    public static RunMatrix of(List<Topology> topologies, Shard shard) {
        return new RunMatrix(topologies.stream().map(topology -> new Cell(topology.name(), RunCost.of(topology))).toList(), shard);
    }

    /** The whole matrix a run's reports show: one cell per run's fixture, in order, every cell done. */
    public static RunMatrix whole(List<TopologyRun> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> names.add(TopologyRun.fixtureOf(run.topology())));
        return new RunMatrix(names.stream().map(name -> new Cell(name, 1)).toList(), Shard.WHOLE);
    }

    /** The cells this shard does, in the matrix's order. */
    public List<Cell> mine() {
        return shard.of(cells, Cell::cost, Cell::name);
    }

    /** The expected cost of this shard's cells, in {@link RunCost}'s units. */
    public long mineCost() {
        return mine().stream().mapToLong(Cell::cost).sum();
    }

    /** The expected cost of the whole matrix. */
    public long totalCost() {
        return cells.stream().mapToLong(Cell::cost).sum();
    }

    /** The names of the cells this shard does. */
    public List<String> mineNames() {
        return mine().stream().map(Cell::name).toList();
    }

    /** The names of every cell, in order. */
    public List<String> names() {
        return cells.stream().map(Cell::name).toList();
    }

    /** Only the topologies this shard does, in their order. */
    public List<Topology> select(List<Topology> topologies) {
        List<String> mine = mineNames();
        return topologies.stream().filter(topology -> mine.contains(topology.name())).toList();
    }

    /** The same matrix, as part {@code other} of it. */
    public RunMatrix as(Shard other) {
        return new RunMatrix(cells, other);
    }

    /**
     * The cell a run of a report belongs to: the cell of its name (the gate's runs are named as their
     * cells), else the cell of its fixture (a run {@code <fixture>.<part>} of a matrix whose cells are
     * fixtures); fixture names have no dot.
     */
    public String cellOf(String runName) {
        return names().contains(runName) ? runName : TopologyRun.fixtureOf(runName);
    }

    /** The runs in the matrix's cell order (stable within a cell): how a whole run orders them. */
    public List<TopologyRun> order(List<TopologyRun> runs) {
        List<String> names = names();
        List<TopologyRun> ordered = new ArrayList<>(runs);
        ordered.sort(java.util.Comparator.comparingInt(run -> {
            int index = names.indexOf(cellOf(run.topology()));
            return index < 0 ? Integer.MAX_VALUE : index;
        }));
        return List.copyOf(ordered);
    }
}
