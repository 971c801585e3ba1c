package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.history.HistoryOutcome;
import org.hmsabi.history.HistoryText;
import org.hmsabi.report.HistoryOutcomeJson;
import org.hmsabi.report.KtapWriter;
import org.hmsabi.report.ShardMerge;
import org.hmsabi.report.SummaryWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hmsabi report merge DIR... --out DIR}: the results directories of the shards of one run
 * ({@code --shard I/N}) into one outcome and one set of reports ({@link ShardMerge}).
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the results directories of the shards of one run (gate, check or history --shard I/N)",
                "into one verdict and one set of reports, as the unsharded run would have written them."},
        footer = {"", "Exit 0 pass, 1 findings, 2 bad input, 3 incomplete: a shard missing,",
                "given twice, cut from another run, or with a guest not booted (3 wins).",
                "", "Example:", "  hmsabi report merge shard-1 shard-2 shard-3 --out merged"})
final class ReportMergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "the --results directory of each shard")
    List<Path> directories;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "where the merged reports go (written beside it first, then moved into place)")
    Path out;

    @Option(names = "--format", paramLabel = "summary|ktap", defaultValue = "summary",
            description = "what to print on stdout: the summary, or KTAP (default: ${DEFAULT-VALUE})")
    GateCommand.Format format;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!directories.isEmpty() && HistoryOutcomeJson.isHistory(directories.get(0))
                && !java.nio.file.Files.exists(directories.get(0).resolve(org.hmsabi.report.OutcomeJson.FILE_NAME))) {
            return mergeHistories(stdout, err);
        }
        ShardMerge.Merged merged = ShardMerge.merge(directories);
        GateOutcome written = ShardMerge.write(merged, out);
        if (format == GateCommand.Format.ktap) {
            KtapWriter.write(written, stdout);
        } else {
            stdout.print(SummaryWriter.render(written));
        }
        stdout.flush();
        merged.problems().forEach(problem -> err.println("hmsabi: " + problem));
        err.printf("report merge: %d of %d shards, %d fixtures: reports in %s%s%n", merged.shards().size(),
                merged.shards().values().iterator().next().matrix().shard().count(), written.matrix().cells().size(), out,
                merged.problems().isEmpty() ? "" : " (incomplete)");
        return merged.exitCode();
    }

    /** The shards of a history ({@code history --shard I/N}): one history, printed as the unsharded run prints it. */
    private Integer mergeHistories(PrintWriter stdout, PrintWriter err) {
        List<String> problems = new java.util.ArrayList<>();
        HistoryOutcome merged = ShardMerge.mergeHistories(directories, problems);
        Path written = ShardMerge.writeHistory(merged, directories, out);
        stdout.print(HistoryText.render(merged.histories()));
        merged.skipped().forEach(line -> stdout.println("skipped (untestable): " + line));
        stdout.flush();
        problems.forEach(problem -> err.println("hmsabi: " + problem));
        err.printf("report merge: %d fixtures of a history: %s/history.html%s%n", merged.matrix().cells().size(), written,
                problems.isEmpty() ? "" : " (incomplete)");
        return problems.isEmpty() ? merged.exitCode() : Main.INFRASTRUCTURE;
    }
}
