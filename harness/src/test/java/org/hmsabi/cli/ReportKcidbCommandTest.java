package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.report.KcidbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hmsabi report kcidb}: the results' kcidb.json under another origin; what is missing or wrong is exit 2 in one line. */
class ReportKcidbCommandTest {

    @Test
    void writesTheResultsKcidbUnderTheOrigin(@TempDir Path results) throws Exception {
        KcidbWriter.write(new GateOutcome("debian:6.12.117+deb12", "debian:7.3.4+deb13", false, Instant.parse("2026-01-01T00:00:00Z"),
                Duration.ZERO, List.of(), "./hmsabi gate"), results);
        StringWriter out = new StringWriter();
        int exit = Main.run(new CommandLine(new Main()).setOut(new PrintWriter(out, true)),
                "report", "kcidb", "--origin", "my_lab", "--results", results.toString());

        assertThat(exit).isZero();
        Path written = results.resolve("kcidb-my_lab.json");
        assertThat(out.toString().strip()).isEqualTo(written.toString());
        JsonNode document = new ObjectMapper().readTree(written.toFile());
        assertThat(document.path("checkouts")).extracting(node -> node.path("id").asText())
                .containsExactly("my_lab:debian:6.12.117+deb12", "my_lab:debian:7.3.4+deb13");
        assertThat(document.path("builds").get(0).path("checkout_id").asText()).isEqualTo("my_lab:debian:6.12.117+deb12");

        Path elsewhere = results.resolve("out/submit.json");
        assertThat(Main.run("report", "kcidb", "--origin", "my_lab", "--results", results.toString(), "--out", elsewhere.toString())).isZero();
        assertThat(Files.readString(elsewhere)).isEqualTo(Files.readString(written));
    }

    @Test
    void noKcidbABadOriginOrNoSubcommandIsBadInputInOneLine(@TempDir Path results) throws Exception {
        StringWriter err = new StringWriter();
        int exit = Main.run(new CommandLine(new Main()).setErr(new PrintWriter(err, true)),
                "report", "kcidb", "--origin", "my_lab", "--results", results.toString());
        assertThat(exit).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("hmsabi: no kcidb.json in " + results).contains("hmsabi gate").hasLineCount(1);

        KcidbWriter.write(new GateOutcome("a", "b", false, Instant.now(), Duration.ZERO, List.of(), "x"), results);
        assertThat(Main.run("report", "kcidb", "--origin", "My Lab", "--results", results.toString())).isEqualTo(Main.USAGE);
        assertThat(Main.run("report", "kcidb", "--results", results.toString())).isEqualTo(Main.USAGE);
        assertThat(Main.run("report")).isEqualTo(Main.USAGE);
    }
}
