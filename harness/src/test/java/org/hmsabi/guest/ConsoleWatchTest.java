package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hmsabi.qemu.BoundedLog;
import org.junit.jupiter.api.Test;

/** The decisions of the console watch, without QEMU: what ends a fresh boot early, and what does not. */
class ConsoleWatchTest {
    private static final Path IMAGE = Path.of("/cache/kernels/k/boot/vmlinuz-6.12");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static ConsoleWatch watch() {
        return new ConsoleWatch("debian:6.12 on two-socket", IMAGE, LIMIT);
    }

    private static BoundedLog console(String text) {
        BoundedLog log = new BoundedLog(64 * 1024, 256 * 1024);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        log.append(bytes, 0, bytes.length);
        return log;
    }

    @Test
    void anEmptyConsoleIsNoFailureBeforeTheLimit() {
        assertThat(watch().check(Duration.ofSeconds(29), console(""))).isEmpty();
    }

    @Test
    void anEmptyConsoleAtTheLimitIsASilentConsoleInOneLine() {
        Optional<GuestBootException> failure = watch().check(LIMIT, console(""));
        assertThat(failure).isPresent();
        assertThat(failure.get().kind()).isEqualTo(GuestBootException.Kind.SILENT_CONSOLE);
        assertThat(failure.get().kind().blamesTheImage()).isTrue();
        assertThat(failure.get().getMessage())
                .isEqualTo("debian:6.12 on two-socket: the kernel printed nothing on the console within 30 s of QEMU"
                        + " starting: /cache/kernels/k/boot/vmlinuz-6.12 is damaged or not a kernel QEMU can boot");
    }

    @Test
    void aConsoleThatPrintedAndWentQuietIsLeftToTheBootTimeout() {
        BoundedLog console = console("\r\n\nKASLR disabled: 'nokaslr' on cmdline.\r\n");
        ConsoleWatch watch = watch();
        assertThat(watch.check(Duration.ofSeconds(1), console)).isEmpty();
        assertThat(watch.check(Duration.ofMinutes(10), console)).isEmpty();
    }

    @Test
    void aHaltedDecompressorIsAnUnpackFailureWithItsError() {
        BoundedLog console = console("\r\n\nKASLR disabled: 'nokaslr' on cmdline.\r\n\r\n\r\n\r\n"
                + "ZSTD-compressed data is corrupt\r\n\r\n -- System halted");
        Optional<GuestBootException> failure = watch().check(Duration.ofSeconds(2), console);
        assertThat(failure).isPresent();
        assertThat(failure.get().kind()).isEqualTo(GuestBootException.Kind.UNPACK_FAILED);
        assertThat(failure.get().kind().blamesTheImage()).isTrue();
        assertThat(failure.get().getMessage())
                .isEqualTo("debian:6.12 on two-socket: the kernel could not unpack itself (ZSTD-compressed data is corrupt):"
                        + " /cache/kernels/k/boot/vmlinuz-6.12 is damaged or does not fit this machine")
                .doesNotContain("\n");
        assertThat(failure.get().console()).contains("System halted");
    }

    @Test
    void theHaltIsSeenWhenItArrivesAfterTheFirstLook() {
        BoundedLog console = console("\r\n\nKASLR disabled: 'nokaslr' on cmdline.\r\n");
        ConsoleWatch watch = watch();
        assertThat(watch.check(Duration.ofSeconds(1), console)).isEmpty();
        byte[] rest = "\r\n\nXZ-compressed data is corrupt\r\n\r\n -- System halted".getBytes(StandardCharsets.ISO_8859_1);
        console.append(rest, 0, rest.length);
        assertThat(watch.check(Duration.ofSeconds(2), console)).get()
                .satisfies(e -> assertThat(e.getMessage()).contains("(XZ-compressed data is corrupt)"));
    }

    @Test
    void aRunningKernelsConsoleIsNotSearchedForTheHalt() {
        // Past the few hundred bytes a decompressor prints, the text is a running kernel's: not looked at again.
        BoundedLog console = console("x".repeat((int) ConsoleWatch.DECOMPRESSOR_OUTPUT_MAX) + "\n -- System halted");
        assertThat(watch().check(Duration.ofSeconds(5), console)).isEmpty();
    }

    @Test
    void theDefaultLimitIs30SecondsAndAnEighthOfALongBootTimeout() {
        assertThat(GuestSpec.defaultSilentConsoleLimit(Duration.ofSeconds(240))).isEqualTo(Duration.ofSeconds(30));
        assertThat(GuestSpec.defaultSilentConsoleLimit(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(30));
        assertThat(GuestSpec.defaultSilentConsoleLimit(Duration.ofSeconds(600))).isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void aBootTimeoutNoLongerThanTheLimitLeavesFreshBootsUnwatched() {
        GuestSpec spec = new GuestSpec("k on t", IMAGE, Optional.empty(), false, List.of(), GuestSpec.Transport.AUTO,
                Duration.ofSeconds(240), Path.of("/cache"), List.of(), false);
        assertThat(ConsoleWatch.forFreshBoot(spec)).isPresent();
        assertThat(ConsoleWatch.forFreshBoot(spec.withBootTimeout(Duration.ofSeconds(30)))).isEmpty();
        assertThat(ConsoleWatch.forFreshBoot(spec.withBootTimeout(Duration.ofSeconds(20)))).isEmpty();
        assertThat(ConsoleWatch.forFreshBoot(spec.withBootTimeout(Duration.ofSeconds(20))
                .withSilentConsoleLimit(Duration.ofSeconds(2)))).isPresent();
    }

    @Test
    void aLimitOfItsOwnSurvivesTheOtherWithers() {
        GuestSpec spec = new GuestSpec("k on t", IMAGE, Optional.empty(), false, List.of(), GuestSpec.Transport.AUTO,
                Duration.ofSeconds(240), Path.of("/cache"), List.of(), false)
                .withSilentConsoleLimit(Duration.ofMillis(1500))
                .withBootTimeout(Duration.ofSeconds(600))
                .withTransport(GuestSpec.Transport.SERIAL)
                .withSavedStates(true)
                .withExtraKernelArguments(List.of("loglevel=8"))
                .withVendorModules(List.of());
        assertThat(spec.effectiveSilentConsoleLimit()).isEqualTo(Duration.ofMillis(1500));
        assertThat(BootDiagnosis.silentConsole("g", IMAGE, spec.effectiveSilentConsoleLimit()).getMessage())
                .contains("within 1.5 s of QEMU starting");
    }
}
