package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hmsabi.BadInputException;
import org.hmsabi.diff.Finding;
import org.hmsabi.kernel.DebianPackage;
import org.hmsabi.model.SnapshotFiles;

/**
 * kcidb.json in the KCIDB I/O schema v5.3 (kernelci/kcidb-io, {@code kcidb_io/schema/v05_03.py}):
 * one checkout and one build per kernel (the Debian package with the image is the build), tests
 * for each topology's ABI diff, each finding and each check, and for waived findings an issue per
 * waiver with an incident per waived test (v5 dropped the test's {@code waived} flag for that).
 * Rules of the schema this relies on (KcidbSchemaTest checks every output against the published
 * schema, harness/src/test/resources/kcidb/kcidb-io.schema.v5.3.json): ids are {@code origin:...}
 * with origin {@code [a-z0-9_]+}; a test path is dot-separated non-empty {@code [a-zA-Z0-9_-]+}
 * segments; a build has {@code status}, not {@code valid}; no value is null and no string holds
 * NUL; only the schema's properties appear; log_excerpt is at most 16384 characters.
 */
public final class KcidbWriter {
    public static final String FILE_NAME = "kcidb.json";
    public static final String ORIGIN = "hmsabi";
    static final int SCHEMA_MAJOR = 5;
    static final int SCHEMA_MINOR = 3;
    /** KCIDB's origin pattern: the name of the CI system that submits. */
    private static final Pattern ORIGIN_NAME = Pattern.compile("[a-z0-9_]+");
    private static final List<String> OBJECT_LISTS = List.of("checkouts", "builds", "tests", "issues", "incidents");
    /** Every waiver is one issue, at version 1: its text does not change within a run. */
    private static final int ISSUE_VERSION = 1;
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
        Map<String, ObjectNode> issues = new LinkedHashMap<>();
        ArrayNode incidents = JSON.createArrayNode();
        for (ReportCase reportCase : ReportCases.of(outcome)) {
            tests.add(caseTest(outcome, reportCase, tests.size()));
            if (reportCase.isDiff()) {
                TopologyRun run = JunitWriter.runOf(outcome, reportCase).orElseThrow();
                for (Finding finding : run.findings()) {
                    ObjectNode test = findingTest(outcome, reportCase, finding, tests.size());
                    tests.add(test);
                    finding.waiver().ifPresent(waiver -> {
                        ObjectNode issue = issues.computeIfAbsent(waiver, KcidbWriter::waiverIssue);
                        incidents.add(waivedIncident(issue, test));
                    });
                }
            }
        }
        if (!issues.isEmpty()) {
            root.putArray("issues").addAll(issues.values());
            root.set("incidents", incidents);
        }
        withoutNul(root);
        return root;
    }

    /**
     * The same document submitted as {@code origin}: every object's {@code origin}, and the origin
     * prefix of every {@code id} and {@code *_id}, becomes {@code origin}. KCIDB assigns each
     * submitter an origin; the gate writes {@value #ORIGIN} until one is given
     * ({@code hmsabi report kcidb --origin NAME}).
     *
     * @param source what the document was read from, for the one-line error
     */
    public static ObjectNode withOrigin(JsonNode document, String origin, String source) {
        if (!ORIGIN_NAME.matcher(origin).matches()) {
            throw new BadInputException("KCIDB origin '" + origin + "' is not allowed: KCIDB origins are lower-case letters,"
                    + " digits and '_' (the name KernelCI gave your CI system)");
        }
        JsonNode version = document.path("version");
        if (version.path("major").asInt(-1) != SCHEMA_MAJOR || version.path("minor").asInt(-1) != SCHEMA_MINOR) {
            throw new BadInputException(source + " is not KCIDB " + SCHEMA_MAJOR + "." + SCHEMA_MINOR + " as this hmsabi writes it"
                    + " (version " + version.path("major").asText("?") + "." + version.path("minor").asText("?")
                    + "); rerun the gate or check with this hmsabi");
        }
        ObjectNode copy = document.deepCopy();
        for (String list : OBJECT_LISTS) {
            for (JsonNode object : copy.path(list)) {
                if (!(object instanceof ObjectNode fields) || !fields.path("origin").isTextual()) {
                    throw new BadInputException(source + ": an object in '" + list + "' has no origin; rerun the gate or check");
                }
                String old = fields.path("origin").asText();
                fields.put("origin", origin);
                for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    String name = field.getKey();
                    String value = field.getValue().asText();
                    if ((name.equals("id") || name.endsWith("_id")) && value.startsWith(old + ":")) {
                        field.setValue(TextNode.valueOf(origin + value.substring(old.length())));
                    }
                }
            }
        }
        return copy;
    }

    /**
     * {@code hmsabi report kcidb}: reads the kcidb.json a gate or check wrote into {@code resultsDir}
     * and writes it as {@code origin} to {@code out} (atomically), ready for
     * {@code kci-dev submit build --from-json}. Returns {@code out}.
     */
    public static Path writeWithOrigin(Path resultsDir, String origin, Path out) {
        Path source = resultsDir.resolve(FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(source)) {
            throw new BadInputException("no " + FILE_NAME + " in " + resultsDir + ": run 'hmsabi gate' or 'hmsabi check' with --results "
                    + resultsDir + " first");
        }
        JsonNode document;
        try {
            document = JSON.readTree(source.toFile());
        } catch (java.io.IOException e) {
            throw new BadInputException(source + " is not JSON (" + org.hmsabi.Messages.firstLine(String.valueOf(e.getMessage()))
                    + "); rerun the gate or check that wrote it");
        }
        SnapshotFiles.writeAtomically(out, SnapshotFiles.canonical(withOrigin(document, origin, source.toString())));
        return out;
    }

    /** The issue a waiver stands for: a known, accepted difference (fixtures/waivers.yaml), identified by its text. */
    private static ObjectNode waiverIssue(String waiver) {
        ObjectNode issue = JSON.createObjectNode()
                .put("id", ORIGIN + ":waiver:" + UUID.nameUUIDFromBytes(waiver.getBytes(StandardCharsets.UTF_8)))
                .put("version", ISSUE_VERSION)
                .put("origin", ORIGIN)
                .put("comment", "waived ABI difference: " + waiver);
        issue.putObject("misc").put("waiver", waiver);
        return issue;
    }

    /** Links a waived finding's test to its waiver's issue: KCIDB v5's replacement for a test's {@code waived} flag. */
    private static ObjectNode waivedIncident(ObjectNode issue, ObjectNode test) {
        String testId = test.path("id").asText();
        return JSON.createObjectNode()
                .put("id", ORIGIN + ":waived:" + testId.substring(ORIGIN.length() + 1))
                .put("origin", ORIGIN)
                .put("issue_id", issue.path("id").asText())
                .put("issue_version", ISSUE_VERSION)
                .put("test_id", testId)
                .put("present", true);
    }

    /** The schema forbids NUL in its strings; guest text (a console, a sysfs value) may hold one. */
    private static void withoutNul(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(field.getValue().asText().replace("\0", "")));
                } else {
                    withoutNul(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(array.get(i).asText().replace("\0", "")));
                } else {
                    withoutNul(array.get(i));
                }
            }
        }
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

    static String buildId(GateOutcome outcome, String kernel) {
        return ORIGIN + ":" + kernel + ":" + buildName(outcome, kernel);
    }

    /**
     * The KCIDB build name (docs/results.md, "kcidb.json"): the Debian package the kernel's image
     * came from ({@code linux-image-V-amd64-unsigned}, {@code linux-image-V-amd64} or
     * {@code linux-binary-V-amd64}, whichever the archive had), {@code bzImage} for a kernel
     * given as a file, {@code debian-package} when the run did not record the package.
     */
    static String buildName(GateOutcome outcome, String kernel) {
        DebianPackage pkg = outcome.packages().get(kernel);
        if (pkg != null) {
            return pkg.name();
        }
        return kernel.startsWith("debian:") ? "debian-package" : "bzImage";
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
                .put("id", buildId(outcome, kernel))
                .put("origin", ORIGIN)
                .put("checkout_id", checkoutId(kernel))
                .put("architecture", "x86_64")
                .put("config_name", "amd64")
                .put("start_time", outcome.started().toString());
        Optional<DebianPackage> pkg = Optional.ofNullable(outcome.packages().get(kernel));
        build.put("comment", pkg.map(DebianPackage::nameAndVersion).orElse(buildName(outcome, kernel)));
        // A build we did not make is known good only once a guest booted it; otherwise say nothing.
        release(outcome, kernel).ifPresent(release -> build.put("status", "PASS"));
        ObjectNode misc = build.putObject("misc").put("kernel", kernel).put("package", buildName(outcome, kernel));
        pkg.ifPresent(found -> misc.put("package_version", found.version()).put("package_sha256", found.sha256()));
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

    /** A waived finding is reported FAIL with an incident of its waiver's issue: KCIDB's way to show it as known. */
    private static ObjectNode findingTest(GateOutcome outcome, ReportCase diff, Finding finding, int ordinal) {
        String path = diff.path() + "." + Names.pathSegment(finding.kind() + "_" + finding.subject());
        boolean failing = finding.severity() == Finding.Severity.FAILURE || finding.waiver().isPresent();
        ObjectNode test = test(outcome, diff, path, failing ? "FAIL" : "PASS", ordinal)
                .put("comment", FindingText.oneLine(finding));
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
                .put("build_id", buildId(outcome, reportCase.kernel()))
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
