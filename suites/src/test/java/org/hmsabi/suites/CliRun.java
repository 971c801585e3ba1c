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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.run(cli, args);
        TestGuests.skipIfUnavailable(code, err.toString());
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Both streams, for a failure message. */
    String both() {
        return stdout + "\n" + stderr;
    }
}
