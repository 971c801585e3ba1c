package org.hmsabi.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hmsabi.kernel.KernelRange;

/**
 * One entry of the contract's {@code behaviours}: what the kernels of a range do beyond one call's
 * result (where interleave starts, what a sysfs weight of 0 means), with the source that says so.
 */
public record SyscallBehaviour(String name, KernelRange kernels, String value, String source, String note) {

    /** How many low bits of a page offset MPOL_INTERLEAVE indexes by: "32" or "64". */
    public static final String INTERLEAVE_INDEX_BITS = "interleave-index-bits";
    /** Writing "0" to a weighted_interleave nodeN file: "reset" or "EINVAL". */
    public static final String WEIGHT_ZERO_WRITE = "weight-zero-write";

    /** move_pages' status for an address of an anonymous mapping that has no page yet: "ENOENT" or "EFAULT". */
    public static final String MOVE_PAGES_STATUS_UNPOPULATED = "move-pages-status-unpopulated";
    /** move_pages' status for an address that maps the shared zero page: "EFAULT". */
    public static final String MOVE_PAGES_STATUS_ZERO_PAGE = "move-pages-status-zero-page";

    /**
     * move_pages with MPOL_MF_MOVE given an address inside a 2 MiB hugetlb page other than its first
     * base page: "EACCES" (the status; the page stays) or "moved" (the whole huge page moves).
     */
    public static final String MOVE_PAGES_HUGETLB_TAIL = "move-pages-hugetlb-tail";

    /**
     * move_pages with MPOL_MF_MOVE of a 2 MiB hugetlb page to a node whose pool has no free huge page:
     * "moved" (a huge page fresh from the buddy allocator holds it) or "ENOMEM" (the call fails).
     */
    public static final String MOVE_PAGES_HUGETLB_EMPTY_POOL = "move-pages-hugetlb-empty-pool";

    /**
     * The statuses move_pages(MPOL_MF_MOVE_ALL) may give, besides a node, while another process maps and
     * unmaps the hugetlb pages it moves (LTP's move_pages12): errno names separated by spaces.
     */
    public static final String MOVE_PAGES_HUGETLB_RACE_STATUS = "move-pages-hugetlb-race-status";
    /** The errnos that move_pages call may fail with in that race (besides ESRCH once the process is gone). */
    public static final String MOVE_PAGES_HUGETLB_RACE_ERRNO = "move-pages-hugetlb-race-errno";
    /** The errnos madvise(MADV_SOFT_OFFLINE) may give on the raced hugetlb pages. */
    public static final String SOFT_OFFLINE_HUGETLB_ERRNO = "soft-offline-hugetlb-errno";

    /**
     * migrate_pages of the caller as root when its only pages on the old node are the N mappings of
     * one KSM page: the result, "0" or "mappings-1" (N - 1).
     */
    public static final String MIGRATE_PAGES_KSM_RESULT = "migrate-pages-ksm-result";
    /** The same without CAP_SYS_NICE: what happens to the KSM page, "stays". */
    public static final String MIGRATE_PAGES_KSM_UNPRIVILEGED = "migrate-pages-ksm-unprivileged";

    /** Every behaviour the contract may name, with the values it may take. */
    static final Map<String, Set<String>> KNOWN = Map.ofEntries(
            Map.entry(INTERLEAVE_INDEX_BITS, Set.of("32", "64")),
            Map.entry(WEIGHT_ZERO_WRITE, Set.of("reset", "EINVAL")),
            Map.entry(MOVE_PAGES_STATUS_UNPOPULATED, Set.of("ENOENT", "EFAULT")),
            Map.entry(MOVE_PAGES_STATUS_ZERO_PAGE, Set.of("EFAULT")),
            Map.entry(MOVE_PAGES_HUGETLB_TAIL, Set.of("EACCES", "moved")),
            Map.entry(MOVE_PAGES_HUGETLB_EMPTY_POOL, Set.of("moved", "ENOMEM")),
            Map.entry(MOVE_PAGES_HUGETLB_RACE_STATUS, Set.of("ENOENT EFAULT EBUSY EACCES", "ENOENT EFAULT EBUSY")),
            Map.entry(MOVE_PAGES_HUGETLB_RACE_ERRNO, Set.of("ENOMEM")),
            Map.entry(SOFT_OFFLINE_HUGETLB_ERRNO, Set.of("EBUSY ENOMEM")),
            Map.entry(MIGRATE_PAGES_KSM_RESULT, Set.of("0", "mappings-1")),
            Map.entry(MIGRATE_PAGES_KSM_UNPRIVILEGED, Set.of("stays", "moved")));

    /** The errno names of a list-valued behaviour (its value split at spaces). */
    public List<String> names() {
        return List.of(value.split(" "));
    }

    /** Where this entry comes from, for messages: {@code interleave-index-bits <6.7 (source)}. */
    public String describe() {
        return name + " " + kernels.text() + " = " + value + " (spec/syscalls.yaml: " + source + ")";
    }
}
