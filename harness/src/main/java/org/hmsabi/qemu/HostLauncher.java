package org.hmsabi.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hmsabi.InfrastructureException;

/** QEMU from this machine's PATH (or {@code $HMSABI_QEMU}), under {@link QemuProcess}'s guard. */
public record HostLauncher() implements QemuLauncher {

    @Override
    public String runnerName() {
        return "host";
    }

    @Override
    public String binary() {
        return QemuCommand.defaultBinary();
    }

    @Override
    public String qemuIdentity(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return version.strip();
        } catch (IOException e) {
            throw new InfrastructureException("cannot run " + binary + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while asking QEMU for its version", e);
        }
    }

    @Override
    public QemuProcess start(QemuCommand command, List<Path> writableDirectories) {
        return QemuProcess.start(command); // the host's QEMU reaches every path already
    }
}
