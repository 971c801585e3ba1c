package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hmsabi.check.CheckResult;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.report.Reports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel-log check can fail: a real kernel is made to print a stack trace while the guest runs
 * (SysRq {@code l}, "show a stack backtrace for all active CPUs", Documentation/admin-guide/sysrq.rst;
 * writing {@code /proc/sysrq-trigger} works whatever the sysrq mask), and the check of that guest
 * fails with the kernel's own lines, which reach the JUnit report and the summary. The same guest's
 * log read before the trace must pass, so the failure is the trace's, not the boot's.
 */
@Tag("guest")
class KernelLogFindingTest {

    @Test
    void aStackTraceTheKernelPrintsFailsTheCheckWithItsLinesInTheReport(@TempDir Path results) throws Exception {
        Kernel kernel = TestGuests.kernel(TestGuests.defaultKernelReferences().get(1));
        String name = "two-socket-hbm: boot and capture";
        CheckResult before;
        CheckResult after;
        try (Guest guest = TestGuests.boot(kernel, TestGuests.topology("two-socket-hbm"))) {
            before = KernelLogCheck.of(kernel.exactReference(), name, KernelLog.read(guest.session()));
            List<AgentReply> replies = guest.session().call(guest.session().request("run", "/bin/busybox", "sh", "-c",
                    "echo l > /proc/sysrq-trigger"), Duration.ofSeconds(60));
            assertThat(replies.get(0)).as("the trigger ran").isInstanceOf(AgentReply.Run.class);
            after = KernelLogCheck.of(kernel.exactReference(), name, KernelLog.read(guest.session()));
        }
        assertThat(before.status()).as(before.message().orElse("")).isEqualTo(CheckResult.Status.PASSED);
        assertThat(after.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(after.message().orElseThrow()).contains("Call Trace");

        String reference = kernel.exactReference();
        TopologyRun run = new TopologyRun("two-socket-hbm", TopologyRun.Status.COMPARED, Optional.empty(), List.of(), List.of(),
                List.of(after), Optional.empty(), "./hmsabi check --kernel " + reference);
        Reports.writeAll(new GateOutcome(reference, reference, false, Instant.now(), Duration.ofSeconds(1), List.of(run),
                "./hmsabi check --kernel " + reference, GateOutcome.Kind.CHECK), results);
        assertThat(Files.readString(results.resolve("junit/kernel-log.xml"))).contains("<failure").contains("Call Trace");
        assertThat(Files.readString(results.resolve("summary.txt"))).containsPattern("FAIL.*kernel-log.*Call Trace");
    }
}
