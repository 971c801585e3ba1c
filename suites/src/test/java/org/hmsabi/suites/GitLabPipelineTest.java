package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ci/gitlab-ci.yml runs to a merged report on this machine with gitlab-ci-local (from npm, installed
 * by ci/ci-tools at its pinned version; shell executor, one job at a time): two gate shards of two
 * small fixtures boot the candidate kernel in QEMU, the merge job writes one set of reports and the
 * Allure HTML report, the pages job publishes it. Runs on a copy of the repository's files (committed
 * in a fresh git repository, as gitlab-ci-local needs one) with the shared kernel cache. About five
 * minutes under TCG.
 */
@Tag("guest")
@Tag("network")
class GitLabPipelineTest {
    private static final Path REPO = TestGuests.workspace().root();
    private static final List<String> TOPOLOGIES = List.of("single-node", "two-socket");

    @Test
    void twoShardsMergeIntoOneReportAndPages(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/npm")), "npm is not installed");
        Run tools = run(REPO, List.of(REPO.resolve("ci/ci-tools").toString()), 10);
        assertThat(tools.exit()).as(tools.output()).isZero();
        Path gitlabCiLocal = Path.of(tools.output().lines().reduce((a, b) -> b).orElseThrow().strip()).resolve("gitlab-ci-local");
        // Build the CLI once here, so the copy's ./hmsabi finds it current.
        assertThat(run(REPO, List.of(REPO.resolve("hmsabi").toString(), "--version"), 15).exit()).isZero();
        Path project = copyOfTheRepository(dir.resolve("project"));

        List<String> command = new ArrayList<>(List.of(gitlabCiLocal.toString(), "--file", "ci/gitlab-ci.yml",
                "--force-shell-executor", "--concurrency", "1",
                "--variable", "HMSABI_CACHE=" + TestGuests.workspace().cacheRoot(),
                "--variable", "HMSABI_GATE_ARGS=--topology " + String.join(" --topology ", TOPOLOGIES)));
        Run pipeline = run(project, command, 40);
        assertThat(pipeline.exit()).as(pipeline.output()).isZero();
        assertThat(pipeline.output()).contains("PASS  gate: [1/2]", "PASS  gate: [2/2]", "PASS  merge", "PASS  pages");

        Path merged = project.resolve("results/merged");
        JsonNode outcome = new ObjectMapper().readTree(merged.resolve("outcome.json").toFile());
        assertThat(outcome.path("shard").path("count").asInt()).as("the merged outcome is the whole run").isEqualTo(1);
        assertThat(outcome.path("runs").findValuesAsText("run")).containsExactlyInAnyOrderElementsOf(TOPOLOGIES);
        for (int shard = 1; shard <= 2; shard++) {
            JsonNode part = new ObjectMapper().readTree(project.resolve("results/shard-" + shard + "/outcome.json").toFile());
            assertThat(part.path("shard").path("index").asInt()).isEqualTo(shard);
            assertThat(part.path("runs")).as("shard %d ran a part of the fixtures", shard).hasSize(1);
        }
        assertThat(merged.resolve("summary.txt")).isRegularFile();
        assertThat(merged.resolve("junit/abi-diff.xml")).isRegularFile();
        assertThat(merged.resolve("kcidb.json")).isRegularFile();
        assertThat(merged.resolve("allure-report/index.html")).isRegularFile();
        assertThat(project.resolve("public/index.html")).as("the pages job published the Allure report").isRegularFile();
    }

    /** The repository's files (tracked and new, not ignored) and the built CLI, mtimes kept, committed to a fresh repository. */
    private static Path copyOfTheRepository(Path project) throws IOException, InterruptedException {
        Run files = run(REPO, List.of("git", "ls-files", "--cached", "--others", "--exclude-standard"), 2);
        assertThat(files.exit()).isZero();
        List<String> paths = new ArrayList<>(files.output().lines().filter(line -> !line.isBlank()).toList());
        paths.add("harness/target/hmsabi-harness-0.1.0-SNAPSHOT-cli.jar");
        for (String path : paths) {
            Path source = REPO.resolve(path);
            if (Files.isRegularFile(source)) {
                Path target = project.resolve(path);
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (List<String> git : List.of(List.of("git", "init", "-q", "-b", "main"), List.of("git", "add", "-A"),
                List.of("git", "-c", "user.email=ci@hmsabi.invalid", "-c", "user.name=hmsabi", "commit", "-q", "-m", "pipeline test"))) {
            Run step = run(project, git, 2);
            assertThat(step.exit()).as(step.output()).isZero();
        }
        return project;
    }

    private record Run(int exit, String output) {}

    private static Run run(Path dir, List<String> command, int minutes) throws IOException, InterruptedException {
        Path log = Files.createTempFile("hmsabi-pipeline", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + minutes + " minutes");
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
