package org.hmsabi.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.Shard;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.Stability;

/**
 * {@code outcome.json}: a run's whole outcome for tools and for {@code hmsabi report merge}, in
 * canonical JSON (docs/formats.md, "Run outcomes"): the verdict and exit code, the kernels, the
 * matrix the run was cut from and its shard, and every run with its guests, findings and checks,
 * losslessly, so the reports of merged shards are written from the same outcome an unsharded run has.
 * Snapshot paths are kept relative to the results directory (one outside it is left out).
 */
public final class OutcomeJson {
    public static final String FILE_NAME = "outcome.json";
    /** The format's name and version; a reader refuses any other. */
    public static final String FORMAT = "hmsabi-outcome/1";
    /** The largest outcome.json read back (consoles are bounded, so a real one is far smaller). */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutcomeJson() {
    }

    /** Writes {@code outcome.json} under {@code resultsDir}, atomically. */
    public static Path write(GateOutcome outcome, Path resultsDir) {
        Path file = resultsDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(resultsDir);
            LocalFiles.writeAtomically(file, render(outcome, resultsDir).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
        return file;
    }

    /** The canonical JSON of an outcome whose snapshots lie under {@code resultsDir}. */
    public static String render(GateOutcome outcome, Path resultsDir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", outcome.kind().command());
        root.put("verdict", Verdict.of(outcome).name().toLowerCase(Locale.ROOT));
        root.put("exit", outcome.exitCode());
        root.put("baseline", outcome.baseline());
        root.put("candidate", outcome.candidate());
        root.put("strict", outcome.strict());
        root.put("started", outcome.started().toString());
        root.put("wall_time", outcome.wallTime().toString());
        root.put("command", outcome.command());
        root.put("qemu", outcome.qemu());
        RunMatrix matrix = outcome.matrix();
        putMatrix(root, matrix);
        ArrayNode packages = root.putArray("packages");
        outcome.packages().forEach((kernel, pkg) -> packages.addObject().put("kernel", kernel).put("package", pkg.name())
                .put("version", pkg.version()).put("sha256", pkg.sha256()).put("size", pkg.sizeBytes()));
        ArrayNode runs = root.putArray("runs");
        outcome.runs().forEach(run -> runs.add(run(run, matrix.cellOf(run.topology()), resultsDir)));
        return SnapshotFiles.canonical(root);
    }

    /** The matrix a run was cut from: {@code shard}, {@code matrix} (every cell and its cost) and {@code cells} (this shard's). */
    static void putMatrix(ObjectNode root, RunMatrix matrix) {
        root.putObject("shard").put("index", matrix.shard().index()).put("count", matrix.shard().count());
        ArrayNode cells = root.putArray("matrix");
        matrix.cells().forEach(cell -> cells.addObject().put("cell", cell.name()).put("cost", cell.cost()));
        ArrayNode mine = root.putArray("cells");
        matrix.mineNames().forEach(mine::add);
    }

    private static ObjectNode run(TopologyRun run, String cell, Path resultsDir) {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", run.topology());
        node.put("cell", cell);
        node.put("status", run.status().name());
        run.problem().ifPresent(problem -> node.put("problem", problem));
        ArrayNode guests = node.putArray("guests");
        for (GuestRecord guest : run.guests()) {
            ObjectNode g = guests.addObject().put("kernel", guest.kernel()).put("release", guest.release())
                    .put("topology", guest.topology()).put("boot_time", guest.bootTime().toString());
            guest.snapshot().flatMap(path -> relative(resultsDir, path)).ifPresent(path -> g.put("snapshot", path));
            guest.console().ifPresent(console -> g.put("console", console));
            guest.failure().ifPresent(failure -> g.put("failure", failure));
        }
        node.set("findings", findings(run.findings()));
        ArrayNode checks = node.putArray("checks");
        for (CheckResult check : run.checks()) {
            ObjectNode c = checks.addObject().put("suite", check.suite()).put("name", check.name())
                    .put("kernel", check.kernel()).put("status", check.status().name());
            check.message().ifPresent(message -> c.put("message", message));
            check.diff().ifPresent(diff -> c.set("diff", findings(diff)));
        }
        run.topologySvg().ifPresent(svg -> node.put("topology_svg", svg));
        run.cxlSvg().ifPresent(svg -> node.put("cxl_svg", svg));
        node.put("reproduce", run.reproduce());
        return node;
    }

    static ArrayNode findings(List<Finding> findings) {
        ArrayNode array = JSON.createArrayNode();
        for (Finding finding : findings) {
            ObjectNode f = array.addObject().put("kind", finding.kind().name()).put("severity", finding.severity().name())
                    .put("stability", finding.stability().yamlName()).put("subject", finding.subject());
            ArrayNode paths = f.putArray("paths");
            finding.paths().forEach(paths::add);
            finding.baseline().ifPresent(value -> f.put("baseline", value));
            finding.candidate().ifPresent(value -> f.put("candidate", value));
            finding.waiver().ifPresent(value -> f.put("waiver", value));
        }
        return array;
    }

    /** A snapshot's path relative to the results directory; one elsewhere is not kept (the file would not travel with it). */
    private static Optional<String> relative(Path resultsDir, Path snapshot) {
        Path base = resultsDir.toAbsolutePath().normalize();
        Path file = snapshot.toAbsolutePath().normalize();
        return file.startsWith(base) ? Optional.of(base.relativize(file).toString()) : Optional.empty();
    }

    /**
     * Reads the {@code outcome.json} of a results directory; snapshot paths come back resolved
     * against it. A missing, unreadable or foreign file is an infrastructure failure (exit 3) that
     * names the directory and what to do.
     */
    public static GateOutcome read(Path resultsDir) {
        Path file = resultsDir.resolve(FILE_NAME);
        String fix = "; re-run that shard, or pass the results directory it wrote (--results DIR)";
        if (!Files.isRegularFile(file)) {
            throw new InfrastructureException(resultsDir + " has no " + FILE_NAME + ": the run did not finish there" + fix);
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InfrastructureException(file + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB" + fix);
            }
            return parse(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)), resultsDir);
        } catch (JsonProcessingException e) {
            throw new InfrastructureException(file + " is not an hmsabi outcome (" + org.hmsabi.ParseProblem.of(e) + ")" + fix, e);
        } catch (IllegalArgumentException | java.time.DateTimeException | org.hmsabi.BadInputException e) {
            throw new InfrastructureException(file + " is not an hmsabi outcome (" + Messages.firstLine(String.valueOf(e.getMessage())) + ")" + fix, e);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + " (" + e.getMessage() + ")" + fix, e);
        }
    }

    static GateOutcome parse(JsonNode root, Path resultsDir) {
        if (!FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("format is " + root.path("format").asText("missing") + ", not " + FORMAT);
        }
        GateOutcome.Kind kind = kind(text(root, "kind"));
        RunMatrix matrix = matrix(root);
        List<TopologyRun> runs = new ArrayList<>();
        for (JsonNode run : array(root, "runs")) {
            runs.add(run(run, resultsDir));
        }
        return new GateOutcome(text(root, "baseline"), text(root, "candidate"), required(root, "strict").asBoolean(),
                Instant.parse(text(root, "started")), Duration.parse(text(root, "wall_time")), runs, text(root, "command"), kind,
                text(root, "qemu"), matrix, packages(root));
    }

    /** The matrix {@link #putMatrix} wrote; its cells must be what the split gives for its shard. */
    static RunMatrix matrix(JsonNode root) {
        List<RunMatrix.Cell> cells = new ArrayList<>();
        for (JsonNode cell : array(root, "matrix")) {
            cells.add(new RunMatrix.Cell(text(cell, "cell"), number(cell, "cost")));
        }
        JsonNode shard = required(root, "shard");
        RunMatrix matrix = new RunMatrix(cells, new Shard((int) number(shard, "index"), (int) number(shard, "count")));
        List<String> mine = new ArrayList<>();
        array(root, "cells").forEach(cell -> mine.add(cell.asText()));
        if (!mine.equals(matrix.mineNames())) {
            throw new IllegalArgumentException("its cells " + mine + " are not shard " + matrix.shard().text() + " of its matrix");
        }
        return matrix;
    }

    /** The Debian package each kernel came from (KCIDB's build); an outcome written before they were recorded has none. */
    private static java.util.Map<String, org.hmsabi.kernel.DebianPackage> packages(JsonNode root) {
        java.util.Map<String, org.hmsabi.kernel.DebianPackage> packages = new java.util.LinkedHashMap<>();
        for (JsonNode pkg : root.path("packages")) {
            try {
                packages.put(text(pkg, "kernel"), new org.hmsabi.kernel.DebianPackage(text(pkg, "package"), text(pkg, "version"),
                        text(pkg, "sha256"), number(pkg, "size")));
            } catch (InfrastructureException malformed) {
                throw new IllegalArgumentException("package of " + pkg.path("kernel").asText("?") + " is malformed", malformed);
            }
        }
        return packages;
    }

    private static TopologyRun run(JsonNode node, Path resultsDir) {
        List<GuestRecord> guests = new ArrayList<>();
        for (JsonNode g : array(node, "guests")) {
            guests.add(new GuestRecord(text(g, "kernel"), text(g, "release"), text(g, "topology"), Duration.parse(text(g, "boot_time")),
                    optional(g, "snapshot").map(path -> inside(resultsDir, path)), optional(g, "console"), optional(g, "failure")));
        }
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode c : array(node, "checks")) {
            checks.add(new CheckResult(text(c, "suite"), text(c, "name"), text(c, "kernel"), CheckResult.Status.valueOf(text(c, "status")),
                    optional(c, "message"), c.has("diff") ? Optional.of(findings(c.get("diff"))) : Optional.empty()));
        }
        return new TopologyRun(text(node, "run"), TopologyRun.Status.valueOf(text(node, "status")), optional(node, "problem"), guests,
                findings(array(node, "findings")), checks, optional(node, "topology_svg"), text(node, "reproduce"),
                optional(node, "cxl_svg"));
    }

    /** A snapshot path of the file, resolved inside the results directory (never outside it). */
    private static Path inside(Path resultsDir, String path) {
        Path base = resultsDir.toAbsolutePath().normalize();
        Path resolved = base.resolve(path).normalize();
        if (!resolved.startsWith(base)) {
            throw new IllegalArgumentException("snapshot " + Messages.joinLines(path) + " is outside the results directory");
        }
        return resolved;
    }

    static List<Finding> findings(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("findings are not a list");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : array) {
            List<String> paths = new ArrayList<>();
            array(f, "paths").forEach(path -> paths.add(path.asText()));
            findings.add(new Finding(Finding.Kind.valueOf(text(f, "kind")), Finding.Severity.valueOf(text(f, "severity")),
                    Stability.fromYaml(text(f, "stability")), text(f, "subject"), paths, optional(f, "baseline"),
                    optional(f, "candidate"), optional(f, "waiver")));
        }
        return findings;
    }

    private static GateOutcome.Kind kind(String command) {
        for (GateOutcome.Kind kind : GateOutcome.Kind.values()) {
            if (kind.command().equals(command)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind " + command + " is none of gate, check, validate-driver");
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is not a whole number");
        }
        return value.asLong();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return node.has(field) ? Optional.of(text(node, field)) : Optional.empty();
    }

    static JsonNode array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is not a list");
        }
        return value;
    }
}
