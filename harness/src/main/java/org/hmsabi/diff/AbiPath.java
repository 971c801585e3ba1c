package org.hmsabi.diff;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a finding uses for what changed: a snapshot path, a table row as
 * {@code path#Row}, or a syscall case id. Rows share the spec rule of their file.
 */
final class AbiPath {
    static final char ROW_SEPARATOR = '#';
    private static final Pattern NODE = Pattern.compile("node([0-9]+)");

    private AbiPath() {
    }

    static String row(String tablePath, String rowName) {
        return tablePath + ROW_SEPARATOR + rowName;
    }

    /** The file a path or row belongs to, which is what the spec has rules for. */
    static String file(String path) {
        int row = path.indexOf(ROW_SEPARATOR);
        return row < 0 ? path : path.substring(0, row);
    }

    static boolean isRow(String path) {
        return path.indexOf(ROW_SEPARATOR) >= 0;
    }

    static boolean isWithin(String path, String directory) {
        return path.equals(directory) || path.startsWith(directory + "/");
    }

    /** {@code .../node2/meminfo} → {@code .../node<N>/meminfo}, the same spelling as spec patterns. */
    static String withoutNodeIds(String text) {
        return NODE.matcher(text).replaceAll("node<N>");
    }

    /** The first node id a path names, if any. */
    static OptionalInt firstNodeId(String path) {
        Matcher matcher = NODE.matcher(path);
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }
}
