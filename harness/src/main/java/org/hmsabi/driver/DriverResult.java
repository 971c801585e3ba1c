package org.hmsabi.driver;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;
import org.hmsabi.check.CheckResult;

/**
 * The outcome of one validate-driver run.
 *
 * @param kernel        the exact kernel reference
 * @param release       uname -r in the guest
 * @param topology      the fixture name
 * @param loads         one per module, in load order
 * @param autoOnline    the guest's {@code auto_online_blocks} policy when the modules loaded
 * @param onlined       memory blocks validate-driver brought online because the policy left them offline
 * @param added         the nodes that gained memory
 * @param taintBefore   {@code /proc/sys/kernel/tainted} before loading
 * @param taintAfter    and after
 * @param checks        every check, in order: loads, taint, kernel log, new memory, expectations, extra checks
 * @param diff          the before/after snapshot differences, all informational (the checks judge)
 * @param kernelLog     the kernel lines loading caused (dmesg), bounded
 * @param console       the guest console, bounded
 * @param bootTime      QEMU start to agent hello
 */
public record DriverResult(String kernel, String release, String topology, List<ModuleLoad> loads, String autoOnline,
                           List<String> onlined, List<AddedNode> added, long taintBefore, long taintAfter,
                           List<CheckResult> checks, List<Finding> diff, String kernelLog, String console,
                           Duration bootTime, Optional<String> reproduce) {

    public static final String SUITE = "validate-driver";

    public DriverResult {
        loads = List.copyOf(loads);
        onlined = List.copyOf(onlined);
        added = List.copyOf(added);
        checks = List.copyOf(checks);
        diff = List.copyOf(diff);
    }

    /** 1 when any check failed, else 0 (docs/cli.md, "Exit codes"). */
    public int exitCode() {
        return checks.stream().anyMatch(check -> check.status() == CheckResult.Status.FAILED) ? 1 : 0;
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(check -> check.status() == CheckResult.Status.FAILED).toList();
    }
}
