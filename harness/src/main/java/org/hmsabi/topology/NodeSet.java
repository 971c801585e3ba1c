package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One or more node ids written in a fixture: {@code 3}, {@code 4-11}, {@code "4-11,20-27"} or a
 * YAML list of those, the way Linux prints node lists. Lets a fixture say "these 16 GPU nodes"
 * once instead of 16 times.
 */
record NodeSet(SortedSet<Integer> ids) {

    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:\\s*-\\s*(\\d+))?");
    /** Far above QEMU's 128 nodes, low enough that a typo like 4-40000000 cannot exhaust memory. */
    private static final int LARGEST_ID = 4095;

    NodeSet {
        ids = new TreeSet<>(ids);
    }

    static NodeSet single(int id) {
        return new NodeSet(new TreeSet<>(List.of(id)));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static NodeSet of(Object value) {
        SortedSet<Integer> ids = new TreeSet<>();
        add(value, ids);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("empty node list; name at least one node id");
        }
        return new NodeSet(ids);
    }

    private static void add(Object value, SortedSet<Integer> ids) {
        if (value instanceof Integer id) {
            ids.add(checked(id, value));
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                add(item, ids);
            }
        } else if (value instanceof String text) {
            for (String part : text.split(",")) {
                addRange(part.trim(), text, ids);
            }
        } else {
            throw new IllegalArgumentException("node list '" + Quantities.asWritten(value) + "' is not understood; write an id (3),"
                    + " a range (4-11) or a list ([0, 4-11])");
        }
    }

    private static void addRange(String part, String whole, SortedSet<Integer> ids) {
        Matcher matcher = RANGE.matcher(part);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("node list '" + whole + "' is not understood; write an id (3),"
                    + " a range (4-11) or a list ([0, 4-11])");
        }
        int first = parse(matcher.group(1), whole);
        int last = matcher.group(2) == null ? first : parse(matcher.group(2), whole);
        if (last < first) {
            throw new IllegalArgumentException("node range '" + part + "' runs backwards; write " + last + "-" + first);
        }
        for (int id = first; id <= last; id++) {
            ids.add(id);
        }
    }

    private static int parse(String digits, String whole) {
        try {
            return checked(Integer.parseInt(digits), whole);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node id in '" + whole + "' is too large");
        }
    }

    private static int checked(int id, Object whole) {
        if (id < 0 || id > LARGEST_ID) {
            throw new IllegalArgumentException("node id " + id + " in '" + whole + "' is out of range;"
                    + " node ids run from 0 to " + (TopologyLimits.MAX_NODES - 1));
        }
        return id;
    }

    /** How messages name the set, e.g. {@code 4-11} or {@code 3}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        Integer start = null;
        Integer previous = null;
        for (int id : ids) {
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
        text.append(start.equals(end) ? String.valueOf(start) : start + "-" + end);
    }
}
