package org.hmsabi.suites;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.hmsabi.cli.Main;
import picocli.CommandLine;

/**
 * One {@code hmsabi} command run in this JVM, its exit code and what it printed; a kernel the
 * archive no longer offers skips the test ({@link TestGuests#skipIfUnavailable}).
 */
record CliRun(int exitCode, String stdout, String stderr) {

    static CliRun of(String... args) {
        CliRun run = exactly(args);
        TestGuests.skipIfUnavailable(run.exitCode(), run.stderr());
        return run;
    }

    /** The command's outcome as it is, an unavailable kernel (exit 4) included, for tests about that. */
    static CliRun exactly(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new CliRun(Main.run(cli, args), out.toString(), err.toString());
    }

    /** Both streams, for a failure message. */
    String both() {
        return stdout + "\n" + stderr;
    }
}
