package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU's CPU time is read from /proc for the guard's descendants named qemu-system-*: a real
 * process under the real guard stands in for QEMU (a busy shell script of that name), and one of
 * another name does not count.
 */
class QemuProcessCpuTimeTest {
    @TempDir
    Path dir;

    private QemuCommand commandRunning(String name) throws IOException {
        Path binary = dir.resolve(name);
        Files.writeString(binary, "#!/bin/sh\nwhile :; do :; done\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        return new QemuCommand(binary.toString(), Path.of("/nonexistent/bzImage"), Path.of("/nonexistent/initrd"), "",
                false, List.of(), dir.resolve("s.sock"), dir.resolve("v.sock"), Optional.empty(), Optional.empty());
    }

    @Test
    void aBusyQemuHasCpuTime() throws IOException {
        try (QemuProcess qemu = QemuProcess.start(commandRunning("qemu-system-x86_64"))) {
            Instant deadline = Instant.now().plusSeconds(60);
            Optional<Duration> used = qemu.cpuTime();
            while ((used.isEmpty() || used.get().isZero()) && Instant.now().isBefore(deadline)) {
                qemu.waitForExit(Duration.ofMillis(100));
                used = qemu.cpuTime();
            }
            assertThat(used).hasValueSatisfying(cpu -> assertThat(cpu).isPositive());
        }
    }

    @Test
    void aProcessOfAnotherNameIsNotCounted() throws IOException {
        try (QemuProcess notQemu = QemuProcess.start(commandRunning("busy-loop"))) {
            notQemu.waitForExit(Duration.ofMillis(500));
            assertThat(notQemu.isAlive()).isTrue();
            assertThat(notQemu.cpuTime()).isEmpty();
        }
    }
}
