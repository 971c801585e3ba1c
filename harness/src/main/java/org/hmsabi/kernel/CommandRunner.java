package org.hmsabi.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hmsabi.InfrastructureException;

/**
 * Runs one external program directly (never through a shell, so arguments are never
 * re-interpreted), with stdin closed, a timeout, a C locale for parseable messages and bounded
 * captured output.
 */
final class CommandRunner {
    static final int STDOUT_LIMIT = 4 << 20;
    static final int STDERR_LIMIT = 16 << 10;

    /** What a finished program left behind. */
    record Result(List<String> command, int exitCode, String stdout, boolean stdoutTruncated, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The line worth quoting in a one-line error: apt's last "E:" line, else the last line. */
        String diagnostic() {
            List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            Optional<String> error = lines.stream().filter(l -> l.startsWith("E:")).reduce((a, b) -> b);
            String line = error.or(() -> lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1)))
                    .orElse("no message");
            return "'" + String.join(" ", command) + "' exited with " + exitCode + ": "
                    + (line.length() > 300 ? line.substring(0, 300) + "…" : line);
        }
    }

    Result run(List<String> command, Path workingDirectory, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InfrastructureException("cannot run " + command.get(0) + " (" + e.getMessage()
                    + "); debian: kernels need Debian's apt and dpkg tools on PATH, or pass a bzImage path instead", e);
        }
        return finish(process, command, timeout);
    }

    /**
     * Waits for a started {@code process} (on this machine, or a {@link org.hmsabi.container.ContainerProcess})
     * at most {@code timeout}, its output captured as {@link #run} does; killed when it overruns.
     */
    Result finish(Process process, List<String> command, Duration timeout) {
        OutputCapture stdout = OutputCapture.head(process.getInputStream(), STDOUT_LIMIT);
        OutputCapture stderr = OutputCapture.tail(process.getErrorStream(), STDERR_LIMIT);
        Thread outReader = drain(stdout, command);
        Thread errReader = drain(stderr, command);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new InfrastructureException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toSeconds() + " s and was killed; check the network and the Debian mirror, then retry");
            }
            // The streams close when the process exits; children that inherited them could keep
            // them open, so the wait is bounded.
            outReader.join(Duration.ofSeconds(10).toMillis());
            errReader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        return new Result(List.copyOf(command), process.exitValue(), stdout.text(), stdout.truncated(), stderr.text());
    }

    private static Thread drain(OutputCapture capture, List<String> command) {
        Thread thread = new Thread(capture, "output of " + command.get(0));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** apt-get forks its download methods; they must not outlive it. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
