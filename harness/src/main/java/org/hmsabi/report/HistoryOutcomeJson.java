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
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.history.AbiHistory;
import org.hmsabi.history.HistoryOutcome;
import org.hmsabi.history.HistoryPage;
import org.hmsabi.history.HistoryText;
import org.hmsabi.model.SnapshotFiles;

/**
 * A history run's reports in {@code <results>/history/}: {@code history.txt}, {@code history.html}
 * and {@code history-outcome.json} (docs/formats.md, "History outcomes"): the command, the matrix and
 * shard, every history with its steps and their findings, and what was skipped, so {@code hmsabi
 * report merge} makes the shards of a history one history, written by the same writers.
 */
public final class HistoryOutcomeJson {
    public static final String DIRECTORY = "history";
    public static final String FILE_NAME = "history-outcome.json";
    public static final String FORMAT = "hmsabi-history/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryOutcomeJson() {
    }

    /** Whether a results directory holds a history's outcome. */
    public static boolean isHistory(Path resultsDir) {
        return Files.isRegularFile(resultsDir.resolve(DIRECTORY).resolve(FILE_NAME));
    }

    /** Writes history.txt, history.html and history-outcome.json under {@code resultsDir/history}; returns that directory. */
    public static Path writeAll(HistoryOutcome outcome, Path resultsDir) {
        Path directory = resultsDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            LocalFiles.writeAtomically(directory.resolve("history.txt"),
                    HistoryText.render(outcome.histories()).getBytes(StandardCharsets.UTF_8));
            LocalFiles.writeAtomically(directory.resolve("history.html"),
                    HistoryPage.render(outcome.histories()).getBytes(StandardCharsets.UTF_8));
            LocalFiles.writeAtomically(directory.resolve(FILE_NAME), render(outcome).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the history to " + directory + " (" + e.getMessage() + ")", e);
        }
        return directory;
    }

    static String render(HistoryOutcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("exit", outcome.exitCode());
        root.put("command", outcome.command());
        root.put("strict", outcome.strict());
        OutcomeJson.putMatrix(root, outcome.matrix());
        ArrayNode histories = root.putArray("histories");
        for (AbiHistory history : outcome.histories()) {
            ObjectNode h = histories.addObject().put("topology", history.topology());
            ArrayNode kernels = h.putArray("kernels");
            history.kernels().forEach(kernels::add);
            ArrayNode steps = h.putArray("steps");
            history.steps().forEach(step -> steps.addObject().put("from", step.from()).put("to", step.to())
                    .set("findings", OutcomeJson.findings(step.findings())));
        }
        ArrayNode skipped = root.putArray("skipped");
        outcome.skipped().forEach(skipped::add);
        return SnapshotFiles.canonical(root);
    }

    /** Reads a results directory's history outcome; a missing or foreign one is an infrastructure failure (exit 3) naming it. */
    public static HistoryOutcome read(Path resultsDir) {
        Path file = resultsDir.resolve(DIRECTORY).resolve(FILE_NAME);
        String fix = "; re-run that shard of the history, or pass the results directory it wrote (--results DIR)";
        if (!Files.isRegularFile(file)) {
            throw new InfrastructureException(resultsDir + " has no " + DIRECTORY + "/" + FILE_NAME + ": the history did not finish there" + fix);
        }
        try {
            if (Files.size(file) > OutcomeJson.MAX_BYTES) {
                throw new InfrastructureException(file + " is larger than " + OutcomeJson.MAX_BYTES / (1024 * 1024) + " MiB" + fix);
            }
            return parse(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | IllegalArgumentException | org.hmsabi.BadInputException e) {
            throw new InfrastructureException(file + " is not an hmsabi history outcome (" + Messages.firstLine(String.valueOf(e.getMessage()))
                    + ")" + fix, e);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + " (" + e.getMessage() + ")" + fix, e);
        }
    }

    static HistoryOutcome parse(JsonNode root) {
        if (!FORMAT.equals(OutcomeJson.text(root, "format"))) {
            throw new IllegalArgumentException("format is " + root.path("format").asText("missing") + ", not " + FORMAT);
        }
        List<AbiHistory> histories = new ArrayList<>();
        for (JsonNode h : OutcomeJson.array(root, "histories")) {
            List<String> kernels = new ArrayList<>();
            OutcomeJson.array(h, "kernels").forEach(kernel -> kernels.add(kernel.asText()));
            List<AbiHistory.Step> steps = new ArrayList<>();
            for (JsonNode step : OutcomeJson.array(h, "steps")) {
                steps.add(new AbiHistory.Step(OutcomeJson.text(step, "from"), OutcomeJson.text(step, "to"),
                        OutcomeJson.findings(OutcomeJson.required(step, "findings"))));
            }
            histories.add(new AbiHistory(OutcomeJson.text(h, "topology"), kernels, steps));
        }
        List<String> skipped = new ArrayList<>();
        OutcomeJson.array(root, "skipped").forEach(line -> skipped.add(line.asText()));
        return new HistoryOutcome(OutcomeJson.text(root, "command"), OutcomeJson.required(root, "strict").asBoolean(),
                OutcomeJson.matrix(root), histories, skipped);
    }
}
