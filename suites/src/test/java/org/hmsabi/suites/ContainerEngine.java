package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine of the tests tagged {@code container}: ci/docker-up starts it (or finds it
 * running) once per test JVM, and it is stopped again (ci/docker-down) when the JVM exits, only if
 * this started it. Not per test class: an engine stopped and started again between classes leaves
 * Testcontainers' process-wide client on a dead socket ("Broken pipe" on the next class's first
 * call). Where no engine can run here (docker-up's exit 4) the tests are skipped with docker-up's reason.
 */
final class ContainerEngine {
    private final boolean startedHere;
    private final Optional<String> absent;

    private ContainerEngine(boolean startedHere, Optional<String> absent) {
        this.startedHere = startedHere;
        this.absent = absent;
    }

    private static ContainerEngine shared;

    /** Starts or finds the engine, once per JVM; {@code what} says what goes untested without one. */
    static synchronized ContainerEngine up(String what) throws Exception {
        if (shared == null) {
            shared = start(what);
            if (shared.startedHere) {
                Runtime.getRuntime().addShutdownHook(new Thread(ContainerEngine::down, "hmsabi-docker-down"));
            }
        }
        return shared;
    }

    private static ContainerEngine start(String what) throws Exception {
        Path repository = TestGuests.workspace().root();
        ContainerRunnerTest.Result up = ContainerRunnerTest.run(List.of(repository.resolve("ci/docker-up").toString()), Duration.ofMinutes(5));
        if (up.exit() == 4) { // ci/docker-up's "cannot run here"; any other failure fails the tests
            String reason = "no Docker engine can run on this machine, so " + what + ": " + up.lastErrorLine();
            System.err.println("skipped: " + reason);
            return new ContainerEngine(false, Optional.of(reason));
        }
        assertThat(up.exit()).as("ci/docker-up: %s", up.stderr()).isZero();
        return new ContainerEngine(up.stdout().strip().equals("started"), Optional.empty());
    }

    boolean available() {
        return absent.isEmpty();
    }

    /** Skips the calling test, with the reason, when there is no engine. */
    void assumeAvailable() {
        Assumptions.assumeTrue(absent.isEmpty(), absent::get);
    }

    private static void down() {
        try {
            ContainerRunnerTest.run(List.of(TestGuests.workspace().root().resolve("ci/docker-down").toString()), Duration.ofMinutes(1));
        } catch (Exception stopping) {
            System.err.println("ci/docker-down failed: " + stopping.getMessage());
        }
    }
}
