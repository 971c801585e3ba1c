package org.hmsabi.driver;

import java.util.List;
import org.hmsabi.report.CheckResult;

/**
 * A check run on the memory the modules added, after the expect file's: the place for generic
 * post-hot-plug checks (node masks, meminfo, memory blocks, syscalls on the new node, a
 * before/after diff that touches only the new node). Failures are FAILED results, not exceptions.
 */
@FunctionalInterface
public interface DriverCheck {
    List<CheckResult> check(DriverEvidence evidence);
}
