package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hmsabi.cli.Main;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CI gate end to end on real kernels: a kernel against itself is clean; 6.1 against 6.12 (the
 * previous default pair, one command away) finds what the spec and the fixture say differs, passes,
 * and fails with --strict; every report format is written. The default pair (6.12 -> 7.3) runs in
 * ci/gate and GoldenFilesAreCurrentTest.
 */
@Tag("guest")
class GateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String stdout) {
    }

    private static Run gate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.run(cli, args);
        System.err.print(err);
        TestGuests.skipIfUnavailable(code, err.toString());
        return new Run(code, out.toString());
    }

    @Test
    void aKernelAgainstItselfIsClean(@TempDir Path results) throws IOException {
        String candidate = TestGuests.defaultKernelReferences().get(1);
        Run run = gate("gate", "--baseline", candidate, "--candidate", candidate, "--baseline-from", "boot",
                "--topology", "two-socket-hbm", "--results", results.toString(), "--strict");
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        JsonNode diff = abiDiffTest(results, "two-socket-hbm");
        assertThat(diff.path("status").asText()).isEqualTo("PASS");
        assertThat(run.stdout()).contains("PASS").contains("Findings (0)");
    }

    @Test
    void sixOneToSixTwelveFindsWhatTheSpecAndFixtureSayDiffers(@TempDir Path results) throws IOException {
        List<String> kernels = TestGuests.sixOneAndSixTwelve();
        Topology topology = TestGuests.topology("two-socket-hbm");
        Kernel candidate = TestGuests.kernel(kernels.get(1));
        Run run = gate("gate", "--baseline", kernels.get(0), "--candidate", kernels.get(1),
                "--topology", topology.name(), "--results", results.toString());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        Kernel baseline = TestGuests.kernel(kernels.get(0));
        JsonNode findings = diffOfTheGateSnapshots(results, topology, baseline, candidate).path("findings");
        // Weighted interleave is new ABI from 6.9 on: one ADDED finding, information only.
        assertThat(matching(findings, "ADDED", "INFO", "/sys/kernel/mm/mempolicy/weighted_interleave/")).hasSize(1);
        // The fixture gives each CPU-less node its own HMAT performance, which 6.12 (unlike 6.1)
        // turns into a memory tier of its own: one testing-ABI finding per such node.
        for (NumaNode node : topology.memoryOnlyNodes()) {
            assertThat(performanceDiffersFromLocalDram(topology, node)).as("fixture premise for node %d", node.id()).isTrue();
            assertThat(matching(findings, "VALUE_CHANGED", "WARNING", "node " + node.id() + ": memory_tier"))
                    .as("tier move of node %d", node.id()).hasSize(1)
                    .allSatisfy(finding -> assertThat(finding.path("stability").asText()).isEqualTo("testing"));
        }
        assertThat(Stream.of("summary.txt", "kcidb.json", "junit/abi-diff.xml", "junit/conformance.xml", "junit/syscalls.xml")
                .map(results::resolve)).allSatisfy(file -> assertThat(file).isNotEmptyFile());
        try (Stream<Path> allure = Files.list(results.resolve("allure-results"))) {
            assertThat(allure.filter(path -> path.toString().endsWith("-result.json"))).isNotEmpty();
        }
        assertThat(results.resolve("snapshots/two-socket-hbm/" + candidate.exactReference().substring("debian:".length()) + ".json"))
                .isNotEmptyFile();

        Run strict = gate("gate", "--baseline", kernels.get(0), "--candidate", kernels.get(1),
                "--topology", topology.name(), "--results", results.resolve("strict").toString(), "--strict");
        assertThat(strict.exitCode()).as(strict.stdout()).isEqualTo(1);
        assertThat(strict.stdout()).contains("FAIL (exit 1)");
    }

    /** The gate kept both snapshots with its reports; `hmsabi diff --format json` says what differs, structured. */
    private static JsonNode diffOfTheGateSnapshots(Path results, Topology topology, Kernel baseline, Kernel candidate)
            throws IOException {
        Path dir = results.resolve("snapshots").resolve(topology.name());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        Main.run(cli, "diff", dir.resolve(key(baseline) + ".json").toString(), dir.resolve(key(candidate) + ".json").toString(),
                "--format", "json");
        return JSON.readTree(out.toString());
    }

    private static String key(Kernel kernel) {
        return kernel.exactReference().substring("debian:".length());
    }

    private static List<JsonNode> matching(JsonNode findings, String kind, String severity, String subjectStart) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode finding : findings) {
            if (finding.path("kind").asText().equals(kind) && finding.path("severity").asText().equals(severity)
                    && finding.path("subject").asText().startsWith(subjectStart)) {
                found.add(finding);
            }
        }
        return found;
    }

    @Test
    void aMissingKernelIsBadInputBeforeAnyGuestBoots(@TempDir Path results) {
        Run run = gate("gate", "--baseline", "debian:6.1.0-99", "--topology", "two-socket", "--results", results.toString());
        assertThat(run.exitCode()).isEqualTo(2);
    }

    private static boolean performanceDiffersFromLocalDram(Topology topology, NumaNode memoryOnly) {
        int initiator = memoryOnly.initiator().orElseThrow();
        return topology.hmat().stream().filter(entry -> entry.initiator() == initiator)
                .filter(entry -> entry.target() == initiator || entry.target() == memoryOnly.id())
                .map(HmatEntry::performance).distinct().count() == 2;
    }

    private static JsonNode abiDiffTest(Path results, String topology) throws IOException {
        JsonNode kcidb = JSON.readTree(results.resolve("kcidb.json").toFile());
        for (JsonNode test : kcidb.path("tests")) {
            if (test.path("path").asText().equals("hmsabi.abi-diff." + topology)) {
                return test;
            }
        }
        throw new AssertionError("kcidb.json has no hmsabi.abi-diff." + topology + " test");
    }
}
