package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.Test;

/** A query of QEMU (--version, -device X,help) with real processes standing in for a QEMU that misbehaves. */
class QemuQueryTest {

    private static Process shell(String script) throws Exception {
        return new ProcessBuilder(List.of("sh", "-c", script)).start();
    }

    @Test
    void aQueryThatHangsIsStoppedAtTheDeadlineAndKilled() throws Exception {
        Process hanging = shell("echo 'QEMU emulator version 7.2.19'; exec sleep 600");
        long started = System.nanoTime();
        assertThatThrownBy(() -> QemuQuery.output(hanging, "qemu --version", 1))
                .isInstanceOf(InfrastructureException.class).hasMessage("qemu --version did not answer within 1 s");
        assertThat((System.nanoTime() - started) / 1_000_000_000.0).isLessThan(10);
        hanging.waitFor();
        assertThat(hanging.isAlive()).isFalse();
    }

    @Test
    void muchOutputOnStderrBeforeStdoutDoesNotDeadlockAndIsBounded() throws Exception {
        // 256 KiB on stderr first: more than a pipe holds, so reading stdout to its end first would block forever.
        Process noisy = shell("head -c 262144 /dev/zero | tr '\\0' x >&2; echo 'QEMU emulator version 10.0.13'");
        String output = QemuQuery.output(noisy, "qemu -device help", 20);
        assertThat(output).startsWith("QEMU emulator version 10.0.13\n").hasSize("QEMU emulator version 10.0.13\n".length() + 64 * 1024);
    }
}
