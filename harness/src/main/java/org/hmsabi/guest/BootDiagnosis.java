package org.hmsabi.guest;

import java.time.Duration;
import java.util.Optional;
import org.hmsabi.qemu.QemuProcess;

/**
 * Turns a guest that never said hello into one line a person can act on: QEMU's own error, the
 * kernel's panic line, or the last thing the console showed. The full console is kept in the
 * exception's {@link GuestBootException#console()} for reports.
 */
final class BootDiagnosis {
    private BootDiagnosis() {
    }

    static GuestBootException exitedBeforeHello(String guest, QemuProcess qemu) {
        String console = qemu.console().text();
        Optional<String> panic = panicLine(console);
        String status = qemu.exitStatus().map(code -> "status " + code).orElse("an unknown status");
        String message;
        if (panic.isPresent()) {
            message = guest + ": the guest kernel panicked before the agent started: " + panic.get();
        } else if (qemu.qemuError().isPresent()) {
            message = guest + ": QEMU exited with " + status + ": " + qemu.qemuError().get();
        } else {
            message = guest + ": QEMU exited with " + status + " before the agent started; last console line: "
                    + lastLine(qemu);
        }
        return new GuestBootException(message, console);
    }

    static GuestBootException noHello(String guest, QemuProcess qemu, Duration timeout) {
        String console = qemu.console().text();
        String message = panicLine(console)
                .map(panic -> guest + ": the guest kernel panicked: " + panic)
                .orElse(guest + ": no answer from the guest agent within " + timeout.toSeconds()
                        + " s (raise --boot-timeout on a loaded machine); last console line: " + lastLine(qemu));
        return new GuestBootException(message, console);
    }

    static Optional<String> panicLine(String console) {
        return console.lines()
                .filter(line -> line.contains("Kernel panic") || line.contains("BUG:") || line.contains("Oops:"))
                .findFirst()
                .map(String::strip);
    }

    private static String lastLine(QemuProcess qemu) {
        String last = qemu.console().lastLines(1);
        return last.isBlank() ? "(the console stayed empty)" : last.strip();
    }
}
