package org.hmsabi.diff;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/** The kernel's node list format ({@code 0-3,5}), read from sysfs and written in finding subjects. */
final class NodeList {
    private NodeList() {
    }

    /** The ids of a node list; text that is not one yields what could be read, which is how a diff should treat it. */
    static SortedSet<Integer> parse(String text) {
        SortedSet<Integer> ids = new TreeSet<>();
        for (String part : text.trim().split(",")) {
            String[] bounds = part.trim().split("-");
            try {
                int first = Integer.parseInt(bounds[0].trim());
                int last = bounds.length > 1 ? Integer.parseInt(bounds[1].trim()) : first;
                for (int id = first; id <= last; id++) {
                    ids.add(id);
                }
            } catch (NumberFormatException e) {
                // an empty list ("\n") or a malformed part contributes no nodes
            }
        }
        return ids;
    }

    static String format(Collection<Integer> ids) {
        StringBuilder text = new StringBuilder();
        Integer start = null;
        Integer previous = null;
        for (int id : new TreeSet<>(ids)) {
            if (previous != null && id == previous + 1) {
                previous = id;
                continue;
            }
            appendRun(text, start, previous);
            start = id;
            previous = id;
        }
        appendRun(text, start, previous);
        return text.toString();
    }

    private static void appendRun(StringBuilder text, Integer start, Integer end) {
        if (start == null) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(',');
        }
        text.append(start);
        if (!end.equals(start)) {
            text.append('-').append(end);
        }
    }
}
