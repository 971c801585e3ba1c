package org.hmsabi.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.hmsabi.guest.KernelLog;
import org.junit.jupiter.api.Test;

class KernelLogCheckTest {
    private static final String CLEAN = """
            [    0.000000] Linux version 7.3.4+deb13-amd64
            [    0.512000] ACPI: HMAT: Memory Flags:0001 Processor Domain:0 Memory Domain:2
            """;

    @Test
    void aCleanLogPassesAndSaysWhatItRead() {
        CheckResult check = KernelLogCheck.of("debian:7.3.4+deb13", "two-socket-hbm: boot and capture", new KernelLog(CLEAN, 0));

        assertThat(check.status()).isEqualTo(CheckResult.Status.PASSED);
        assertThat(check.suite()).isEqualTo("kernel-log");
        assertThat(check.message()).hasValue("2 lines, no WARNING, BUG or oops; not tainted");
    }

    @Test
    void aWarningAtBootFailsWithTheKernelsOwnLinesAndTaint() {
        String log = CLEAN + "[    1.234567] WARNING: CPU: 0 PID: 1 at drivers/acpi/numa/hmat.c:123 hmat_register_target+0x1/0x2\n"
                + "[    1.234568] Call Trace:\n";
        long warned = TaintFlags.WARNING;

        CheckResult check = KernelLogCheck.of("debian:7.3.4+deb13", "boot", new KernelLog(log, warned));

        assertThat(check.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(check.message()).hasValueSatisfying(message -> assertThat(message).startsWith("tainted W; ")
                .contains("WARNING: CPU: 0 PID: 1 at drivers/acpi/numa/hmat.c:123").contains("Call Trace:"));
    }

    @Test
    void aTaintThatSaysAWarningHappenedFailsEvenWhenTheRingBufferLostTheLines() {
        CheckResult check = KernelLogCheck.of("k", "boot", new KernelLog(CLEAN, TaintFlags.DIED));

        assertThat(check.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(check.message()).hasValue("tainted D; no trouble line in the log");
    }

    @Test
    void unsignedOrOutOfTreeTaintAloneIsReportedNotFailed() {
        long outOfTreeUnsigned = (1L << 12) | (1L << 13);
        CheckResult check = KernelLogCheck.of("k", "boot", new KernelLog(CLEAN, outOfTreeUnsigned));

        assertThat(check.status()).isEqualTo(CheckResult.Status.PASSED);
        assertThat(check.message()).hasValueSatisfying(message -> assertThat(message).endsWith("taint OE"));
    }

    @Test
    void whatAGuestPrintsIsBounded() {
        String flood = ("[ 1.0] BUG: " + "x".repeat(1000) + "\n").repeat(100);
        assertThat(KernelLogCheck.trouble(flood)).hasSize(20).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(303));
    }
}
