package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.diff.Finding;
import org.hmsabi.model.SnapshotFiles;

/**
 * kcidb.json in the KCIDB I/O schema v4: one checkout and one build per kernel (a Debian
 * package is the build), and tests for each topology's ABI diff, each finding and each check.
 * Rules of the schema this relies on (checked by the tests): ids are {@code origin:...} with
 * origin {@code [a-z0-9_]+}; a test's path matches {@code [.a-zA-Z0-9_-]*}; no value is null;
 * only the schema's properties appear; log_excerpt is at most 16384 characters.
 */
public final class KcidbWriter {
    public static final String FILE_NAME = "kcidb.json";
    public static final String ORIGIN = "hmsabi";
    static final int SCHEMA_MAJOR = 4;
    static final int SCHEMA_MINOR = 5;
    /** The schema's maxLength for log_excerpt, less room for ConsoleTail's "cut" line. */
    private static final int LOG_EXCERPT_CHARS = 16384 - 200;
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private KcidbWriter() {
    }

    public static Path write(GateOutcome outcome, Path resultsDir) {
        Path file = resultsDir.resolve(FILE_NAME);
        SnapshotFiles.writeAtomically(file, SnapshotFiles.canonical(render(outcome)));
        return file;
    }

    public static ObjectNode render(GateOutcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("version").put("major", SCHEMA_MAJOR).put("minor", SCHEMA_MINOR);
        ArrayNode checkouts = root.putArray("checkouts");
        ArrayNode builds = root.putArray("builds");
        for (String kernel : kernels(outcome)) {
            checkouts.add(checkout(outcome, kernel));
            builds.add(build(outcome, kernel));
        }
        ArrayNode tests = root.putArray("tests");
        for (ReportCase reportCase : ReportCases.of(outcome)) {
            tests.add(caseTest(outcome, reportCase, tests.size()));
            if (reportCase.isDiff()) {
                TopologyRun run = JunitWriter.runOf(outcome, reportCase).orElseThrow();
                for (Finding finding : run.findings()) {
                    tests.add(findingTest(outcome, reportCase, finding, tests.size()));
                }
            }
        }
        return root;
    }

    /** The baseline, the candidate, then any other kernel a check ran on; each once. */
    private static Set<String> kernels(GateOutcome outcome) {
        Set<String> kernels = new LinkedHashSet<>(List.of(outcome.baseline(), outcome.candidate()));
        outcome.runs().forEach(run -> run.checks().forEach(check -> kernels.add(check.kernel())));
        return kernels;
    }

    static String checkoutId(String kernel) {
        return ORIGIN + ":" + kernel;
    }

    static String buildId(String kernel) {
        return ORIGIN + ":" + kernel + ":" + buildName(kernel);
    }

    /** The KCIDB build name (docs/results.md, "kcidb.json"): {@code linux-image-<abi>-amd64-unsigned} for {@code debian:<abi>}, else bzImage. */
    static String buildName(String kernel) {
        return kernel.startsWith("debian:") ? "linux-image-" + kernel.substring("debian:".length()) + "-amd64-unsigned" : "bzImage";
    }

    private static ObjectNode checkout(GateOutcome outcome, String kernel) {
        ObjectNode checkout = JSON.createObjectNode()
                .put("id", checkoutId(kernel))
                .put("origin", ORIGIN)
                .put("tree_name", kernel.startsWith("debian:") ? "debian" : "local")
                .put("comment", kernel)
                .put("start_time", outcome.started().toString())
                .put("valid", true);
        ObjectNode misc = checkout.putObject("misc").put("kernel", kernel);
        release(outcome, kernel).ifPresent(release -> misc.put("release", release));
        return checkout;
    }

    private static ObjectNode build(GateOutcome outcome, String kernel) {
        ObjectNode build = JSON.createObjectNode()
                .put("id", buildId(kernel))
                .put("origin", ORIGIN)
                .put("checkout_id", checkoutId(kernel))
                .put("architecture", "x86_64")
                .put("config_name", "amd64")
                .put("comment", buildName(kernel))
                .put("start_time", outcome.started().toString());
        // A build we did not make is known good only once a guest booted it; otherwise say nothing.
        release(outcome, kernel).ifPresent(release -> build.put("valid", true));
        ObjectNode misc = build.putObject("misc").put("kernel", kernel).put("package", buildName(kernel));
        release(outcome, kernel).ifPresent(release -> misc.put("release", release));
        return build;
    }

    private static Optional<String> release(GateOutcome outcome, String kernel) {
        return outcome.runs().stream().flatMap(run -> run.guests().stream())
                .filter(guest -> guest.kernel().equals(kernel) && !guest.release().isEmpty())
                .map(GuestRecord::release).findFirst();
    }

    private static ObjectNode caseTest(GateOutcome outcome, ReportCase reportCase, int ordinal) {
        ObjectNode test = test(outcome, reportCase, reportCase.path(), status(reportCase.status()), ordinal);
        test.put("duration", reportCase.duration().toMillis() / 1000.0);
        reportCase.message().ifPresent(message -> test.put("comment", message));
        String excerpt = reportCase.status() == CaseStatus.ERROR ? consoleOfFailedGuest(outcome, reportCase) : reportCase.details();
        if (!excerpt.isEmpty()) {
            test.put("log_excerpt", ConsoleTail.of(excerpt, LOG_EXCERPT_CHARS));
        }
        return test;
    }

    private static String consoleOfFailedGuest(GateOutcome outcome, ReportCase reportCase) {
        return JunitWriter.runOf(outcome, reportCase).flatMap(run -> run.guests().stream()
                .filter(guest -> guest.failure().isPresent()).flatMap(guest -> guest.console().stream()).findFirst())
                .orElse(reportCase.details());
    }

    /** A waived finding is reported FAIL with {@code waived}: KCIDB's way to show it without failing the build. */
    private static ObjectNode findingTest(GateOutcome outcome, ReportCase diff, Finding finding, int ordinal) {
        String path = diff.path() + "." + Names.pathSegment(finding.kind() + "_" + finding.subject());
        boolean failing = finding.severity() == Finding.Severity.FAILURE || finding.waiver().isPresent();
        ObjectNode test = test(outcome, diff, path, failing ? "FAIL" : "PASS", ordinal)
                .put("comment", FindingText.oneLine(finding));
        finding.waiver().ifPresent(waiver -> test.put("waived", true));
        ObjectNode misc = test.putObject("misc")
                .put("kind", finding.kind().name())
                .put("severity", finding.severity().name())
                .put("stability", FindingText.stability(finding))
                .put("subject", finding.subject())
                .put("reproduce", diff.reproduce());
        finding.baseline().ifPresent(value -> misc.put("baseline_value", value));
        finding.candidate().ifPresent(value -> misc.put("candidate_value", value));
        finding.waiver().ifPresent(value -> misc.put("waiver", value));
        ArrayNode paths = misc.putArray("paths");
        finding.paths().forEach(paths::add);
        return test;
    }

    private static ObjectNode test(GateOutcome outcome, ReportCase reportCase, String path, String status, int ordinal) {
        ObjectNode test = JSON.createObjectNode()
                .put("id", ORIGIN + ":" + RUN_ID.format(outcome.started()) + ":" + ordinal + ":" + path)
                .put("origin", ORIGIN)
                .put("build_id", buildId(reportCase.kernel()))
                .put("path", path)
                .put("status", status)
                .put("start_time", outcome.started().toString());
        ObjectNode environment = test.putObject("environment")
                .put("comment", "QEMU guest (TCG) with the topology fixture " + reportCase.topology());
        environment.putObject("misc")
                .put("kernel", reportCase.kernel())
                .put("baseline", outcome.baseline())
                .put("topology", reportCase.topology());
        test.putObject("misc").put("reproduce", reportCase.reproduce());
        return test;
    }

    static String status(CaseStatus status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case ERROR -> "ERROR";
            case SKIPPED -> "SKIP";
        };
    }
}
