package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 *                  (a THP case's 512 base pages per 2 MiB page are in {@code thp} instead)
 * @param thp       for a case on transparent huge pages whose placement is recorded, where its base pages
 *                  were and whether the range was mapped as THPs before and after the call; else absent
 *                  (also in a snapshot taken before THP placement was recorded)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyscallRecord(
        String id,
        String call,
        SortedMap<String, String> args,
        long result,
        String errno,
        List<Integer> placement,
        ThpPlacement thp) {

    /**
     * The errno of a case the guest could not run because what it needs is not there (2 MiB huge
     * pages that could not be reserved): reported as skipped, never judged as a result.
     */
    public static final String NOT_AVAILABLE = "NOT-AVAILABLE";

    @JsonCreator
    public SyscallRecord {
        placement = placement == null ? List.of() : List.copyOf(placement);
    }

    /**
     * Whether the pages of both records were placed alike: the same placement and, where both
     * record it, the same THP placement (a snapshot taken before THP placement was recorded has
     * none, which is not a difference).
     */
    public boolean placedAlike(SyscallRecord other) {
        return placement.equals(other.placement) && (thp == null || other.thp == null || thp.equals(other.thp));
    }

    /** A record without THP placement (every case not on transparent huge pages). */
    public SyscallRecord(String id, String call, SortedMap<String, String> args, long result, String errno, List<Integer> placement) {
        this(id, call, args, result, errno, placement, null);
    }
}
