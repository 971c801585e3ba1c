package org.hmsabi.report;

import java.util.Optional;

/**
 * One named check of a suite run in a guest (a conformance rule, a syscall contract case).
 *
 * @param suite   e.g. {@code conformance} or {@code syscalls}
 * @param name    the check, e.g. the attribute path and rule
 * @param kernel  the exact kernel reference it ran on
 * @param status  passed, failed or skipped
 * @param message why it failed or was skipped
 */
public record CheckResult(String suite, String name, String kernel, Status status, Optional<String> message) {

    public enum Status { PASSED, FAILED, SKIPPED }
}
