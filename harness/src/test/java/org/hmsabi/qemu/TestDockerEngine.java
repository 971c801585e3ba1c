package org.hmsabi.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine of the tests tagged {@code container}, in the harness and (through the harness
 * test jar) in the suites: {@code ci/docker-up} starts it (or finds it running) once per test JVM,
 * and {@code ci/docker-down} stops it when the JVM exits, only if this started it. Not per test
 * class: an engine stopped and started again between classes leaves Testcontainers' process-wide
 * client on a dead socket ("Broken pipe" on the next class's first call). Where no engine can run
 * here (docker-up's exit 4) the tests are skipped with docker-up's reason; any other failure of
 * docker-up fails them.
 */
public final class TestDockerEngine {
    private static Optional<String> absent;

    private final Optional<String> skipReason;

    private TestDockerEngine(Optional<String> skipReason) {
        this.skipReason = skipReason;
    }

    /** Starts or finds the engine, once per JVM; the reason there is none, if there is none. */
    public static synchronized Optional<String> up(Path repository) {
        if (absent == null) {
            absent = start(repository);
        }
        return absent;
    }

    /**
     * The same for a test class: {@code what} says what goes untested without an engine, and
     * {@link #assumeAvailable} skips a test with that.
     */
    public static TestDockerEngine up(Path repository, String what) {
        Optional<String> reason = up(repository).map(why -> "no Docker engine can run on this machine, so " + what + ": " + why);
        reason.ifPresent(why -> System.err.println("skipped: " + why));
        return new TestDockerEngine(reason);
    }

    public boolean available() {
        return skipReason.isEmpty();
    }

    /** Skips the calling test, with the reason, when there is no engine. */
    public void assumeAvailable() {
        Assumptions.assumeTrue(skipReason.isEmpty(), skipReason::get);
    }

    private static Optional<String> start(Path repository) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("hmsabi-docker-up", ".out");
            err = Files.createTempFile("hmsabi-docker-up", ".err");
            Process up = new ProcessBuilder(repository.resolve("ci/docker-up").toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!up.waitFor(5, TimeUnit.MINUTES)) {
                up.destroyForcibly();
                throw new IllegalStateException("ci/docker-up did not finish in 5 minutes");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
            if (!stderr.isEmpty()) {
                System.err.println(stderr);
            }
            if (up.exitValue() == 4) { // docker-up's "cannot run here"
                return Optional.of(stderr.lines().reduce((first, last) -> last).orElse("ci/docker-up exited 4"));
            }
            if (up.exitValue() != 0) {
                throw new IllegalStateException("ci/docker-up exited " + up.exitValue() + ": " + stderr);
            }
            if (stdout.lines().reduce((first, last) -> last).orElse("").equals("started")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> down(repository), "hmsabi-docker-down"));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("ci/docker-up could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while ci/docker-up ran");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
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
