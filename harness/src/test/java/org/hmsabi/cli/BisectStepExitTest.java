package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * git bisect run reads 1 to 127 (but 125) as "bad": a bisect-step that fails itself, before any
 * guest boots, must exit above 127 so the bisection stops instead of blaming the commit. Every
 * other command keeps hmsabi's own codes.
 */
class BisectStepExitTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        return Main.run(cli, args);
    }

    @Test
    void aStepThatCannotStartStopsTheBisection(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        // A usage error (exit 2 elsewhere) is 130 here.
        assertThat(run(err, "bisect-step", "--kernel", "bzImage", "--no-such-option")).isEqualTo(130);

        // A reference snapshot that does not exist is bad input, found before anything boots: 130.
        Path image = Files.writeString(dir.resolve("bzImage"), "not booted");
        err.getBuffer().setLength(0);
        assertThat(run(err, "bisect-step", "--kernel", image.toString(), "--baseline-snapshot", dir.resolve("missing.json").toString()))
                .isEqualTo(130);
        assertThat(err.toString()).startsWith("hmsabi: ").contains("missing.json");
    }

    @Test
    void otherCommandsKeepTheirOwnCodes() {
        assertThat(run(new StringWriter(), "gate", "--no-such-option")).isEqualTo(2);
    }
}
