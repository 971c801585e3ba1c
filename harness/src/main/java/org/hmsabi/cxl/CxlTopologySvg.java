package org.hmsabi.cxl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;

/**
 * A picture of the CXL topology as the guest's {@code /sys/bus/cxl/devices} showed it (the entries
 * {@link CxlSysfs#entries} captures, e.g. in a snapshot with the region online): one row per level,
 * host bridge (with the root decoder of its window and its switch decoders), root port, memdev (with
 * its endpoint), endpoint decoders, region, and the NUMA node the region's memory became, joined by
 * the links sysfs states (a port's {@code dportN}, an endpoint's {@code parent_dport} and
 * {@code uport}, a decoder's {@code region}, a region's {@code targetN}).
 *
 * <p>Everything comes from the guest and is untrusted: device names must look like CXL device names
 * (others are left out and counted), values are cut to {@value #VALUE_CHARS} characters with control
 * characters replaced, link targets are reduced to their last segment, each row shows at most
 * {@value #PER_ROW} boxes (the rest counted), and all text is XML-escaped.
 */
public final class CxlTopologySvg {
    static final int VALUE_CHARS = 32;
    static final int PER_ROW = 8;
    private static final int MAX_DEVICES = 256;
    private static final String DEVICES = CxlSysfs.DEVICES + "/";
    private static final Pattern DEVICE = Pattern.compile("[a-z][a-z_-]{0,23}[0-9]{1,6}(\\.[0-9]{1,6})?");
    private static final Pattern PORT_ID = Pattern.compile("(?:port|endpoint)([0-9]{1,6})");
    private static final Pattern DECODER = Pattern.compile("decoder([0-9]{1,6})\\.([0-9]{1,6})");
    private static final int BOX_W = 190;
    private static final int BOX_H = 58;
    private static final int GAP_X = 20;
    private static final int GAP_Y = 34;
    private static final int LEFT = 150;

    private CxlTopologySvg() {
    }

    /** One box: its device name, its lines of detail, its parents' names (edges drawn upwards). */
    private record Box(String name, List<String> lines, List<String> parents, String fill) {
    }

    /**
     * The picture of the bus in {@code sysfs} (paths under {@code /sys/bus/cxl/devices/}; other
     * paths are ignored), ending in {@code node} (the region's NUMA node, if known).
     */
    public static String render(SortedMap<String, Entry> sysfs, OptionalInt node) {
        Map<String, Map<String, Entry>> devices = new TreeMap<>();
        int refused = 0;
        for (Map.Entry<String, Entry> entry : sysfs.entrySet()) {
            if (!entry.getKey().startsWith(DEVICES)) {
                continue;
            }
            String rest = entry.getKey().substring(DEVICES.length());
            int slash = rest.indexOf('/');
            String device = slash < 0 ? rest : rest.substring(0, slash);
            if (!DEVICE.matcher(device).matches()) {
                refused++;
                continue;
            }
            if (!devices.containsKey(device) && devices.size() >= MAX_DEVICES) {
                refused++;
                continue;
            }
            Map<String, Entry> attributes = devices.computeIfAbsent(device, d -> new TreeMap<>());
            if (slash >= 0) {
                attributes.put(rest.substring(slash + 1), entry.getValue());
            }
        }

        List<Box> bridges = new ArrayList<>();
        List<Box> rootPorts = new ArrayList<>();
        List<Box> memdevs = new ArrayList<>();
        List<Box> decoders = new ArrayList<>();
        List<Box> regions = new ArrayList<>();
        Map<String, String> portOfId = new TreeMap<>();   // "1" -> "port1", "2" -> "endpoint2"
        Map<String, String> memdevOfEndpoint = new TreeMap<>();
        for (Map.Entry<String, Map<String, Entry>> device : devices.entrySet()) {
            Matcher port = PORT_ID.matcher(device.getKey());
            if (port.matches()) {
                portOfId.put(port.group(1), device.getKey());
            }
        }
        List<String> windows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Entry>> device : devices.entrySet()) {
            String name = device.getKey();
            Map<String, Entry> attributes = device.getValue();
            String devtype = value(attributes, "devtype").orElse("");
            if (devtype.equals("cxl_decoder_root")) {
                windows.add(name + " " + value(attributes, "start").orElse("?") + " +" + size(attributes, "size"));
            }
        }
        for (Map.Entry<String, Map<String, Entry>> device : devices.entrySet()) {
            String name = device.getKey();
            Map<String, Entry> attributes = device.getValue();
            if (name.matches("port[0-9]+")) {
                List<String> lines = new ArrayList<>();
                lines.add("host bridge " + link(attributes, "uport"));
                switchDecoders(devices, name).forEach(decoder -> lines.add(decoder));
                bridges.add(new Box(name, lines, List.of(), "#cfe2ff"));
                for (Map.Entry<String, Entry> attribute : attributes.entrySet()) {
                    if (attribute.getKey().matches("dport[0-9]{1,6}")) {
                        String pci = link(attributes, attribute.getKey());
                        rootPorts.add(new Box(pci, List.of("root port (" + attribute.getKey() + " of " + name + ")"), List.of(name),
                                "#e2e3e5"));
                    }
                }
            } else if (name.matches("endpoint[0-9]+")) {
                String uport = link(attributes, "uport");
                if (DEVICE.matcher(uport).matches()) {
                    memdevOfEndpoint.put(name, uport);
                }
            }
        }
        for (Map.Entry<String, Map<String, Entry>> device : devices.entrySet()) {
            String name = device.getKey();
            if (!name.matches("mem[0-9]+")) {
                continue;
            }
            Map<String, Entry> attributes = device.getValue();
            String endpoint = memdevOfEndpoint.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                    .findFirst().orElse("");
            String parent = endpoint.isEmpty() ? "" : link(devices.get(endpoint), "parent_dport");
            memdevs.add(new Box(name, List.of("ram " + size(attributes, "ram/size") + ", pmem " + size(attributes, "pmem/size"),
                    endpoint.isEmpty() ? "no endpoint" : "endpoint " + endpoint), parent.isEmpty() ? List.of() : List.of(parent),
                    "#ffe8cc"));
        }
        int unused = 0;
        for (Map.Entry<String, Map<String, Entry>> device : devices.entrySet()) {
            String name = device.getKey();
            Map<String, Entry> attributes = device.getValue();
            Matcher decoder = DECODER.matcher(name);
            if (!decoder.matches() || !value(attributes, "devtype").orElse("").equals("cxl_decoder_endpoint")) {
                continue;
            }
            String mode = value(attributes, "mode").orElse("?");
            String region = value(attributes, "region").orElse("");
            if (mode.equals("none") && region.isEmpty()) {
                unused++;
                continue;
            }
            String memdev = memdevOfEndpoint.getOrDefault(portOfId.getOrDefault(decoder.group(1), ""), "");
            decoders.add(new Box(name, List.of("endpoint decoder, mode " + mode, "dpa " + size(attributes, "dpa_size")
                    + (region.isEmpty() ? "" : " → " + region)), memdev.isEmpty() ? List.of() : List.of(memdev), "#fff3cd"));
        }
        for (Map.Entry<String, Map<String, Entry>> device : devices.entrySet()) {
            String name = device.getKey();
            if (!name.matches("region[0-9]+")) {
                continue;
            }
            Map<String, Entry> attributes = device.getValue();
            List<String> targets = attributes.keySet().stream().filter(key -> key.matches("target[0-9]{1,3}"))
                    .map(key -> value(attributes, key).orElse("")).filter(target -> DEVICE.matcher(target).matches()).toList();
            String access = value(attributes, "access0/read_latency").map(latency -> "access0 " + latency + " ns, "
                    + value(attributes, "access0/read_bandwidth").orElse("?") + " MB/s").orElse("no access classes");
            regions.add(new Box(name, List.of(value(attributes, "mode").orElse("?") + " " + size(attributes, "size") + ", commit "
                    + value(attributes, "commit").orElse("?"), access), targets, "#d1e7dd"));
        }
        List<Box> nodes = new ArrayList<>();
        if (node.isPresent() && !regions.isEmpty()) {
            nodes.add(new Box("node" + node.getAsInt(), List.of("NUMA node (dax → kmem)"),
                    regions.stream().map(Box::name).toList(), "#f8d7da"));
        }

        Map<String, List<Box>> rows = new LinkedHashMap<>();
        rows.put("host bridge", bridges);
        rows.put("root port", rootPorts);
        rows.put("memdev", memdevs);
        rows.put("decoders", decoders);
        rows.put("region", regions);
        rows.put("NUMA node", nodes);
        return draw(rows, windows, unused, refused);
    }

    private static List<String> switchDecoders(Map<String, Map<String, Entry>> devices, String port) {
        String id = port.substring("port".length());
        List<String> lines = new ArrayList<>();
        devices.forEach((name, attributes) -> {
            Matcher decoder = DECODER.matcher(name);
            if (decoder.matches() && decoder.group(1).equals(id) && value(attributes, "devtype").orElse("").equals("cxl_decoder_switch")) {
                lines.add(name + " " + value(attributes, "start").orElse("?") + " +" + size(attributes, "size")
                        + value(attributes, "region").filter(r -> !r.isEmpty()).map(r -> " → " + r).orElse(""));
            }
        });
        return lines.size() <= 2 ? lines : List.of(lines.get(0), (lines.size() - 1) + " more switch decoders");
    }

    private static String draw(Map<String, List<Box>> rows, List<String> windows, int unused, int refused) {
        StringBuilder body = new StringBuilder();
        Map<String, int[]> placed = new TreeMap<>();
        int y = 40;
        int width = LEFT + BOX_W + 2 * GAP_X;
        List<Box[]> edges = new ArrayList<>();
        for (Map.Entry<String, List<Box>> row : rows.entrySet()) {
            List<Box> boxes = row.getValue();
            text(body, 10, y + BOX_H / 2 + 4, row.getKey(), "#333", true);
            int x = LEFT;
            for (int i = 0; i < Math.min(boxes.size(), PER_ROW); i++) {
                Box box = boxes.get(i);
                box(body, x, y, box);
                placed.put(box.name(), new int[] {x, y});
                x += BOX_W + GAP_X;
            }
            if (boxes.isEmpty()) {
                text(body, LEFT, y + BOX_H / 2 + 4, "none shown", "#999", false);
            } else if (boxes.size() > PER_ROW) {
                text(body, x, y + BOX_H / 2 + 4, "+" + (boxes.size() - PER_ROW) + " more", "#666", false);
                x += 70;
            }
            width = Math.max(width, x + GAP_X);
            y += BOX_H + GAP_Y;
        }
        for (List<Box> boxes : rows.values()) {
            for (Box box : boxes) {
                int[] to = placed.get(box.name());
                for (String parent : box.parents()) {
                    int[] from = placed.get(parent);
                    if (to != null && from != null) {
                        body.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>%n",
                                from[0] + BOX_W / 2, from[1] + BOX_H, to[0] + BOX_W / 2, to[1] - 2));
                    }
                }
            }
        }
        StringBuilder svg = new StringBuilder();
        int height = y + 40;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"6\" refY=\"3\" orient=\"auto\">"
                + "<path d=\"M0,0 L6,3 L0,6 z\" fill=\"#555\"/></marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, 10, 20, "CXL topology from /sys/bus/cxl/devices" + (windows.isEmpty() ? "" : "; window " + String.join(", ",
                windows.stream().limit(4).toList())), "#000", true);
        svg.append(body);
        String foot = (unused > 0 ? unused + " unused endpoint decoder" + (unused == 1 ? "" : "s") + " not shown. " : "")
                + (refused > 0 ? refused + " entries with names that are no CXL device names left out." : "");
        if (!foot.isEmpty()) {
            text(svg, 10, height - 15, foot, "#666", false);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void box(StringBuilder body, int x, int y, Box box) {
        body.append(String.format("<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#555\"/>%n",
                escape(box.name()), x, y, BOX_W, BOX_H, box.fill()));
        text(body, x + 6, y + 15, box.name(), "#000", true);
        for (int i = 0; i < Math.min(box.lines().size(), 3); i++) {
            text(body, x + 6, y + 29 + 12 * i, box.lines().get(i), "#333", false);
        }
        body.append("</g>\n");
    }

    private static void text(StringBuilder body, int x, int y, String text, String colour, boolean bold) {
        body.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"%s\"%s>%s</text>%n", x, y, colour,
                bold ? " font-weight=\"bold\"" : "", escape(text)));
    }

    /** A file's value, stripped and bounded; empty when absent or not a plain value. */
    static Optional<String> value(Map<String, Entry> attributes, String name) {
        Entry entry = attributes == null ? null : attributes.get(name);
        if (entry instanceof Entry.File file && file.content() instanceof Cell.Value value) {
            return Optional.of(bounded(value.value().strip()));
        }
        return Optional.empty();
    }

    /** A hex size as MiB where it parses ({@code 0x10000000} is 256 MiB), else the bounded text. */
    private static String size(Map<String, Entry> attributes, String name) {
        Optional<String> text = value(attributes, name);
        return text.flatMap(RegionStep::hexValue).map(bytes -> bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " B")
                .orElse(text.orElse("?"));
    }

    /** The last segment of a link's target, if it is a plain name; {@code ?} otherwise. */
    private static String link(Map<String, Entry> attributes, String name) {
        Entry entry = attributes == null ? null : attributes.get(name);
        if (entry instanceof Entry.Link link) {
            String target = link.target();
            String last = target.substring(target.lastIndexOf('/') + 1);
            return last.matches("[A-Za-z0-9:._-]{1," + VALUE_CHARS + "}") ? last : "?";
        }
        return "?";
    }

    static String bounded(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= VALUE_CHARS ? clean : clean.substring(0, VALUE_CHARS) + "…";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
