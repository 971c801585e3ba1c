package org.hmsabi.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text columns for summary.txt: each column as wide as its widest cell, up to a cap, and
 * the whole line at most {@link #LINE_WIDTH} characters, so it reads in a terminal and a CI log.
 * Cells that do not fit end in '…'; the full values are in the other formats.
 */
final class TextTable {
    static final int LINE_WIDTH = 100;
    private static final String GAP = "  ";

    private final String indent;
    private final List<String> headers;
    private final int[] caps;
    private final List<List<String>> rows = new ArrayList<>();

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
        return this;
    }

    String render() {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
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
            widths[column] = Math.min(widest, caps[column]);
            if (column < columns - 1) {
                used += widths[column] + GAP.length();
            }
        }
        widths[columns - 1] = Math.max(1, Math.min(widths[columns - 1], LINE_WIDTH - used));
        return widths;
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int column = 0; column < cells.size(); column++) {
            String cell = fit(cells.get(column), widths[column]);
            line.append(cell);
            if (column < cells.size() - 1) {
                line.append(" ".repeat(widths[column] - cell.length())).append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String fit(String cell, int width) {
        return cell.length() <= width ? cell : cell.substring(0, width - 1) + "…";
    }
}
