package org.hmsabi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ci/github-workflow.yml is a GitHub Actions workflow GitHub accepts: action-validator (from npm,
 * installed by ci/ci-tools at its pinned version) validates it against the workflow schema, and
 * rejects a broken copy. Its jobs run the README's commands: shards of {@code ./hmsabi gate
 * --shard I/N}, then {@code ./hmsabi report merge} and {@code ci/report}. Tagged {@code network}:
 * the first run installs the tool.
 */
@Tag("network")
class GitHubWorkflowTest {
    private static final Path REPO = Path.of(System.getProperty("hmsabi.repo", "..")).toAbsolutePath().normalize();
    private static final Path WORKFLOW = REPO.resolve("ci/github-workflow.yml");
    private static Path validator;

    @BeforeAll
    static void installTools() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/npm")), "npm is not installed");
        Run tools = run(REPO, List.of(REPO.resolve("ci/ci-tools").toString()));
        assertThat(tools.exit()).as(tools.output()).isZero();
        validator = Path.of(tools.output().lines().reduce((a, b) -> b).orElseThrow().strip()).resolve("action-validator");
    }

    @Test
    void actionValidatorAcceptsTheWorkflow() throws Exception {
        Run check = run(REPO, List.of(validator.toString(), WORKFLOW.toString()));
        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    void actionValidatorRejectsABrokenCopy(@TempDir Path dir) throws Exception {
        String text = Files.readString(WORKFLOW);
        Path broken = Files.writeString(dir.resolve("broken.yml"), text.replace("runs-on:", "runs_on:"));
        Run check = run(dir, List.of(validator.toString(), broken.toString()));
        assertThat(check.exit()).isNotZero();
        assertThat(check.output()).contains("errors");
    }

    @Test
    void shardsThenMergeWithTheReadmesCommands() throws IOException {
        JsonNode workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
        JsonNode gate = workflow.path("jobs").path("gate");
        JsonNode merge = workflow.path("jobs").path("merge");
        assertThat(gate.path("strategy").path("matrix").path("shard")).hasSizeGreaterThan(1);
        assertThat(merge.path("needs").asText()).isEqualTo("gate");
        assertThat(merge.path("if").asText()).isEqualTo("always()");
        assertThat(runs(gate)).anyMatch(line -> line.startsWith("./hmsabi gate --shard \"${{ matrix.shard }}/${{ strategy.job-total }}\""));
        assertThat(runs(merge)).anyMatch(line -> line.contains("./hmsabi report merge shards/hmsabi-shard-* --out results/merged"))
                .anyMatch(line -> line.equals("ci/report results/merged"));
        assertThat(merge.path("steps").findValuesAsText("uses")).contains("actions/upload-artifact@v4", "actions/download-artifact@v4");
    }

    private static List<String> runs(JsonNode job) {
        return job.path("steps").findValuesAsText("run").stream().map(String::strip).toList();
    }

    private record Run(int exit, String output) {}

    private static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
