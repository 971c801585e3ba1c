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

    /** What lib/vsprintf.c's bitmap_string() writes for {@code %*pb}: 32-bit hex words, most significant first. */
    public static final Pattern MASK_SYNTAX = Pattern.compile("[0-9a-fA-F]{1,8}(,[0-9a-fA-F]{8})*");

    /**
     * The ids set in a hex mask such as {@code "00000000,0000000f"} (a node's {@code cpumap});
     * throws IllegalArgumentException for text that is not one.
     */
    public static SortedSet<Integer> parseMask(String mask) {
        String text = mask.strip();
        if (!MASK_SYNTAX.matcher(text).matches() || text.length() > 9 * 4096) {
            throw new IllegalArgumentException("'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + "' is not a hex mask like 00000000,0000000f");
        }
        String[] words = text.split(",");
        SortedSet<Integer> ids = new TreeSet<>();
        for (int i = 0; i < words.length; i++) {
            long word = Long.parseLong(words[words.length - 1 - i], 16); // the last word holds bits 0-31
            for (int bit = 0; bit < 32; bit++) {
                if ((word >>> bit & 1) == 1) {
                    ids.add(i * 32 + bit);
                }
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
