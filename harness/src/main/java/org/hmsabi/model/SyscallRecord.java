package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * One mempolicy system call as the guest saw it (the snapshot's {@code syscalls} section).
 *
 * @param id        a stable name for the case, unique within a snapshot (e.g. {@code mbind/BIND/memory-only-node});
 *                  the diff pairs records of two snapshots by it
 * @param call      the system call: mbind, set_mempolicy, get_mempolicy, migrate_pages, move_pages, set_mempolicy_home_node
 * @param args      the arguments as text (mode, flags, nodemask, maxnode, ...), keys sorted
 * @param result    the return value
 * @param errno     the symbolic errno when the call failed, else absent
 * @param placement for calls that touched memory, the node each page landed on, in page order; else empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyscallRecord(
        String id,
        String call,
        SortedMap<String, String> args,
        long result,
        String errno,
        List<Integer> placement) {

    /**
     * The errno of a case the guest could not run because what it needs is not there (2 MiB huge
     * pages that could not be reserved): reported as skipped, never judged as a result.
     */
    public static final String NOT_AVAILABLE = "NOT-AVAILABLE";

    public SyscallRecord {
        placement = placement == null ? List.of() : List.copyOf(placement);
    }
}
