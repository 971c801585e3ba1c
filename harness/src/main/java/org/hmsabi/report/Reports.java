package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point the gate calls: every file format of a gate run into one results directory
 * (docs/results.md). KTAP goes to stdout instead, through {@link KtapWriter}.
 */
public final class Reports {
    /** Where results go unless the caller says otherwise, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("target", "hmsabi-results");

    private Reports() {
    }

    /**
     * Writes summary.txt, findings.txt, junit/*.xml, kcidb.json, allure-results/ and outcome.json (the run for tools and
     * {@code report merge}) under {@code resultsDir},
     * each file atomically, and returns the files written. JUnit files of an earlier run are
     * removed first, so a CI job never reads a suite this run did not have.
     */
    public static List<Path> writeAll(GateOutcome outcome, Path resultsDir) {
        List<Path> files = new ArrayList<>();
        files.addAll(SummaryWriter.write(outcome, resultsDir));
        StaleResults.remove(resultsDir.resolve(JunitWriter.DIRECTORY), name -> name.endsWith(".xml"));
        files.addAll(JunitWriter.write(outcome, resultsDir));
        files.add(KcidbWriter.write(outcome, resultsDir));
        files.addAll(AllureWriter.write(outcome, resultsDir));
        files.add(OutcomeJson.write(outcome, resultsDir));
        return files;
    }
}
