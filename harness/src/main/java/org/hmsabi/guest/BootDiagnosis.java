package org.hmsabi.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hmsabi.qemu.QemuProcess;

/**
 * Turns a guest that never said hello into one line a person can act on: QEMU's own error, the
 * kernel's panic line, the decompressor's error, or the last thing the console showed. The full
 * console is kept in the exception's {@link GuestBootException#console()} for reports, and its
 * {@link GuestBootException.Kind} tells callers which failure it was.
 */
final class BootDiagnosis {
    /** The decompressor's last words when it cannot unpack the kernel (arch/x86/boot/compressed/misc.c, error()). */
    static final String DECOMPRESSOR_HALTED = "-- System halted";

    private BootDiagnosis() {
    }

    static GuestBootException exitedBeforeHello(String guest, QemuProcess qemu) {
        String console = qemu.console().text();
        Optional<String> panic = panicLine(console);
        String status = qemu.exitStatus().map(code -> "status " + code).orElse("an unknown status");
        if (panic.isPresent()) {
            return new GuestBootException(GuestBootException.Kind.PANIC,
                    guest + ": the guest kernel panicked before the agent started: " + panic.get(), console);
        }
        String message = qemu.qemuError().isPresent()
                ? guest + ": QEMU exited with " + status + ": " + qemu.qemuError().get()
                : guest + ": QEMU exited with " + status + " before the agent started; last console line: " + lastLine(qemu);
        return new GuestBootException(GuestBootException.Kind.QEMU_EXITED, message, console);
    }

    static GuestBootException noHello(String guest, QemuProcess qemu, Duration timeout) {
        String console = qemu.console().text();
        Optional<String> panic = panicLine(console);
        if (panic.isPresent()) {
            return new GuestBootException(GuestBootException.Kind.PANIC, guest + ": the guest kernel panicked: " + panic.get(), console);
        }
        return new GuestBootException(GuestBootException.Kind.NO_ANSWER, guest + ": no answer from the guest agent within "
                + timeout.toSeconds() + " s (raise --boot-timeout on a loaded machine); last console line: " + lastLine(qemu), console);
    }

    /** A fresh boot whose console stayed empty for {@code limit} after QEMU started. */
    static GuestBootException silentConsole(String guest, Path image, Duration limit) {
        return new GuestBootException(GuestBootException.Kind.SILENT_CONSOLE, guest + ": the kernel printed nothing on the console within "
                + seconds(limit) + " of QEMU starting: " + image + " is damaged or not a kernel QEMU can boot", "");
    }

    /** A fresh boot whose decompressor halted; {@code console} shows {@link #DECOMPRESSOR_HALTED}. */
    static GuestBootException unpackFailed(String guest, Path image, String console) {
        String error = decompressorError(console).orElse("no reason given");
        return new GuestBootException(GuestBootException.Kind.UNPACK_FAILED, guest + ": the kernel could not unpack itself ("
                + error + "): " + image + " is damaged or does not fit this machine", console);
    }

    /** The line the decompressor printed before {@link #DECOMPRESSOR_HALTED}, e.g. "XZ-compressed data is corrupt". */
    static Optional<String> decompressorError(String console) {
        List<String> lines = console.lines().map(String::strip).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(DECOMPRESSOR_HALTED)) {
                for (int j = i - 1; j >= 0; j--) {
                    if (!lines.get(j).isEmpty()) {
                        String line = lines.get(j); // the guest's text: bounded, it goes into a one-line message
                        return Optional.of(line.length() > 160 ? line.substring(0, 160) + "..." : line);
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<String> panicLine(String console) {
        return console.lines()
                .filter(line -> line.contains("Kernel panic") || line.contains("BUG:") || line.contains("Oops:"))
                .findFirst()
                .map(String::strip);
    }

    /** "30 s", or "1.5 s" for a limit that is no whole number of seconds (tests use short ones). */
    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String lastLine(QemuProcess qemu) {
        String last = qemu.console().lastLines(1);
        return last.isBlank() ? "(the console stayed empty)" : last.strip();
    }
}
