package org.hmsabi.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.hmsabi.qemu.BoundedLog;

/**
 * Watches the console of a fresh boot for the two ways a kernel image fails before the kernel
 * runs, so that they end the boot within seconds instead of at the boot timeout:
 *
 * <ul>
 *   <li>the console stays empty for the silent-console limit after QEMU started: with
 *       {@code earlyprintk} on the command line ({@link GuestSpec}) every kernel that runs prints
 *       within a second under TCG, so an empty console means the image never ran (a damaged
 *       setup or decompressor, or no kernel at all);</li>
 *   <li>the decompressor printed its error and {@value BootDiagnosis#DECOMPRESSOR_HALTED}: the
 *       compressed kernel is damaged ("ZSTD-compressed data is corrupt"), and the guest would sit
 *       halted until the boot timeout.</li>
 * </ul>
 *
 * A console that showed something and then went quiet is not judged here: that is the boot
 * timeout's job. Restored guests are not watched either: they print nothing after a restore.
 */
final class ConsoleWatch {
    /** The decompressor prints a few hundred bytes; a console longer than this has a running kernel on it. */
    static final long DECOMPRESSOR_OUTPUT_MAX = 4096;

    private final String guest;
    private final Path image;
    private final Duration silentLimit;
    private long bytesLooked;

    ConsoleWatch(String guest, Path image, Duration silentLimit) {
        this.guest = guest;
        this.image = image;
        this.silentLimit = silentLimit;
    }

    /**
     * The watch for a fresh boot of {@code spec}, or none when its silent-console limit is not
     * shorter than the boot timeout (the boot timeout then speaks first anyway).
     */
    static Optional<ConsoleWatch> forFreshBoot(GuestSpec spec) {
        Duration limit = spec.effectiveSilentConsoleLimit();
        return limit.compareTo(spec.bootTimeout()) < 0
                ? Optional.of(new ConsoleWatch(spec.name(), spec.kernelImage(), limit))
                : Optional.empty();
    }

    /** The boot's failure, if the console {@code sinceStart} after QEMU started shows one; cheap to call often. */
    Optional<GuestBootException> check(Duration sinceStart, BoundedLog console) {
        long bytes = console.totalBytes();
        if (bytes == 0) {
            return sinceStart.compareTo(silentLimit) >= 0
                    ? Optional.of(BootDiagnosis.silentConsole(guest, image, silentLimit))
                    : Optional.empty();
        }
        if (bytes == bytesLooked || bytes > DECOMPRESSOR_OUTPUT_MAX) {
            return Optional.empty();
        }
        bytesLooked = bytes;
        String text = console.text();
        return text.contains(BootDiagnosis.DECOMPRESSOR_HALTED)
                ? Optional.of(BootDiagnosis.unpackFailed(guest, image, text))
                : Optional.empty();
    }
}
