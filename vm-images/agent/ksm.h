/* hmsabi-agent: backing=ksm (ksm.c). The wire format is in PROTOCOL.md. */
#ifndef HMSABI_KSM_H
#define HMSABI_KSM_H

#include <stddef.h>
#include <stdint.h>

/* How the wait for ksmd ended. */
enum ksm_wait { KSM_MERGED, KSM_GAVE_UP, KSM_NOT_RUNNING, KSM_UNOBSERVABLE };
/* Where the merged pages were counted. */
enum ksm_source { KSM_SMAPS, KSM_KPAGEFLAGS };

struct ksm_state {
    long merged[2];     /* KSM pages of the range before and after the call; -1: could not be read */
    long waited_ms;     /* how long the agent waited for ksmd */
    enum ksm_wait wait;
    enum ksm_source source;
};

/* Advises a fresh private anonymous range MADV_NOHUGEPAGE (so ksmd sees
 * 4 KiB pages) and MADV_MERGEABLE; 0 or the errno (EINVAL: no CONFIG_KSM). */
int ksm_advise(uintptr_t base, size_t len);

/* Writes every page of the range with the same content, then waits, at most
 * a bound, until ksmd has merged every page of it; fills k->merged[0],
 * k->waited_ms and k->wait. */
void ksm_fill_and_wait(uintptr_t base, long pages, struct ksm_state *k);

/* How many pages of the range are KSM pages now: the "KSM:" lines of
 * /proc/self/smaps for its mappings (6.6 on), else KPF_KSM of the frame each
 * page maps (/proc/self/pagemap and /proc/kpageflags); root only (page frame
 * numbers and kpageflags need CAP_SYS_ADMIN, which an unprivileged worker has
 * dropped); -1 when they cannot be read. *source says which. */
long ksm_merged(uintptr_t base, long pages, enum ksm_source *source);

/* The reply's names of how the wait ended and of where the pages were counted. */
const char *ksm_wait_name(enum ksm_wait w);
const char *ksm_source_name(enum ksm_source s);

#endif
