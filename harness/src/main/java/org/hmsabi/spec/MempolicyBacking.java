package org.hmsabi.spec;

import java.util.Locale;

/**
 * What a case's range is a mapping of (the agent's {@code backing=}, PROTOCOL.md): private
 * anonymous memory, a memfd mapped shared (shmem on the kernel's internal mount), a file on the
 * tmpfs the guest's /init mounts mapped shared, or that file's page cache written with write(2)
 * (the placement is read through a shared mapping of it), or private anonymous 2 MiB huge pages
 * (MAP_HUGETLB; {@code pages} then counts huge pages, at most 64, from the pool reserved per node
 * through {@code nr_hugepages}), or private anonymous memory the agent advises MADV_HUGEPAGE, 2 MiB
 * aligned, so that each 2 MiB of it can be one transparent huge page (THP; {@code pages} counts
 * 2 MiB pages, at most 8, and the placement lists every 4 KiB base page; whether THP was used is
 * what the guest's {@code transparent_hugepage/enabled} and free memory say, reported as the
 * range's AnonHugePages). The file kinds are shmem: mbind on it sets the file's shared policy
 * through shmem's {@code set_policy} vm_op, which every mapping of the file sees (mm/shmem.c
 * shmem_set_policy, mm/mempolicy.c mpol_set_shared_policy). {@code ksm}: private anonymous memory
 * advised MADV_MERGEABLE, every page written alike, which the agent waits (at most 20 s) for ksmd to
 * merge into one KSM page, observed per page frame; ksmd must run ({@code /sys/kernel/mm/ksm/run},
 * set around the case by {@code org.hmsabi.capture.KsmDaemon}). Merging takes seconds, so the
 * catalog has no such case ({@link #inCatalog()}).
 */
public enum MempolicyBacking {
    ANONYMOUS("anon"), MEMFD("memfd"), TMPFS("tmpfs"), PAGE_CACHE("page-cache"), HUGETLB("hugetlb"), THP("thp"), KSM("ksm");

    private final String agentText;

    MempolicyBacking(String agentText) {
        this.agentText = agentText;
    }

    /** The agent's {@code backing=} value, also the name spec/catalog.yaml's {@code backing} field takes. */
    public String agentText() {
        return agentText;
    }

    /** Whether the range is a file (shmem), which a second mapping can map again. */
    public boolean isFile() {
        return this == MEMFD || this == TMPFS || this == PAGE_CACHE;
    }

    /** Whether spec/catalog.yaml may name it: not ksm, whose every case waits seconds for ksmd. */
    public boolean inCatalog() {
        return this != KSM;
    }

    /** Whether {@code pages} counts 2 MiB pages (hugetlb, THP) rather than 4 KiB ones. */
    public boolean hugePages() {
        return this == HUGETLB || this == THP;
    }

    /** The most 2 MiB pages a case of this kind may have: the agent's bounds (PROTOCOL.md). */
    public int maxPages() {
        return this == HUGETLB ? 64 : this == THP ? 8 : 4096;
    }

    /** The kinds whose 4 KiB pages every kernel and machine has (not hugetlb, which needs a reserved pool). */
    public static final java.util.List<MempolicyBacking> SMALL_PAGES = java.util.List.of(ANONYMOUS, MEMFD, TMPFS, PAGE_CACHE);

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
