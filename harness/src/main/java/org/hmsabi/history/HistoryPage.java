package org.hmsabi.history;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hmsabi.diff.Finding;

/**
 * The history as one HTML page people read at a glance: per topology a table with a row per
 * attribute or syscall case and a column per kernel, the cell at the release where it appeared
 * (green), changed (amber) or went away (red), a failing change outlined; hovering a cell shows
 * the values. Self-contained: no script, no external file.
 */
public final class HistoryPage {
    private HistoryPage() {
    }

    public static String render(List<AbiHistory> histories) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>hmsabi ABI history</title>
                <style>
                body{font-family:sans-serif;margin:1.5em}
                table{border-collapse:collapse;margin-bottom:2em;font-size:13px}
                th,td{border:1px solid #ccc;padding:3px 6px}
                th{background:#f3f3f3;position:sticky;top:0}
                td.subject{font-family:monospace;white-space:nowrap}
                td.ADDED{background:#c8efc8} td.REMOVED{background:#f6c4c4}
                td.CHANGED{background:#f8e3a3} td.FAILURE{outline:2px solid #b00;outline-offset:-2px}
                td.none{color:#bbb;text-align:center}
                .legend span{display:inline-block;padding:2px 8px;margin-right:6px;border:1px solid #ccc}
                </style></head><body>
                <h1>ABI history</h1>
                <p class="legend"><span class="l" style="background:#c8efc8">appeared</span><span style="background:#f8e3a3">changed</span>\
                <span style="background:#f6c4c4">went away</span><span style="outline:2px solid #b00">fails the gate</span></p>
                """);
        for (AbiHistory history : histories) {
            html.append("<h2 id=\"").append(escape(history.topology())).append("\">").append(escape(history.topology())).append("</h2>\n");
            html.append("<table><thead><tr><th>attribute or syscall case</th><th>")
                    .append(escape(HistoryText.shortName(history.kernels().get(0)))).append("</th>");
            for (AbiHistory.Step step : history.steps()) {
                html.append("<th>").append(escape(HistoryText.shortName(step.to()))).append("</th>");
            }
            html.append("</tr></thead><tbody>\n");
            List<AbiHistory.Line> lines = history.lines();
            if (lines.isEmpty()) {
                html.append("<tr><td colspan=\"").append(history.kernels().size() + 1).append("\">no change</td></tr>\n");
            }
            for (AbiHistory.Line line : lines) {
                html.append("<tr><td class=\"subject\">").append(escape(line.subject())).append("</td><td class=\"none\">·</td>");
                for (Optional<Finding> change : line.changes()) {
                    html.append(cell(change));
                }
                html.append("</tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String cell(Optional<Finding> change) {
        if (change.isEmpty()) {
            return "<td class=\"none\">·</td>";
        }
        Finding finding = change.get();
        String kind = switch (finding.kind()) {
            case ADDED -> "ADDED";
            case REMOVED -> "REMOVED";
            default -> "CHANGED";
        };
        String word = switch (finding.kind()) {
            case ADDED -> "appeared";
            case REMOVED -> "went away";
            case FORMAT_CHANGED -> "format";
            case ERRNO_CHANGED -> "errno";
            case RESULT_CHANGED -> "result";
            case VALUE_CHANGED -> "value";
        };
        String title = finding.kind() + " " + finding.severity() + " (" + finding.stability().name().toLowerCase(Locale.ROOT) + "): "
                + finding.baseline().orElse("—").strip() + " → " + finding.candidate().orElse("—").strip()
                + finding.waiver().map(w -> "; " + w).orElse("");
        return "<td class=\"" + kind + " " + finding.severity() + "\" title=\"" + escape(title) + "\">" + word + "</td>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
