package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hmsabi.Shard;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.report.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --shard and report merge at the command line, without a guest: the bad-input lines and the exit codes. */
class ShardCommandsTest {
    record Result(int exit, String out, String err) {
    }

    @Test
    void aMalformedShardIsOneLineOfBadInputInEveryCommand() {
        for (List<String> command : List.of(List.of("gate"), List.of("check", "--kernel", "debian:6.12"), List.of("history"),
                List.of("bisect", "--kernels", "debian:6.17,debian:6.18"))) {
            for (String bad : List.of("0/3", "4/3", "two", "1/0")) {
                List<String> args = new java.util.ArrayList<>(command);
                args.addAll(List.of("--shard", bad));
                Result result = run(args.toArray(String[]::new));
                assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(Main.USAGE);
                assertThat(result.err().strip()).as(String.join(" ", args)).startsWith("hmsabi: --shard").doesNotContain("\n")
                        .doesNotContain("Exception");
            }
        }
    }

    @Test
    void bisectRefusesAPartAndSaysWhy() {
        Result bisect = run("bisect", "--kernels", "debian:6.17,debian:6.18", "--shard", "1/2");
        assertThat(bisect.exit()).isEqualTo(Main.USAGE);
        assertThat(bisect.err().strip()).startsWith("hmsabi: bisect --shard 1/2:").contains("no matrix to split").doesNotContain("\n");
    }

    @Test
    void reportAloneAsksForASubcommand() {
        Result result = run("report");
        assertThat(result.exit()).isEqualTo(Main.USAGE);
        assertThat(result.err()).contains("merge");
        assertThat(run("report", "merge", "somewhere").exit()).isEqualTo(Main.USAGE); // no --out
    }

    @Test
    void mergingADirectoryThatHoldsNoShardIsIncompleteAndWritesNothing(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("shard-1"));
        Path out = dir.resolve("merged");
        Result result = run("report", "merge", empty.toString(), "--out", out.toString());
        assertThat(result.exit()).isEqualTo(Main.INFRASTRUCTURE);
        assertThat(result.err().strip()).startsWith("hmsabi: report merge:").contains(empty.toString()).doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void mergingShardsPrintsTheWholeRunsSummaryAndItsExitCode(@TempDir Path dir) {
        RunMatrix matrix = new RunMatrix(List.of(new RunMatrix.Cell("single-node", 10), new RunMatrix.Cell("two-socket", 12)), Shard.WHOLE);
        List<TopologyRun> runs = List.of(compared("single-node"), compared("two-socket"));
        for (int index = 1; index <= 2; index++) {
            RunMatrix part = matrix.as(new Shard(index, 2));
            Reports.writeAll(new GateOutcome("debian:6.12.117+deb12", "debian:7.3.4+deb13", false, Instant.parse("2026-12-01T10:00:00Z"),
                    Duration.ofSeconds(5), runs.stream().filter(r -> part.mineNames().contains(r.topology())).toList(),
                    "./hmsabi gate", GateOutcome.Kind.GATE, "", part), dir.resolve("shard-" + index));
        }
        Result whole = run("report", "merge", dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString(),
                "--out", dir.resolve("merged").toString());
        assertThat(whole.exit()).isZero();
        assertThat(whole.out()).contains("PASS", "single-node", "two-socket");
        assertThat(dir.resolve("merged/summary.txt")).isRegularFile();
        assertThat(dir.resolve("merged/outcome.json")).content().containsPattern("\"count\" : 1,\\s+\"index\" : 1");

        Result half = run("report", "merge", dir.resolve("shard-2").toString(), "--out", dir.resolve("half").toString(), "--format", "ktap");
        assertThat(half.exit()).isEqualTo(Main.INFRASTRUCTURE);
        assertThat(half.out()).startsWith("KTAP version 1");
        assertThat(half.err()).contains("shard 1/2 gave no results").contains("--shard 1/2");
    }

    private static TopologyRun compared(String topology) {
        return new TopologyRun(topology, TopologyRun.Status.COMPARED, Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(),
                "./hmsabi gate --topology " + topology);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = Main.run(cli, args);
        return new Result(exit, out.toString(), err.toString());
    }
}
