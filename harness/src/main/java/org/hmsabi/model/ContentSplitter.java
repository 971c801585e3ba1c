package org.hmsabi.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits multi-line kernel files into named rows, as the spec's shapes say. */
final class ContentSplitter {
    private static final Pattern NODE_PREFIX = Pattern.compile("^Node\\s+[0-9]+\\s+");
    private static final Pattern ZONE_HEADER = Pattern.compile("^Node\\s+([0-9]+),\\s+zone\\s+(\\S+)\\s*$");
    private static final Pattern ZONE_FIELD = Pattern.compile("^\\s+(present|spanned|managed|start_pfn:?)\\s+([0-9]+)\\s*$");

    private ContentSplitter() {
    }

    /**
     * "key value" / "key: value" lines; a leading "Node N " (meminfo) is dropped, so the row
     * name is the key and the row value is the rest of the line. A repeated key gets a #2 suffix.
     */
    static Map<String, String> table(String content) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            String stripped = NODE_PREFIX.matcher(line).replaceFirst("").strip();
            if (stripped.isEmpty()) {
                continue;
            }
            int split = firstSeparator(stripped);
            String key = split < 0 ? stripped : stripped.substring(0, split);
            String value = split < 0 ? "" : stripped.substring(split + 1).strip();
            if (key.endsWith(":")) {
                key = key.substring(0, key.length() - 1);
            }
            String unique = key;
            for (int n = 2; rows.containsKey(unique); n++) {
                unique = key + "#" + n;
            }
            rows.put(unique, value);
        }
        return rows;
    }

    private static int firstSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The part of /proc/zoneinfo that describes the memory layout: for each node and zone, its
     * present, spanned and managed page counts and its start pfn. The rest is counters.
     */
    static Map<String, String> zoneinfo(String content) {
        Map<String, String> rows = new LinkedHashMap<>();
        String zone = null;
        for (String line : content.split("\n")) {
            Matcher header = ZONE_HEADER.matcher(line);
            if (header.matches()) {
                zone = "node" + header.group(1) + "/" + header.group(2);
                continue;
            }
            Matcher field = ZONE_FIELD.matcher(line);
            if (zone != null && field.matches()) {
                rows.put(zone + "/" + field.group(1).replace(":", ""), field.group(2));
            }
        }
        return rows;
    }
}
