package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.KunitTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's KTAP ({@code gate --format ktap}, {@link KtapWriter}) read by the kernel's own parser:
 * {@code tools/testing/kunit/kunit.py parse --json} from the Debian source of the gate's pinned
 * candidate kernel ({@link KunitTool}, about 160 MB fetched once into the hmsabi cache). Every
 * topology and every case must come out of the parser with the name and status hmsabi gave it,
 * and the parser must report no error of its own (a line it could not place, a missing plan,
 * a count that does not match). Tagged {@code network}: the first run downloads the package.
 */
@Tag("network")
class KtapKunitParserTest {
    private static Path kunitPy;

    @TempDir
    Path dir;

    @BeforeAll
    static void fetchKunit() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed (ci/setup installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "apt-get is not installed");
        Path repo = Path.of(System.getProperty("hmsabi.repo", "..")).toAbsolutePath().normalize();
        KernelPins pins = KernelPins.findOrNone(repo);
        kunitPy = KunitTool.onThisMachine(Optional.empty(), System.getenv(), repo, System.err::println)
                .kunitPy(pins.defaults().candidate().kernel());
    }

    @Test
    void aFailingGateParsesToTheSameTestsAndStatuses() throws Exception {
        GateOutcome outcome = Outcomes.failing();
        Parsed parsed = parse(outcome);
        assertThat(parsed.exitCode()).as("kunit.py exits 1 when a test failed").isEqualTo(1);
        assertAgrees(outcome, parsed);
        assertThat(parsed.output()).contains("Ran 5 tests: passed: 1, failed: 3, skipped: 1");
    }

    @Test
    void aPassingGateParsesAsPassing() throws Exception {
        GateOutcome outcome = Outcomes.passing();
        Parsed parsed = parse(outcome);
        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        assertAgrees(outcome, parsed);
    }

    @Test
    void aGateWithoutTopologiesParses() throws Exception {
        // kunit.py reads the plan 1..0 and, by its own policy, calls a run of no tests an error
        Parsed parsed = parse(Outcomes.empty());
        assertThat(parsed.output()).contains("Ran 0 tests").doesNotContain("could not find any KTAP output", "missing");
        assertThat(parsed.json().path("sub_groups")).isEmpty();
    }

    /** Every topology a group, every case of it a test case, with the status hmsabi gave it; no parser error. */
    private static void assertAgrees(GateOutcome outcome, Parsed parsed) {
        assertThat(parsed.output()).as("kunit.py's own complaints").doesNotContainIgnoringCase("error:")
                .doesNotContain("[ERROR]", "could not find any KTAP output", "missing", "expected", "unexpected");
        Map<String, Map<String, String>> seen = new LinkedHashMap<>();
        for (JsonNode group : parsed.json().path("sub_groups")) {
            Map<String, String> cases = new LinkedHashMap<>();
            group.path("test_cases").forEach(test -> cases.put(test.path("name").asText(), test.path("status").asText()));
            seen.put(group.path("name").asText(), cases);
        }
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        List<ReportCase> cases = ReportCases.of(outcome);
        for (TopologyRun run : outcome.runs()) {
            Map<String, String> mine = new LinkedHashMap<>();
            cases.stream().filter(c -> c.topology().equals(run.topology()))
                    .forEach(c -> mine.put(KtapWriter.subtestName(c), kunitStatus(c.status())));
            expected.put(run.topology(), mine);
        }
        assertThat(seen).isEqualTo(expected);
    }

    /**
     * How kunit_json.py names what kunit_parser.py makes of a result line. kunit.py knows only the
     * SKIP directive; for ERROR it falls back to "not ok", as ktap.rst tells a parser to do with a
     * directive it does not support, so a case hmsabi could not judge reads as FAIL there (the
     * "# ERROR why" stays on the line for a reader and for parsers that know the directive).
     */
    private static String kunitStatus(CaseStatus status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED, ERROR -> "FAIL";
            case SKIPPED -> "SKIP";
        };
    }

    private record Parsed(int exitCode, String output, JsonNode json) {}

    private Parsed parse(GateOutcome outcome) throws IOException, InterruptedException {
        StringWriter ktap = new StringWriter();
        KtapWriter.write(outcome, new PrintWriter(ktap));
        Path input = Files.writeString(dir.resolve("gate.ktap"), ktap.toString(), StandardCharsets.UTF_8);
        Path json = dir.resolve("gate.json");
        List<String> command = new ArrayList<>(List.of("python3", kunitPy.toString(), "parse", "--json=" + json, input.toString()));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("kunit.py parse of\n" + ktap + "\n->\n" + output);
        return new Parsed(process.exitValue(), output, new ObjectMapper().readTree(json.toFile()));
    }
}
