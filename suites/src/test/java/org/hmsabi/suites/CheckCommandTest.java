package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hmsabi check}, what a vendor or a distribution runs against its own kernel, end to end on
 * the default candidate: conformance to the spec and the guest's kernel log (dmesg from boot on
 * and the taint), each a check in the reports.
 */
@Tag("guest")
class CheckCommandTest {

    @Test
    void theNewestKernelConformsAndItsKernelLogIsClean(@TempDir Path results) throws IOException {
        String kernel = TestGuests.defaultKernelReferences().get(1);
        CliRun run = check(results, "--kernel", kernel, "--topology", "two-socket-hbm", "--suite", "conformance");

        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).contains("PASS conformance ").containsPattern("PASS kernel log debian:\\S+ on two-socket-hbm: "
                + "[0-9]+ lines, no WARNING, BUG or oops; ");
        assertThat(Files.readString(results.resolve("junit/kernel-log.xml"))).contains("two-socket-hbm: boot and capture");
    }

    static java.util.List<String> defaultKernels() {
        return TestGuests.defaultKernelReferences();
    }

    /** The catalog and a seeded set of generated cases, each judged by spec/syscalls.yaml. */
    @ParameterizedTest
    @MethodSource("defaultKernels")
    void theSyscallSuitePassesOnTheDefaultKernels(String kernel, @TempDir Path results) throws IOException {
        CliRun run = check(results, "--kernel", kernel, "--topology", "two-socket-hbm", "--suite", "syscalls", "--tries", "3000",
                "--seed", "20261202");
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).containsPattern("PASS syscalls debian:\\S+ on two-socket-hbm: [0-9]+ catalog cases and 3000 generated"
                + " \\(seed 20261202, [0-9]+ checks/s\\), 0 mismatches");
        assertThat(Files.readString(results.resolve("junit/syscalls.xml"))).contains("two-socket-hbm on ");
    }

    /** Every write of spec/writes.yaml the kernel has, as the spec says, and the guest put back. */
    @ParameterizedTest
    @MethodSource("defaultKernels")
    void theSysfsWriteSuitePassesOnTheDefaultKernels(String kernel, @TempDir Path results) throws IOException {
        CliRun run = check(results, "--kernel", kernel, "--topology", "cxl-far-memory", "--suite", "sysfs-writes");
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).containsPattern("PASS sysfs-writes debian:\\S+ on cxl-far-memory: [0-9]+ writes, 0 not as spec/writes.yaml"
                + " says\n").doesNotContain("not put back");
        assertThat(Files.readString(results.resolve("junit/sysfs-writes.xml"))).contains("cxl-far-memory on ");
    }

    private static CliRun check(Path results, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--results";
        all[args.length + 2] = results.toString();
        return CliRun.of(all);
    }
}
