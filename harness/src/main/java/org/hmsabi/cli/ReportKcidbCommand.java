package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.Workspace;
import org.hmsabi.report.KcidbWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi report kcidb --origin NAME}: the results directory's kcidb.json (KCIDB 5.3) as
 * submitted by the CI system NAME, ready for {@code kci-dev submit build --from-json}.
 */
@Command(name = "kcidb", mixinStandardHelpOptions = true,
        description = "Write the results' kcidb.json under your KCIDB origin, ready for 'kci-dev submit build --from-json'.",
        footer = {"", "Exit 0 written, 2 no kcidb.json in the results or a bad origin.", "", "Example:",
                "  hmsabi report kcidb --origin my_lab --results target/hmsabi-results",
                "  kci-dev submit build --from-json target/hmsabi-results/kcidb-my_lab.json"})
final class ReportKcidbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--origin", required = true, paramLabel = "NAME",
            description = "your CI system's KCIDB origin (lower-case letters, digits, '_'), as KernelCI assigned it")
    String origin;

    @Mixin
    ResultsOption results;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write it (default: kcidb-NAME.json in the results directory)")
    Path out;

    @Override
    public Integer call() {
        Path resultsDir = results.dir(Workspace.locate(Optional.empty()));
        Path written = KcidbWriter.writeWithOrigin(resultsDir, origin, out != null ? out : resultsDir.resolve("kcidb-" + origin + ".json"));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(written);
        stdout.flush();
        return Main.OK;
    }
}
