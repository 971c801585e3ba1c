package org.hmsabi.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine for the harness's tests tagged {@code container}: {@code ci/docker-up} starts
 * it (or finds it running) once per test JVM, and {@code ci/docker-down} stops it when the JVM
 * exits, only if this started it, as the suites' ContainerEngine does. Empty when no engine can run
 * here, with docker-up's reason.
 */
public final class TestDockerEngine {
    private static Optional<String> absent;

    private TestDockerEngine() {
    }

    /** Starts or finds the engine; the reason there is none, if there is none. */
    public static synchronized Optional<String> up(Path repository) {
        if (absent == null) {
            absent = start(repository);
        }
        return absent;
    }

    private static Optional<String> start(Path repository) {
        try {
            Process up = new ProcessBuilder(repository.resolve("ci/docker-up").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!up.waitFor(5, TimeUnit.MINUTES)) {
                up.destroyForcibly();
                return Optional.of("ci/docker-up did not finish in 5 minutes");
            }
            if (up.exitValue() == 4) { // docker-up's "cannot run here"; any other failure fails the tests
                return Optional.of("ci/docker-up cannot run an engine here (its reason is on stderr above)");
            }
            if (up.exitValue() != 0) {
                throw new IllegalStateException("ci/docker-up exited " + up.exitValue() + " (its stderr is above)");
            }
            if (output.lines().reduce((a, b) -> b).orElse("").equals("started")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> down(repository), "hmsabi-docker-down"));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("ci/docker-up could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while ci/docker-up ran");
        }
    }

    private static void down(Path repository) {
        try {
            Process down = new ProcessBuilder(repository.resolve("ci/docker-down").toString()).inheritIO().start();
            down.waitFor(1, TimeUnit.MINUTES);
        } catch (IOException | InterruptedException stopping) {
            System.err.println("ci/docker-down failed: " + stopping.getMessage());
        }
    }
}
