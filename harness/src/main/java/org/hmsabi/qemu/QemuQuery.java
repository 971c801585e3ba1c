package org.hmsabi.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.hmsabi.InfrastructureException;

/** The output of a QEMU run that boots nothing ({@code --version}, {@code -device X,help}), bounded in size and time. */
final class QemuQuery {
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final long TIMEOUT_SECONDS = 30;

    private QemuQuery() {
    }

    /** Reads {@code process}'s output (stdout, then stderr) and waits for it; {@code what} names the run in errors. */
    static String output(Process process, String what) {
        try {
            String output = new String(process.getInputStream().readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8)
                    + new String(process.getErrorStream().readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InfrastructureException(what + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            return output;
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the output of " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while running " + what, e);
        }
    }
}
