package org.hmsabi.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text columns for summary.txt: each column as wide as its widest cell, up to a cap, and
 * the whole line at most {@link #LINE_WIDTH} characters, so it reads in a terminal and a CI log.
 * Cells that do not fit wrap within their column rather than lose what they say; a column whose cap
 * is {@link #WHOLE} (an attribute path, a syscall case) never wraps, so a grep for it finds it, and
 * may make its lines longer.
 */
final class TextTable {
    static final int LINE_WIDTH = 100;
    /** The cap of a column whose cells are never broken. */
    static final int WHOLE = -1;
    private static final String GAP = "  ";
    private static final int MIN_LAST_WIDTH = 24;
    /** A value longer than this many lines (a whole node list) is cut; the JSON formats keep it whole. */
    private static final int MAX_CELL_LINES = 6;

    private final String indent;
    private final List<String> headers;
    private final int[] caps;
    private final List<List<String>> rows = new ArrayList<>();
    /** Per row, an optional full-width line under it (a waiver, a reason): too long for a column. */
    private final List<String> notes = new ArrayList<>();

    /** {@code caps[i]} bounds column i; the last column takes what is left of the line. */
    TextTable(String indent, List<String> headers, int... caps) {
        if (caps.length != headers.size()) {
            throw new IllegalArgumentException("one cap per column");
        }
        this.indent = indent;
        this.headers = List.copyOf(headers);
        this.caps = caps.clone();
    }

    TextTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("one cell per column");
        }
        List<String> row = new ArrayList<>();
        for (String cell : cells) {
            row.add(cell.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
        }
        rows.add(row);
        notes.add("");
        return this;
    }

    /** Adds a full-width line under the last row, wrapped and indented past the first column. */
    TextTable note(String text) {
        notes.set(notes.size() - 1, text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
        return this;
    }

    String render() {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (int row = 0; row < rows.size(); row++) {
            line(out, rows.get(row), widths);
            if (!notes.get(row).isEmpty()) {
                String noteIndent = indent + " ".repeat(widths[0] + GAP.length());
                for (String piece : wrap(notes.get(row), LINE_WIDTH - noteIndent.length())) {
                    out.append(noteIndent).append(piece).append('\n');
                }
            }
        }
        return out.toString();
    }

    private int[] widths() {
        int columns = headers.size();
        int[] widths = new int[columns];
        int used = indent.length();
        for (int column = 0; column < columns; column++) {
            int widest = headers.get(column).length();
            for (List<String> row : rows) {
                widest = Math.max(widest, row.get(column).length());
            }
            widths[column] = caps[column] == WHOLE ? widest : Math.min(widest, caps[column]);
            if (column < columns - 1) {
                used += widths[column] + GAP.length();
            }
        }
        // Narrow the widest of the other columns until the last one keeps a readable width.
        int lastWanted = Math.min(widths[columns - 1], MIN_LAST_WIDTH);
        // With a whole column the line is as long as it needs: the other columns keep their widths.
        boolean whole = java.util.Arrays.stream(caps).anyMatch(cap -> cap == WHOLE);
        while (!whole && used + lastWanted > LINE_WIDTH) {
            int widest = 0;
            for (int column = 1; column < columns - 1; column++) {
                widest = widths[column] > widths[widest] ? column : widest;
            }
            widths[widest]--;
            used--;
        }
        widths[columns - 1] = Math.max(Math.min(widths[columns - 1], LINE_WIDTH - used), lastWanted);
        return widths;
    }

    /** A row whose cells wrap onto continuation lines, each cell staying in its column. */
    private void line(StringBuilder out, List<String> cells, int[] widths) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int column = 0; column < cells.size(); column++) {
            wrapped.add(wrap(cells.get(column), widths[column]));
            height = Math.max(height, wrapped.get(column).size());
        }
        for (int lineIndex = 0; lineIndex < height; lineIndex++) {
            StringBuilder line = new StringBuilder(indent);
            for (int column = 0; column < cells.size(); column++) {
                List<String> pieces = wrapped.get(column);
                String piece = lineIndex < pieces.size() ? pieces.get(lineIndex) : "";
                line.append(piece);
                if (column < cells.size() - 1) {
                    line.append(" ".repeat(widths[column] - piece.length())).append(GAP);
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Breaks at spaces where it can; a cell longer than {@link #MAX_CELL_LINES} lines ends in '…'. */
    static List<String> wrap(String cell, int width) {
        List<String> pieces = new ArrayList<>();
        String rest = cell;
        while (rest.length() > width && pieces.size() < MAX_CELL_LINES) {
            int cut = rest.lastIndexOf(' ', width);
            cut = cut <= 0 ? width : cut;
            pieces.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (pieces.size() == MAX_CELL_LINES && !rest.isEmpty()) {
            String last = pieces.remove(MAX_CELL_LINES - 1);
            pieces.add(last.substring(0, Math.min(last.length(), width - 1)) + "…");
        } else {
            pieces.add(rest);
        }
        return pieces;
    }
}
