package org.hmsabi.topology;

/** Rules about the distance table (ACPI SLIT). */
final class DistanceRules {

    private DistanceRules() {
    }

    static void check(Topology topology, Problems problems) {
        DistanceMatrix distances = topology.distances();
        int nodeCount = topology.nodes().size();
        if (distances.size() != nodeCount || !distances.isSquare()) {
            problems.add("distance table is not " + nodeCount + "x" + nodeCount + "; give one row of "
                    + nodeCount + " distances per node, in node id order");
            return;
        }
        for (int from = 0; from < nodeCount; from++) {
            for (int to = 0; to < nodeCount; to++) {
                checkValue(from, to, distances.distance(from, to), problems);
            }
        }
        if (!distances.declaredAsymmetric()) {
            checkSymmetry(distances, problems);
        }
    }

    private static void checkValue(int from, int to, int value, Problems problems) {
        if (from == to) {
            if (value != DistanceMatrix.LOCAL) {
                // QEMU hw/core/numa.c parse_numa_distance: "Local distance of node %d should be 10".
                problems.add("distance from node " + from + " to itself is " + value + "; local distances are always 10,"
                        + " set it to 10");
            }
            return;
        }
        if (value <= DistanceMatrix.LOCAL) {
            // QEMU rejects values below 10; Linux (drivers/acpi/numa/srat.c slit_valid) ignores the
            // whole SLIT if any remote distance is 10 or less, so 10 is refused here as well.
            problems.add("distance from node " + from + " to node " + to + " is " + value
                    + "; remote distances must be 11 to 255 (Linux ignores a SLIT with a remote distance of 10"
                    + " or less), raise it");
        } else if (value > TopologyLimits.MAX_DISTANCE) {
            problems.add("distance from node " + from + " to node " + to + " is " + value
                    + "; QEMU takes distances up to 255, lower it");
        }
    }

    private static void checkSymmetry(DistanceMatrix distances, Problems problems) {
        for (int from = 0; from < distances.size(); from++) {
            for (int to = from + 1; to < distances.size(); to++) {
                int there = distances.distance(from, to);
                int back = distances.distance(to, from);
                if (there != back) {
                    problems.add("distance from node " + from + " to node " + to + " is " + there + " but from node "
                            + to + " to node " + from + " is " + back + "; make them equal or declare"
                            + " 'asymmetric: true' under distances");
                }
            }
        }
    }
}
