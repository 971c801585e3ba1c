package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hmsabi.cli.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hmsabi check}, what a vendor or a distribution runs against its own kernel, end to end on
 * the default candidate: conformance to the spec and the guest's kernel log (dmesg from boot on
 * and the taint), each a check in the reports.
 */
@Tag("guest")
class CheckCommandTest {

    @Test
    void theNewestKernelConformsAndItsKernelLogIsClean(@TempDir Path results) throws IOException {
        String kernel = TestGuests.defaultKernelReferences().get(1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.run(cli, "check", "--kernel", kernel, "--topology", "two-socket-hbm", "--suite", "conformance",
                "--results", results.toString());
        TestGuests.skipIfUnavailable(code, err.toString());

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("PASS conformance ").containsPattern("PASS kernel log debian:\\S+ on two-socket-hbm: "
                + "[0-9]+ lines, no WARNING, BUG or oops; ");
        assertThat(Files.readString(results.resolve("junit/kernel-log.xml"))).contains("two-socket-hbm: boot and capture");
    }
}
