package org.hmsabi.driver;

import java.util.List;
import org.hmsabi.check.CheckResult;
import org.hmsabi.model.Snapshot;

/**
 * A check run on the memory the modules added, after the expect file's: the place for generic
 * post-hot-plug checks (node masks, meminfo, memory blocks, syscalls on the new node, a
 * before/after diff that touches only the new node). Failures are FAILED results, not exceptions.
 */
@FunctionalInterface
public interface DriverCheck {
    List<CheckResult> check(DriverEvidence evidence);

    /**
     * Checks once the modules are unloaded again and gave their memory back: {@code afterUnload}
     * is the snapshot then, to compare with {@code evidence.before()}. None by default.
     */
    default List<CheckResult> afterUnload(DriverEvidence evidence, Snapshot afterUnload) {
        return List.of();
    }
}
