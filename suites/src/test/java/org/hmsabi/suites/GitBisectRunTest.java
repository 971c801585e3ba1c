package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/bisect.md's `git bisect run ... hmsabi bisect-step` recipe on a small scripted history:
 * each commit names the prebuilt kernel that "building" it would give (the pinned 6.1 image
 * for the old commits, 6.12 from the change on, one old commit that does not build), and git must
 * name the commit that brought weighted_interleave in.
 */
@Tag("guest")
class GitBisectRunTest {

    @Test
    void gitBisectRunNamesTheCommitThatChangedTheAbi(@TempDir Path repo) throws Exception {
        List<String> pinned = TestGuests.sixOneAndSixTwelve();
        Path oldImage = TestGuests.kernel(pinned.get(0)).image();
        Path newImage = TestGuests.kernel(pinned.get(1)).image();

        git(repo, "init", "-q");
        git(repo, "config", "user.email", "ci@hmsabi.invalid");
        git(repo, "config", "user.name", "hmsabi");
        // One old commit does not build; git skips it if it tries it (exit 125).
        List<String> kernels = List.of(oldImage.toString(), "", oldImage.toString(), newImage.toString(), newImage.toString());
        List<String> commits = new ArrayList<>();
        for (int i = 0; i < kernels.size(); i++) {
            // An empty name is a commit that does not build: the step script exits 125 for it.
            Files.writeString(repo.resolve("built-kernel"), kernels.get(i) + "\n");
            git(repo, "add", "built-kernel");
            git(repo, "commit", "-q", "--allow-empty", "-m", "commit " + i);
            commits.add(git(repo, "rev-parse", "HEAD").strip());
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String step = String.join(" ", "kernel=$(cat built-kernel); [ -n \"$kernel\" ] || exit 125;",
                "exec", java, "-cp", "'" + System.getProperty("java.class.path") + "'", "org.hmsabi.cli.Main",
                "bisect-step", "--kernel", "\"$kernel\"", "--finding", "weighted_interleave", "--topology", "two-socket-hbm",
                // the last good kernel (its golden file), not the gate's default baseline (6.12 has weighted interleave too)
                "--baseline", pinned.get(0));
        git(repo, "bisect", "start", commits.get(4), commits.get(0));
        String log = git(repo, "bisect", "run", "sh", "-c", step);

        assertThat(log).as(log).contains(commits.get(3) + " is the first bad commit");
    }

    private static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HMSABI_HOME", TestGuests.workspace().root().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("git %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
