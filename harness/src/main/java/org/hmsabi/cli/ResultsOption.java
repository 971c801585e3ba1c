package org.hmsabi.cli;

import java.nio.file.Path;
import org.hmsabi.Workspace;
import picocli.CommandLine.Option;

/** {@code --results DIR}: where a command writes its reports and snapshots. */
final class ResultsOption {
    @Option(names = "--results", paramLabel = "DIR",
            description = "where reports and snapshots go (default: target/hmsabi-results)")
    Path results;

    Path dir(Workspace workspace) {
        return results != null ? results : workspace.resultsDir();
    }
}
