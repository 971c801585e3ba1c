package org.hmsabi.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;

/** The output of a QEMU run that boots nothing ({@code --version}, {@code -device X,help}), bounded in size and time. */
final class QemuQuery {
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final long TIMEOUT_SECONDS = 30;

    private QemuQuery() {
    }

    /**
     * Reads {@code process}'s output (stdout, then stderr; each drained on its own thread, at most
     * {@value #MAX_OUTPUT} bytes of each kept) and waits for it at most {@value #TIMEOUT_SECONDS} s
     * in all; on every path out of here the process is gone. {@code what} names the run in errors.
     */
    static String output(Process process, String what) {
        return output(process, what, TIMEOUT_SECONDS);
    }

    /** {@link #output(Process, String)} with a deadline of {@code timeoutSeconds}. */
    static String output(Process process, String what, long timeoutSeconds) {
        try {
            CompletableFuture<String> stdout = drain(process.getInputStream(), what);
            CompletableFuture<String> stderr = drain(process.getErrorStream(), what);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new InfrastructureException(what + " did not answer within " + timeoutSeconds + " s");
            }
            return stdout.get(timeoutSeconds, TimeUnit.SECONDS) + stderr.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new InfrastructureException("cannot read the output of " + what + ": " + Messages.firstLine(String.valueOf(
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while running " + what, e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Everything {@code in} gives until its end, the first {@value #MAX_OUTPUT} bytes kept, on a daemon thread. */
    private static CompletableFuture<String> drain(InputStream in, String what) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                byte[] kept = in.readNBytes(MAX_OUTPUT);
                in.transferTo(OutputStream.nullOutputStream());
                result.complete(new String(kept, StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "hmsabi-qemu-query");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
