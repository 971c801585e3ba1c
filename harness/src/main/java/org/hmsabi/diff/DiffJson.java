package org.hmsabi.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Snapshot.KernelInfo;
import org.hmsabi.model.SnapshotFiles;

/**
 * A diff for tools, in the canonical JSON of {@link SnapshotFiles#canonical}: {@code verdict}
 * (pass/fail), {@code counts} by severity, {@code findings} (as {@link Finding}, absent values
 * omitted) and {@code waivers} (used, unused, expired).
 */
public final class DiffJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffJson() {
    }

    public static String render(DiffResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.set("baseline", kernel(result.baseline()));
        root.set("candidate", kernel(result.candidate()));
        root.putObject("topology").put("name", result.topology().name()).put("hash", result.topology().hash());
        root.put("strict", result.strict());
        root.put("verdict", result.passes() ? "pass" : "fail");
        ObjectNode counts = root.putObject("counts");
        for (Severity severity : Severity.values()) {
            counts.put(severity.name(), result.count(severity));
        }
        ArrayNode findings = root.putArray("findings");
        result.findings().forEach(finding -> findings.add(finding(finding)));
        ObjectNode waivers = root.putObject("waivers");
        waivers.set("used", waivers(result.waivers().used()));
        waivers.set("unused", waivers(result.waivers().unused()));
        waivers.set("expired", waivers(result.waivers().expired()));
        return SnapshotFiles.canonical(root);
    }

    private static ObjectNode kernel(KernelInfo kernel) {
        return JSON.createObjectNode().put("release", kernel.release()).put("reference", kernel.reference());
    }

    private static ObjectNode finding(Finding finding) {
        ObjectNode node = JSON.createObjectNode()
                .put("kind", finding.kind().name())
                .put("severity", finding.severity().name())
                .put("stability", finding.stability().yamlName())
                .put("subject", finding.subject());
        ArrayNode paths = node.putArray("paths");
        finding.paths().forEach(paths::add);
        finding.baseline().ifPresent(value -> node.put("baseline", value));
        finding.candidate().ifPresent(value -> node.put("candidate", value));
        finding.waiver().ifPresent(value -> node.put("waiver", value));
        return node;
    }

    private static ArrayNode waivers(List<Waiver> waivers) {
        ArrayNode array = JSON.createArrayNode();
        for (Waiver waiver : waivers) {
            ObjectNode node = array.addObject().put("origin", waiver.origin())
                    .put("kernels", waiver.kernels().text()).put("reason", waiver.reason()).put("link", waiver.link());
            waiver.path().ifPresent(path -> node.put("path", path.text()));
            waiver.finding().ifPresent(kind -> node.put("finding", kind.name()));
            waiver.expires().ifPresent(date -> node.put("expires", date.toString()));
        }
        return array;
    }
}
