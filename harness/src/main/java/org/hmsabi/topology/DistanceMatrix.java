package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The node distance table (ACPI SLIT), indexed by node id.
 *
 * @param rows               {@code rows.get(from).get(to)} is the distance from node {@code from} to node {@code to}
 * @param declaredAsymmetric whether the fixture said {@code asymmetric: true}; only then may the
 *                           table differ from its transpose. It describes the fixture's intent,
 *                           not the machine, so it is not part of the content hash.
 */
public record DistanceMatrix(List<List<Integer>> rows, boolean declaredAsymmetric) {

    /** ACPI and QEMU: a node's distance to itself. */
    public static final int LOCAL = 10;
    /** The distance QEMU and Linux assume between two nodes when no table is given. */
    public static final int DEFAULT_REMOTE = 20;

    public DistanceMatrix {
        Objects.requireNonNull(rows, "rows");
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** The table QEMU and Linux assume without a SLIT: 10 on the diagonal, 20 elsewhere. */
    public static DistanceMatrix defaults(int nodeCount) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int from = 0; from < nodeCount; from++) {
            List<Integer> row = new ArrayList<>();
            for (int to = 0; to < nodeCount; to++) {
                row.add(from == to ? LOCAL : DEFAULT_REMOTE);
            }
            rows.add(row);
        }
        return new DistanceMatrix(rows, false);
    }

    public int size() {
        return rows.size();
    }

    /** The distance from node {@code from} to node {@code to}. */
    public int distance(int from, int to) {
        if (from < 0 || from >= rows.size() || to < 0 || to >= rows.get(from).size()) {
            throw new IllegalArgumentException("no distance from node " + from + " to node " + to
                    + " in a " + rows.size() + "-node table");
        }
        return rows.get(from).get(to);
    }

    /** True when every row has one entry per node. */
    public boolean isSquare() {
        return rows.stream().allMatch(row -> row.size() == rows.size());
    }

    public boolean isSymmetric() {
        for (int from = 0; from < rows.size(); from++) {
            for (int to = from + 1; to < rows.size(); to++) {
                if (distance(from, to) != distance(to, from)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when the table says nothing beyond the defaults, so QEMU needs no {@code -numa dist}. */
    public boolean isDefault() {
        return rows.equals(defaults(rows.size()).rows());
    }
}
