package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
    private final CommandRunner runner = new CommandRunner();
    private final Path here = Path.of("/");

    @Test
    void argumentsReachTheProgramVerbatimWithoutAShell() {
        CommandRunner.Result result = runner.run(List.of("printf", "%s|", "$(id)", "a b", ";"), here, Duration.ofSeconds(10));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).isEqualTo("$(id)|a b|;|");
    }

    @Test
    void outputIsBounded() {
        CommandRunner.Result result = runner.run(List.of("head", "-c", "10000000", "/dev/zero"), here, Duration.ofSeconds(30));
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stdout()).hasSize(CommandRunner.STDOUT_LIMIT);
    }

    @Test
    void theDiagnosticIsAptsLastErrorLine() {
        CommandRunner.Result result = runner.run(List.of("sh", "-c",
                "echo 'W: a warning' >&2; echo 'E: Unable to locate package x' >&2; echo 'N: note' >&2; exit 100"),
                here, Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(100);
        assertThat(result.diagnostic()).endsWith("exited with 100: E: Unable to locate package x");
    }

    @Test
    void aHungProgramIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(List.of("sleep", "60"), here, Duration.ofMillis(300)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("'sleep 60' did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aMissingProgramIsAnInfrastructureProblem() {
        assertThatThrownBy(() -> runner.run(List.of("no-such-program-hmsabi"), here, Duration.ofSeconds(5)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("cannot run no-such-program-hmsabi");
    }
}
