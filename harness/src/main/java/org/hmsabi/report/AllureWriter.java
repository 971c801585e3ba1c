package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.check.CheckResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.hmsabi.model.SnapshotFiles;

/**
 * {@code allure-results/} in the Allure 2 result format: a {@code <uuid>-result.json} per test
 * case and {@code <uuid>-attachment.<ext>} files beside it (guest consoles, the diff as an
 * HTML table, the topology picture), plus environment.properties for the report's Environment
 * panel and categories.json for its Categories tab (regressions, failed checks, infrastructure,
 * testing-ABI warnings, waivers, skips). UUIDs are derived from the run's start and the case, so the same outcome writes the
 * same files, and historyId from the case alone, so Allure links a case across runs.
 */
public final class AllureWriter {
    public static final String DIRECTORY = "allure-results";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AllureWriter() {
    }

    /** Replaces what an earlier run left (Allure would merge it into this report), then writes every result. */
    public static List<Path> write(GateOutcome outcome, Path resultsDir) {
        Path directory = resultsDir.resolve(DIRECTORY);
        StaleResults.remove(directory, name -> name.endsWith("-result.json") || name.contains("-attachment.")
                || name.equals("environment.properties") || name.equals(CATEGORIES));
        List<Path> files = new ArrayList<>();
        for (ReportCase reportCase : ReportCases.of(outcome)) {
            files.addAll(writeCase(outcome, reportCase, directory));
        }
        Path environment = directory.resolve("environment.properties");
        SnapshotFiles.writeAtomically(environment, "baseline=" + outcome.baseline() + SummaryWriter.releases(outcome, outcome.baseline())
                + "\ncandidate=" + outcome.candidate() + SummaryWriter.releases(outcome, outcome.candidate())
                + "\nstrict=" + outcome.strict() + "\nverdict=" + Verdict.of(outcome) + " (exit " + outcome.exitCode() + ")"
                + "\ntopologies=" + String.join(" ", outcome.runs().stream().map(TopologyRun::topology).toList())
                + (outcome.qemu().isEmpty() ? "" : "\nqemu=" + outcome.qemu())
                + "\ncommand=" + outcome.command() + "\n");
        files.add(environment);
        Path categories = directory.resolve(CATEGORIES);
        SnapshotFiles.writeAtomically(categories, CATEGORIES_JSON);
        files.add(categories);
        return files;
    }

    static final String CATEGORIES = "categories.json";

    /**
     * The report's Categories tab: what a failing, broken, warned or waived case means here. Allure
     * puts a case in the first category whose statuses and message pattern match; the messages'
     * first words come from {@link ReportCases}.
     */
    static final String CATEGORIES_JSON = """
            [
              {"name": "ABI regressions", "description": "a stable or syscall-contract difference between the kernels that no waiver accepts",
               "matchedStatuses": ["failed"], "messageRegex": "(?s)[0-9]+ failing findings?: .*"},
              {"name": "Failed checks", "description": "conformance to the spec, the syscall contract, hot-plug events, driver expectations",
               "matchedStatuses": ["failed"]},
              {"name": "Infrastructure failures", "description": "a guest that did not boot or answer, QEMU, the kernel cache: not the kernel's ABI",
               "matchedStatuses": ["broken"]},
              {"name": "Testing-ABI warnings", "description": "testing ABI that changed; fails with --strict",
               "matchedStatuses": ["passed"], "messageRegex": "(?s)[0-9]+ testing-ABI warnings?: .*"},
              {"name": "Waived or documented differences", "description": "differences a waiver (fixtures/waivers.yaml) or the spec accepts, each naming why",
               "matchedStatuses": ["passed"], "messageRegex": "(?s)[0-9]+ waived or documented differences?"},
              {"name": "Skipped", "description": "a kernel the archive no longer offers, a feature this QEMU or kernel lacks: each says why",
               "matchedStatuses": ["skipped"]}
            ]
            """;

    private static List<Path> writeCase(GateOutcome outcome, ReportCase reportCase, Path directory) {
        String fullName = fullName(reportCase);
        String uuid = uuid(outcome.started() + "|" + fullName);
        List<Path> files = new ArrayList<>();
        ObjectNode result = result(outcome, reportCase, fullName, uuid);
        ArrayNode attachments = result.putArray("attachments");
        if (reportCase.isDiff()) {
            TopologyRun run = JunitWriter.runOf(outcome, reportCase).orElseThrow();
            for (GuestRecord guest : run.guests()) {
                guest.console().ifPresent(console -> files.add(attach(directory, attachments, uuid, "console " + guest.kernel(),
                        "text/plain", "txt", ConsoleTail.of(console, ConsoleTail.ATTACHMENT_CHARS))));
            }
            if (run.status() == TopologyRun.Status.COMPARED) {
                files.add(attach(directory, attachments, uuid, "diff " + outcome.baseline() + " → " + outcome.candidate(),
                        "text/html", "html", DiffTable.html(run.topology() + ": " + outcome.baseline() + " → " + outcome.candidate(),
                                run.findings())));
            }
            run.topologySvg().ifPresent(svg -> files.add(attach(directory, attachments, uuid, "topology " + run.topology(),
                    "image/svg+xml", "svg", svg)));
            run.cxlSvg().ifPresent(svg -> files.add(attach(directory, attachments, uuid, "cxl topology " + run.topology(),
                    "image/svg+xml", "svg", svg)));
        } else {
            // A check run has no diff case: its pictures go with the first case of the run's cxl suite (else its first case).
            if (outcome.isCheckRun()) {
                picturesOf(outcome, reportCase).ifPresent(run -> {
                    run.topologySvg().ifPresent(svg -> files.add(attach(directory, attachments, uuid, "topology " + run.topology(),
                            "image/svg+xml", "svg", svg)));
                    run.cxlSvg().ifPresent(svg -> files.add(attach(directory, attachments, uuid, "cxl topology " + run.topology(),
                            "image/svg+xml", "svg", svg)));
                });
            }
            diffOf(outcome, reportCase).ifPresent(findings -> files.add(attach(directory, attachments, uuid,
                    "diff before/after", "text/html", "html",
                    DiffTable.html(reportCase.topology() + ", " + reportCase.kernel() + ": " + reportCase.name(), findings))));
        }
        Path file = directory.resolve(uuid + "-result.json");
        SnapshotFiles.writeAtomically(file, SnapshotFiles.canonical(result));
        files.add(file);
        return files;
    }

    /** The run whose pictures {@code reportCase} carries: the run's first cxl case, or its first case when it has none. */
    private static java.util.Optional<TopologyRun> picturesOf(GateOutcome outcome, ReportCase reportCase) {
        return outcome.runs().stream().filter(run -> run.topology().equals(reportCase.topology()))
                .filter(run -> run.topologySvg().isPresent() || run.cxlSvg().isPresent()).findFirst()
                .filter(run -> {
                    CheckResult carrier = run.checks().stream().filter(check -> check.suite().equals("cxl")).findFirst()
                            .orElse(run.checks().isEmpty() ? null : run.checks().get(0));
                    return carrier != null && carrier.suite().equals(reportCase.suite()) && carrier.name().equals(reportCase.name())
                            && carrier.kernel().equals(reportCase.kernel());
                });
    }

    /** The diff a check case judged (a hot-plug event's before/after), if it judged one. */
    private static java.util.Optional<List<org.hmsabi.diff.Finding>> diffOf(GateOutcome outcome, ReportCase reportCase) {
        return outcome.runs().stream().filter(run -> run.topology().equals(reportCase.topology()))
                .flatMap(run -> run.checks().stream())
                .filter(check -> check.suite().equals(reportCase.suite()) && check.name().equals(reportCase.name())
                        && check.kernel().equals(reportCase.kernel()))
                .findFirst().flatMap(CheckResult::diff);
    }

    static ObjectNode result(GateOutcome outcome, ReportCase reportCase, String fullName, String uuid) {
        long start = outcome.started().toEpochMilli();
        ObjectNode result = JSON.createObjectNode()
                .put("uuid", uuid)
                .put("historyId", md5(fullName))
                .put("testCaseId", md5(fullName))
                .put("name", reportCase.isDiff() ? "ABI diff on " + reportCase.topology()
                        : reportCase.name() + " [" + reportCase.kernel() + "]")
                .put("fullName", fullName)
                .put("status", status(reportCase.status()))
                .put("stage", "finished")
                .put("start", start)
                .put("stop", start + reportCase.duration().toMillis());
        ObjectNode details = result.putObject("statusDetails");
        reportCase.message().ifPresent(message -> details.put("message", message));
        if (reportCase.status() != CaseStatus.PASSED) {
            details.put("trace", reportCase.details() + "reproduce: " + reportCase.reproduce() + "\n");
        }
        ArrayNode labels = result.putArray("labels");
        label(labels, "parentSuite", outcome.baseline() + " → " + outcome.candidate());
        label(labels, "suite", reportCase.suite());
        label(labels, "subSuite", reportCase.topology());
        label(labels, "tag", reportCase.topology());
        label(labels, "tag", reportCase.kernel());
        label(labels, "framework", "hmsabi");
        label(labels, "package", "hmsabi." + reportCase.suite());
        ArrayNode parameters = result.putArray("parameters");
        parameters.addObject().put("name", "kernel").put("value", reportCase.kernel());
        parameters.addObject().put("name", "topology").put("value", reportCase.topology());
        result.putArray("links");
        result.putArray("steps");
        return result;
    }

    static String fullName(ReportCase reportCase) {
        return reportCase.isDiff() ? reportCase.path() : reportCase.path() + "[" + reportCase.kernel() + "]";
    }

    private static Path attach(Path directory, ArrayNode attachments, String resultUuid, String name, String type,
                               String extension, String content) {
        String source = uuid(resultUuid + "|" + name) + "-attachment." + extension;
        Path file = directory.resolve(source);
        SnapshotFiles.writeAtomically(file, content);
        attachments.addObject().put("name", name).put("source", source).put("type", type);
        return file;
    }

    private static void label(ArrayNode labels, String name, String value) {
        labels.addObject().put("name", name).put("value", value);
    }

    static String status(CaseStatus status) {
        return switch (status) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case ERROR -> "broken";
            case SKIPPED -> "skipped";
        };
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
