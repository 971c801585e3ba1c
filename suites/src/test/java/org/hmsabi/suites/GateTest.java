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
 * The CI gate end to end on real kernels: a kernel against itself is clean; 6.1 against 6.12
 * finds what the spec and the fixture say differs, passes, and fails with --strict; every
 * report format is written.
 */
@Tag("guest")
class GateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String stdout) {
    }

    private static Run gate(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        int code = Main.run(cli, args);
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
        List<String> kernels = TestGuests.defaultKernelReferences();
        Topology topology = TestGuests.topology("two-socket-hbm");
        Kernel candidate = TestGuests.kernel(kernels.get(1));
        Run run = gate("gate", "--baseline", kernels.get(0), "--candidate", kernels.get(1),
                "--topology", topology.name(), "--results", results.toString());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        // Weighted interleave is new ABI from 6.9 on: one ADDED finding, information only.
        assertThat(run.stdout()).containsPattern("INFO +ADDED +testing +/sys/kernel/mm/mempolicy/weight");
        // The fixture gives each CPU-less node its own HMAT performance, which 6.12 (unlike 6.1)
        // turns into a memory tier of its own: one testing-ABI finding per such node.
        for (NumaNode node : topology.memoryOnlyNodes()) {
            assertThat(performanceDiffersFromLocalDram(topology, node)).as("fixture premise for node %d", node.id()).isTrue();
            assertThat(run.stdout()).as("tier move of node %d", node.id())
                    .containsPattern("WARNING +VALUE_CHANGED +testing +node " + node.id() + ": memory_tier");
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
        assertThat(strict.stdout()).containsPattern("FAILURE +VALUE_CHANGED +testing +node");
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
