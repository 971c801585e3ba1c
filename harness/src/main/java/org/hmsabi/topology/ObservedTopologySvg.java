package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hmsabi topology --format svg}: CPU nodes (blue) in a row, each with its memory-only
 * nodes (orange) below it on a bus line, labelled with the bandwidth and latency their best
 * initiator sees (or the distance when the tree has no access classes); CPU nodes joined by
 * arcs labelled with their distance. Memory-only nodes wrap into columns of {@value #ROWS}, so
 * the picture grows in width, not height, and stays usable for hundreds of nodes. Only
 * node-to-initiator and CPU-to-CPU edges are drawn: all pairs would be unreadable beyond a few nodes.
 */
public final class ObservedTopologySvg {
    private static final int ROWS = 8;
    private static final int BOX_W = 150;
    private static final int BOX_H = 40;
    private static final int GAP = 20;
    private static final int BUS = 12;
    /** Beyond this many CPU nodes only neighbours are joined by arcs. */
    private static final int ALL_PAIRS = 8;

    private ObservedTopologySvg() {
    }

    public static String render(ObservedTopology topology) {
        Map<Integer, List<ObservedTopology.Node>> groups = groups(topology);
        int arcSpace = 30 + 12 * Math.min(groups.size(), ALL_PAIRS);
        int top = arcSpace + 10;
        StringBuilder body = new StringBuilder();
        Map<Integer, int[]> cpuBoxes = new LinkedHashMap<>();
        int x = GAP;
        int height = top + BOX_H + GAP;
        for (Map.Entry<Integer, List<ObservedTopology.Node>> group : groups.entrySet()) {
            Optional<ObservedTopology.Node> cpu = topology.node(group.getKey());
            int columns = Math.max(1, (group.getValue().size() + ROWS - 1) / ROWS);
            if (cpu.isPresent()) {
                cpuBoxes.put(cpu.get().id(), new int[] {x, top});
                box(body, x, top, cpu.get(), "#cfe2ff", List.of("cpus " + NodeLists.format(cpu.get().cpus())));
            } else {
                text(body, x, top + 24, "no initiator", "#666");
            }
            for (int i = 0; i < group.getValue().size(); i++) {
                ObservedTopology.Node memory = group.getValue().get(i);
                int column = i / ROWS;
                int bx = x + BUS + column * (BOX_W + BUS + GAP);
                int by = top + BOX_H + GAP + (i % ROWS) * (BOX_H + 8);
                int busX = bx - BUS / 2;
                if (cpu.isPresent()) {
                    line(body, busX, by + BOX_H / 2, bx, by + BOX_H / 2);
                    if (i % ROWS == 0) {
                        int last = Math.min(group.getValue().size() - 1, i + ROWS - 1) % ROWS;
                        line(body, busX, top + BOX_H, busX, by + last * (BOX_H + 8) + BOX_H / 2);
                    }
                }
                box(body, bx, by, memory, "#ffe8cc", List.of(edgeLabel(memory, group.getKey())));
                height = Math.max(height, by + BOX_H + GAP);
            }
            x += Math.max(BOX_W + GAP, columns * (BOX_W + BUS + GAP));
        }
        arcs(body, topology, cpuBoxes, top);
        int width = Math.max(x, 360);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height + 30)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height + 30).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(body);
        text(svg, GAP, height + 15, topology.nodes().size() + " nodes. Blue: CPU nodes (edges: distance). Orange: memory-only nodes,"
                + " under their best initiator (bandwidth MB/s, latency ns; or distance).", "#333");
        return svg.append("</svg>\n").toString();
    }

    /**
     * CPU node id → the memory-only nodes it initiates for (its access0 initiator, else the
     * nearest CPU node); key -1 for memory-only nodes with neither.
     */
    private static Map<Integer, List<ObservedTopology.Node>> groups(ObservedTopology topology) {
        Map<Integer, List<ObservedTopology.Node>> groups = new LinkedHashMap<>();
        topology.nodes().stream().filter(ObservedTopology.Node::hasCpus).forEach(cpu -> groups.put(cpu.id(), new ArrayList<>()));
        for (ObservedTopology.Node node : topology.nodes()) {
            if (!node.hasCpus()) {
                groups.computeIfAbsent(homeOf(topology, node), key -> new ArrayList<>()).add(node);
            }
        }
        return groups;
    }

    private static int homeOf(ObservedTopology topology, ObservedTopology.Node node) {
        ObservedTopology.AccessClass best = node.access().get("access0");
        if (best != null) {
            for (int initiator : best.initiators()) {
                if (topology.node(initiator).filter(ObservedTopology.Node::hasCpus).isPresent()) {
                    return initiator;
                }
            }
        }
        return node.distances().entrySet().stream()
                .filter(entry -> topology.node(entry.getKey()).filter(ObservedTopology.Node::hasCpus).isPresent())
                .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
    }

    private static String edgeLabel(ObservedTopology.Node memory, int home) {
        ObservedTopology.AccessClass best = memory.access().get("access0");
        if (best != null && best.readBandwidthMBps().isPresent()) {
            return best.readBandwidthMBps().getAsLong() + " MB/s"
                    + (best.readLatencyNs().isPresent() ? ", " + best.readLatencyNs().getAsLong() + " ns" : "");
        }
        Integer distance = memory.distances().get(home);
        return distance == null ? "no distance" : "distance " + distance;
    }

    private static void arcs(StringBuilder body, ObservedTopology topology, Map<Integer, int[]> cpuBoxes, int top) {
        List<Integer> cpus = new ArrayList<>(cpuBoxes.keySet());
        for (int a = 0; a < cpus.size(); a++) {
            for (int b = a + 1; b < cpus.size(); b++) {
                if (cpus.size() > ALL_PAIRS && b != a + 1) {
                    continue;
                }
                int to = cpus.get(b);
                Integer distance = topology.node(cpus.get(a)).map(node -> node.distances().get(to)).orElse(null);
                if (distance == null) {
                    continue;
                }
                int x1 = cpuBoxes.get(cpus.get(a))[0] + BOX_W / 2;
                int x2 = cpuBoxes.get(cpus.get(b))[0] + BOX_W / 2;
                int rise = Math.min(top - 15, 20 + 12 * (b - a));
                body.append(String.format("<path d=\"M%d %d Q%d %d %d %d\" fill=\"none\" stroke=\"#4a78c2\"/>%n",
                        x1, top, (x1 + x2) / 2, top - 2 * rise, x2, top));
                text(body, (x1 + x2) / 2 - 8, top - rise - 2, String.valueOf(distance), "#4a78c2");
            }
        }
    }

    private static void box(StringBuilder body, int x, int y, ObservedTopology.Node node, String fill, List<String> lines) {
        body.append(String.format("<g><title>node %d</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#555\"/>%n",
                node.id(), x, y, BOX_W, BOX_H, fill));
        String memory = node.memTotalKiB().isPresent() ? " · " + node.memTotalKiB().getAsLong() / 1024 + " MiB" : "";
        text(body, x + 6, y + 16, "node " + node.id() + memory, "#000");
        for (int i = 0; i < lines.size(); i++) {
            text(body, x + 6, y + 31 + 12 * i, lines.get(i), "#333");
        }
        body.append("</g>\n");
    }

    private static void line(StringBuilder body, int x1, int y1, int x2, int y2) {
        body.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c27a1e\"/>%n", x1, y1, x2, y2));
    }

    private static void text(StringBuilder body, int x, int y, String text, String colour) {
        body.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", x, y, colour, escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
