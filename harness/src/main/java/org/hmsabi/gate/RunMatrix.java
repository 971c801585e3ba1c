package org.hmsabi.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hmsabi.Shard;
import org.hmsabi.topology.RunCost;
import org.hmsabi.topology.Topology;

/**
 * The matrix a run was cut from and the part it did: every cell of the whole run (a fixture, with
 * the run's kernels), its expected cost, and the shard. A run without {@code --shard} is shard 1/1
 * and does every cell. Merging shards checks they were cut from the same matrix and that every
 * part is there exactly once.
 *
 * @param cells every cell of the whole run, in the run's order
 * @param shard the part this run did
 */
public record RunMatrix(List<Cell> cells, Shard shard) {

    /** One cell: a fixture (the run's kernels on it) and its expected cost ({@link RunCost}). */
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

    /** The matrix of these topologies, cut for {@code shard}. */
    public static RunMatrix of(List<Topology> topologies, Shard shard) {
        return new RunMatrix(topologies.stream().map(topology -> new Cell(topology.name(), RunCost.of(topology))).toList(), shard);
    }

    /** The whole matrix a run's reports show: one cell per run's cell name, in order, every cell done. */
    public static RunMatrix whole(List<TopologyRun> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> names.add(cellOf(run.topology())));
        return new RunMatrix(names.stream().map(name -> new Cell(name, 1)).toList(), Shard.WHOLE);
    }

    /** The cells this shard does, in the matrix's order. */
    public List<Cell> mine() {
        return shard.of(cells, Cell::cost, Cell::name);
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
     * The cell a run of a report belongs to: a fixture's run is named after the fixture, its
     * hot-plug runs {@code <fixture>.hotplug-<device>}, and fixture names have no dot.
     */
    public static String cellOf(String runName) {
        int dot = runName.indexOf('.');
        return dot < 0 ? runName : runName.substring(0, dot);
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
