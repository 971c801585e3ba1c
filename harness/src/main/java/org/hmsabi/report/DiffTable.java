package org.hmsabi.report;

import java.util.List;
import org.hmsabi.diff.Finding;

/** One topology's findings as a self-contained HTML page, attached to its Allure result. */
final class DiffTable {
    private DiffTable() {
    }

    static String html(String title, List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}")
                .append(".FAILURE{background:#fdd}.WARNING{background:#ffd}.INFO{background:#eef}</style></head>\n<body>\n")
                .append("<h3>").append(escape(title)).append("</h3>\n");
        if (findings.isEmpty()) {
            return out.append("<p>No differences.</p>\n</body></html>\n").toString();
        }
        out.append("<table>\n<tr><th>severity</th><th>kind</th><th>stability</th><th>subject</th>"
                + "<th>baseline</th><th>candidate</th><th>waiver</th><th>paths</th></tr>\n");
        for (Finding finding : findings) {
            out.append("<tr class=\"").append(finding.severity()).append("\">")
                    .append(cell(finding.severity().name())).append(cell(finding.kind().name()))
                    .append(cell(FindingText.stability(finding))).append(cell(finding.subject()))
                    .append(cell(finding.baseline().orElse("—"))).append(cell(finding.candidate().orElse("—")))
                    .append(cell(finding.waiver().orElse(""))).append(cell(String.join("\n", finding.paths())))
                    .append("</tr>\n");
        }
        return out.append("</table>\n</body></html>\n").toString();
    }

    private static String cell(String text) {
        return "<td>" + escape(text).replace("\n", "<br>") + "</td>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
