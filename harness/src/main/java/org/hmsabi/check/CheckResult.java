package org.hmsabi.check;

import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;

/**
 * One named check of a suite run in a guest (a conformance rule, a syscall contract case, a
 * hot-plug event's checks).
 *
 * @param suite   e.g. {@code conformance}, {@code syscalls} or {@code hotplug}
 * @param name    the check, e.g. the attribute path and rule
 * @param kernel  the exact kernel reference it ran on
 * @param status  passed, failed or skipped
 * @param message why it failed or was skipped (or, for a passed check, what it observed)
 * @param diff    for a check that judges an ABI diff (before/after a hot-plug event), every finding
 *                of that diff, shown as a table in the reports; empty for other checks
 */
public record CheckResult(String suite, String name, String kernel, Status status, Optional<String> message,
                          Optional<List<Finding>> diff) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public CheckResult {
        diff = diff.map(List::copyOf);
    }

    /** A check that judges no diff. */
    public CheckResult(String suite, String name, String kernel, Status status, Optional<String> message) {
        this(suite, name, kernel, status, message, Optional.empty());
    }
}
