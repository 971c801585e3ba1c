package org.hmsabi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hmsabi report ...}: commands that work on results directories already written; a plain container of subcommands. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Work on results directories already written (no guest boots).",
        subcommands = {ReportMergeCommand.class, ReportKcidbCommand.class},
        footer = {"", "Examples:", "  hmsabi report merge shard-1 shard-2 shard-3 --out merged", "  hmsabi report kcidb --origin my_lab --results merged"})
final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** {@code report} alone is incomplete: ask for a subcommand, as a usage error (exit 2). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
