package org.hmsabi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hmsabi report}: work on a results directory a gate or check wrote, without booting anything. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Work on results a gate or check wrote (no guest is booted).",
        subcommands = {ReportKcidbCommand.class},
        footer = {"", "Example:", "  hmsabi report kcidb --origin my_lab"})
final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: kcidb");
    }
}
