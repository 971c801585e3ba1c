package org.hmsabi.cxl;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.hmsabi.topology.DistanceMatrix;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;

/**
 * Which NUMA node a CXL window's memory becomes, and the machine as Linux numbers it, derived from
 * the fixture and what the kernel source says:
 *
 * <ul>
 * <li>drivers/acpi/numa/srat.c {@code acpi_numa_init}: the SRAT's CPU, memory (and generic
 *     initiator) affinity structures map their proximity domains to node ids 0, 1, ... in order;
 *     a Generic Port Affinity structure maps none (its domain only names the host bridge's HMAT
 *     figures). Then {@code acpi_parse_cfmws} gives each fixed memory window that no SRAT range
 *     covers a node of its own: the next one. So the window's node is the highest node id of the
 *     fixture other than the generic port, plus one.</li>
 * <li>That node is in no SLIT row (the SLIT is read before the windows get their nodes), so
 *     arch/x86/mm/numa.c's default table gives it 20 (REMOTE_DISTANCE) to every other node and 10
 *     to itself.</li>
 * <li>HMAT's figures to the generic port are the host side of the region's performance
 *     (drivers/cxl/core/cdat.c), not figures of any node.</li>
 * </ul>
 */
public final class CxlNodes {

    private CxlNodes() {
    }

    /** The node id the CXL window's memory gets. */
    public static int windowNode(Topology topology) {
        return topology.nodes().stream().filter(node -> !topology.isGenericPort(node.id())).mapToInt(NumaNode::id).max()
                .orElse(-1) + 1;
    }

    /**
     * The machine as the guest's node ABI shows it once the window's memory is online: the
     * fixture's nodes, the window's node in place of the generic port (or after the last node),
     * without boot memory and with the default distances; no HMAT figures to it.
     */
    public static Topology guestView(Topology topology) {
        int window = windowNode(topology);
        List<NumaNode> nodes = new ArrayList<>(topology.nodes().stream().filter(node -> node.id() != window).toList());
        nodes.add(new NumaNode(window, 0, 0, OptionalInt.empty()));
        int size = Math.max(topology.nodes().size(), window + 1);
        List<List<Integer>> rows = new ArrayList<>();
        for (int from = 0; from < size; from++) {
            List<Integer> row = new ArrayList<>();
            for (int to = 0; to < size; to++) {
                boolean windowPair = from == window || to == window;
                row.add(from == to ? DistanceMatrix.LOCAL
                        : windowPair ? DistanceMatrix.DEFAULT_REMOTE : topology.distance(from, to));
            }
            rows.add(row);
        }
        List<HmatEntry> hmat = topology.hmat().stream().filter(entry -> entry.target() != window
                && !topology.isGenericPort(entry.target())).toList();
        return new Topology(topology.name(), topology.description(), nodes, new DistanceMatrix(rows, false), hmat,
                topology.caches(), topology.hotPlug(), topology.genericInitiators(), topology.cxl());
    }
}
