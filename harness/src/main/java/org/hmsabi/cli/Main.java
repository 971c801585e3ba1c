package org.hmsabi.cli;

import org.hmsabi.HmsabiException;
import org.hmsabi.bisect.StepExit;
import org.hmsabi.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code hmsabi} command. Exit codes everywhere (docs/cli.md, "Exit codes"): 0 ok, 1 regression or
 * non-conformance, 2 usage or bad input, 3 infrastructure failure, 4 a kernel unavailable (a
 * pinned package the archive no longer offers and the cache does not hold).
 */
@Command(name = "hmsabi",
        mixinStandardHelpOptions = true,
        version = "hmsabi 0.1.0",
        description = "ABI conformance and regression suite for the Linux heterogeneous-memory interface.",
        footer = {"", "Exit codes: 0 ok, 1 regression or non-conformance, 2 usage or bad input,",
                "3 infrastructure failure, 4 a kernel unavailable (the archive no longer offers",
                "a pinned package and the cache does not hold it).", "", "Example:", "  hmsabi gate --topology two-socket-hbm"},
        subcommands = {KernelsCommand.class, SnapshotCommand.class, CheckCommand.class, GateCommand.class,
                DiffCommand.class, ValidateCommand.class, TopologyCommand.class, CaptureCommand.class, BenchCommand.class,
                BisectCommand.class, BisectStepCommand.class, BuildModuleCommand.class, HistoryCommand.class,
                ValidateDriverCommand.class, ReportCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;
    public static final int INFRASTRUCTURE = 3;
    public static final int UNAVAILABLE = org.hmsabi.KernelUnavailableException.EXIT_CODE;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return run(new CommandLine(new Main()), args);
    }

    /** Runs a prepared command line (tests capture its output) with hmsabi's error handling. */
    public static int run(CommandLine cli, String... args) {
        // Typed values (--runner, --format, ...) are enums: any case; a wrong one is a usage error naming the valid ones.
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            commandLine.getErr().println("hmsabi: " + oneLine(exception));
            if (!(exception instanceof HmsabiException)) {
                exception.printStackTrace(commandLine.getErr());
            }
            return forCaller(commandLine, exitCodeOf(exception));
        });
        cli.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, exception.getCommandLine().getErr());
            exception.getCommandLine().getErr().println("hmsabi: " + exception.getMessage()
                    + " (see 'hmsabi " + exception.getCommandLine().getCommandName() + " --help')");
            return forCaller(exception.getCommandLine(), USAGE);
        });
        return cli.execute(args);
    }

    /**
     * bisect-step's caller is {@code git bisect run}, which takes 1 to 127 (but 125) as "bad": a
     * failure of the step itself must stop the bisection instead of blaming a commit.
     */
    private static int forCaller(CommandLine command, int code) {
        return BisectStepCommand.NAME.equals(command.getCommandName()) ? StepExit.aborted(code) : code;
    }

    private static int exitCodeOf(Throwable exception) {
        return exception instanceof HmsabiException failure ? failure.exitCode() : INFRASTRUCTURE;
    }

    private static String oneLine(Throwable exception) {
        return exception.getMessage() == null ? "an internal error of hmsabi (please report it with the trace below)"
                : Messages.firstLine(exception.getMessage());
    }
}
