package org.hmsabi.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The kernel's list format for node and CPU sets ({@code "0-3,8,10-11"}, empty for none), both ways. */
public final class NodeLists {
    /** What lib/vsprintf.c's bitmap_print_to_pagebuf(list=true) writes. */
    public static final Pattern SYNTAX = Pattern.compile("(\\d+(-\\d+)?(,\\d+(-\\d+)?)*)?");

    private NodeLists() {
    }

    /** The ids of a list; throws IllegalArgumentException for text that is not one. */
    public static SortedSet<Integer> parse(String list) {
        String text = list.strip();
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a list like 0-3,8");
        }
        SortedSet<Integer> ids = new TreeSet<>();
        for (String range : text.split(",")) {
            if (range.isEmpty()) {
                continue;
            }
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[ends.length - 1]);
            if (to < from || to - from > 1 << 20) {
                throw new IllegalArgumentException("'" + text + "' has a range that runs backwards or is absurdly long");
            }
            for (int id = from; id <= to; id++) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** A set of ids in list format. */
    public static String format(Iterable<Integer> ids) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<Integer>(toList(ids)));
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            ranges.add(i == j ? String.valueOf(sorted.get(i)) : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(",", ranges);
    }

    private static List<Integer> toList(Iterable<Integer> ids) {
        List<Integer> list = new ArrayList<>();
        ids.forEach(list::add);
        return list;
    }
}
