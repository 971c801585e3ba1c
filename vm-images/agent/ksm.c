/* hmsabi-agent: backing=ksm, a range of identical pages that ksmd merged.
 *
 * The mempolicy op maps the range (private anonymous, like the THP range);
 * this file advises it mergeable, writes every page with the same content
 * and waits until ksmd has merged them, observing it rather than assuming,
 * for exactly the range: the "KSM:" line smaps shows for its mapping (since
 * 6.6, d21077fbc2fc "proc/ksm: add ksm stats to /proc/pid/smaps";
 * smaps_account() counts PageKsm() pages), or, on a kernel whose smaps has
 * no such line, KPF_KSM in /proc/kpageflags for the frame /proc/self/pagemap
 * names for each page. kpageflags is not used where smaps can say: since
 * 6.9 ("proc: rewrite stable_page_flags()") it tests `mapping &
 * PAGE_MAPPING_KSM`, which every anonymous page passes (seen on 6.12.118:
 * every page of an unmerged range is "KSM", and MPOL_MF_MOVE moves them as
 * pages mapped once). The per-process counters are not used either:
 * /proc/<pid>/ksm_merging_pages and ksm_stat's line count the whole mm and
 * keep a previous range's pages until ksmd scans it again. Whether ksmd
 * runs is the host's business (/sys/kernel/mm/ksm/run): the agent only
 * reads it, to give up at once when it is not 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ksm.h"
#include "smaps.h"

#define PAGE 4096UL
#define KSM_RUN "/sys/kernel/mm/ksm/run"
#define KPF_KSM 21                 /* include/uapi/linux/kernel-page-flags.h */
#define PM_PRESENT (1ULL << 63)    /* Documentation/admin-guide/mm/pagemap.rst */
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define WAIT_MS_DEFAULT 20000      /* HMSABI_KSM_WAIT_MS replaces it (tests) */
#define POLL_MS 20
#define FILL 0x6b                  /* 'k': not zero, so use_zero_pages never matters */

int ksm_advise(uintptr_t base, size_t len)
{
    (void)madvise((void *)base, len, MADV_NOHUGEPAGE);
    return madvise((void *)base, len, MADV_MERGEABLE) == 0 ? 0 : errno;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool running(void)
{
    char buf[8] = { 0 };
    int fd = open(KSM_RUN, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n >= 1 && buf[0] == '1' && (n == 1 || buf[1] == '\n');
}

/* The KSM pages of every mapping inside the range, from the "KSM:" lines of
 * /proc/self/smaps (kB); -2 when no mapping has such a line (before 6.6),
 * -1 when it cannot be read. */
static long smaps_merged(uintptr_t base, long pages)
{
    bool seen;
    long kb = smaps_range_kb(base, (size_t)pages * PAGE, "KSM", &seen);
    return kb < 0 ? -1 : seen ? kb / (long)(PAGE / 1024) : -2;
}

/* The same from the page frames: KPF_KSM (kpageflags) of each page's frame. */
static long frames_merged(uintptr_t base, long pages)
{
    int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pm < 0)
        return -1;
    int kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
    if (kf < 0) {
        close(pm);
        return -1;
    }
    long merged = 0;
    for (long i = 0; i < pages && merged >= 0; i++) {
        uint64_t entry, flags;
        off_t at = (off_t)((base / PAGE + (uintptr_t)i) * sizeof entry);
        if (pread(pm, &entry, sizeof entry, at) != (ssize_t)sizeof entry)
            merged = -1;
        else if (!(entry & PM_PRESENT))
            continue;
        else if ((entry & PM_PFN_MASK) == 0) /* PFNs hidden: not CAP_SYS_ADMIN */
            merged = -1;
        else if (pread(kf, &flags, sizeof flags, (off_t)((entry & PM_PFN_MASK) * sizeof flags)) != (ssize_t)sizeof flags)
            merged = -1;
        else if (flags & (1ULL << KPF_KSM))
            merged++;
    }
    close(pm);
    close(kf);
    return merged;
}

long ksm_merged(uintptr_t base, long pages, enum ksm_source *source)
{
    long merged = smaps_merged(base, pages);
    *source = KSM_SMAPS;
    if (merged == -2) {
        *source = KSM_KPAGEFLAGS;
        merged = frames_merged(base, pages);
    }
    return merged;
}

void ksm_fill_and_wait(uintptr_t base, long pages, struct ksm_state *k)
{
    for (long i = 0; i < pages; i++)
        memset((void *)(base + (uintptr_t)i * PAGE), FILL, PAGE);
    const char *env = getenv("HMSABI_KSM_WAIT_MS");
    long bound = env != NULL && *env != '\0' ? strtol(env, NULL, 10) : WAIT_MS_DEFAULT;
    long start = now_ms();
    k->merged[0] = ksm_merged(base, pages, &k->source);
    k->wait = KSM_MERGED;
    if (k->merged[0] < 0)
        k->wait = KSM_UNOBSERVABLE;
    else if (!running())
        k->wait = KSM_NOT_RUNNING;
    while (k->wait == KSM_MERGED && k->merged[0] < pages) {
        if (now_ms() - start >= bound) {
            k->wait = KSM_GAVE_UP;
            break;
        }
        usleep(POLL_MS * 1000);
        k->merged[0] = ksm_merged(base, pages, &k->source);
    }
    k->waited_ms = now_ms() - start;
}

const char *ksm_wait_name(enum ksm_wait w)
{
    switch (w) {
    case KSM_MERGED:
        return "merged";
    case KSM_GAVE_UP:
        return "gave-up";
    case KSM_NOT_RUNNING:
        return "not-running";
    default:
        return "unobservable";
    }
}

const char *ksm_source_name(enum ksm_source s)
{
    return s == KSM_SMAPS ? "smaps" : "kpageflags";
}
