/* hmsabi-agent: the mempolicy op. One request performs one memory-policy
 * system call with raw syscall(2) (no libnuma: we test the kernel, not a
 * wrapper's view of it) and reports its result, its errno and, where memory
 * was touched, the node of every page. Arguments are key=value fields; the
 * whole form is in PROTOCOL.md.
 *
 * Cases run in-process, one after the other, thousands per second, so each
 * one cleans up after itself: its range loses its pages and its VMA policy
 * (see arena_reset) and the thread policy is reset to MPOL_DEFAULT. Every
 * pointer handed to the kernel is either one of our own buffers or a
 * deliberately bad address that the kernel must reject with EFAULT; the
 * agent never dereferences what it passes as "bad". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "sigbus.h"
#include "smaps.h"
#include "ksm.h"

/* x86_64 numbers, spelled out so an old libc's headers cannot hide a call. */
#define NR_MBIND 237
#define NR_SET_MEMPOLICY 238
#define NR_GET_MEMPOLICY 239
#define NR_MIGRATE_PAGES 256
#define NR_MOVE_PAGES 279
#define NR_SET_MEMPOLICY_HOME_NODE 450
#define NR_MEMFD_CREATE 319
#define MFD_CLOEXEC_FLAG 1U
#define TMPFS_MAGIC_NUMBER 0x01021994

#define MPOL_DEFAULT 0
#define MPOL_F_ADDR 2 /* get_mempolicy: the policy of an address */
#define PAGE 4096UL
#define MAX_PAGES 4096
/* backing=hugetlb: 2 MiB pages, at most 64 of them (128 MiB) per case. */
#define HUGE_PAGE (2UL << 20)
#define MAX_HUGE_PAGES 64
/* backing=thp: 2 MiB pages too, but placed per 4 KiB base page (512 each,
 * so at most 8 of them fit MAX_PAGES). */
#define MAX_THP_PAGES ((long)(MAX_PAGES / (HUGE_PAGE / PAGE)))
/* Node masks hold 65536 bits (8 KiB): more than any maxnode the kernel
 * accepts (it reads at most PAGE_SIZE * 8 bits and writes at most
 * PAGE_SIZE bytes), so no maxnode can make it touch memory past them. */
#define MASK_BITS 65536
#define MASK_LONGS (MASK_BITS / (8 * sizeof(unsigned long)))
/* A fixed, otherwise unused address: interleave placement of an anonymous
 * mapping follows its virtual page number, so with ASLR a random address
 * would make placement differ from boot to boot. */
#define MAP_BASE ((uintptr_t)0x100000000000ULL)
/* 1 TiB above MAP_BASE: nothing the agent, its libc or the kernel maps
 * goes there (brk is low, mmap grows down from near the stack), so a range
 * there is certainly unmapped. */
#define NOWHERE ((uintptr_t)0x110000000000ULL)
/* addr=alias: the second mapping of a file-backed range, 512 GiB above
 * MAP_BASE (below NOWHERE, and as unused). */
#define ALIAS_BASE ((uintptr_t)0x108000000000ULL)
/* backing=tmpfs and page-cache: the agent's file, on the tmpfs the guest's
 * /init mounts at /tmp (HMSABI_TMPFS names another tmpfs directory, for tests). */
#define TMPFS_FILE "hmsabi-agent.file"
#define NO_PID 0x3ffffffe /* above pid_max's ceiling (4M): no such process */

enum addr_kind { ADDR_MAP, ADDR_NULL, ADDR_UNALIGNED, ADDR_UNMAPPED, ADDR_ALIAS };
/* backing=: what the range is a mapping of. */
enum backing_kind { BACK_ANON, BACK_MEMFD, BACK_TMPFS, BACK_PAGECACHE, BACK_HUGETLB, BACK_THP, BACK_KSM };
/* cut=: the call's range leaves out the first or the last 4 KiB base page of the range. */
enum cut_kind { CUT_NONE, CUT_FIRST, CUT_LAST };
/* pid=: the process a migrate_pages or move_pages case targets. */
enum proc_kind { PROC_NUMBER, PROC_CHILD, PROC_GONE };
/* child=: what the second process does with the range before the call. */
enum child_kind { CHILD_OWN, CHILD_SHARED };
/* populate=: how move_pages' pages are faulted in before the call. */
enum populate_kind { POP_WRITE, POP_NONE, POP_READ };

struct mask {
    bool null;      /* pass NULL instead of the buffer */
    bool given;     /* the request named this mask */
    bool bad;       /* pass an address nothing is mapped at (NOWHERE) */
    /* bits[words ..] are all zero: clearing the mask clears only what a
     * request or the kernel may have set, not all 8 KiB every case. */
    size_t words;
    unsigned long bits[MASK_LONGS];
};

struct mp_case {
    const char *call;
    long mode, flags, home, pid;
    unsigned long maxnode;
    long pages;
    enum addr_kind addr;
    bool touch, prefault, place;
    long vmode, tmode;  /* policy set before the call: VMA / thread; -1 none */
    struct mask nodes, from, to, vnodes, tnodes;
    int to_list[MAX_PAGES]; /* move_pages targets, cycled over the pages */
    int nto;
    bool policy_out; /* get_mempolicy: pass NULL for the policy pointer */
    enum proc_kind proc;
    enum child_kind child;
    enum populate_kind populate;
    bool populate_given;
    long uid;        /* run the call as this uid and gid; -1: as the agent (root) */
    enum backing_kind backing;
    enum cut_kind cut;
};

/* What one case did, for the reply. An unprivileged case's worker shares the
 * agent's memory and fills it in place (run_case_as_user). */
struct outcome {
    long perr;       /* the prelude's errno; 0: it ran */
    long setup_err;  /* a process start, pipe or privilege drop failed (errno); 0: fine */
    const char *setup_what;
    long r;
    int err, pol;
    bool have_status, have_place;
    long place_err;
    int status[MAX_PAGES], place[MAX_PAGES];
    long thp_kb[2];  /* backing=thp: AnonHugePages of the range before and after the call */
    struct ksm_state ksm; /* backing=ksm: the wait for ksmd, the range's KSM pages before and after */
    unsigned long out_mask[MASK_LONGS]; /* get_mempolicy's returned mask */
};

/* What a case needs besides its struct: buffers too big for the stack. */
static struct mp_case c;
/* The size of the case's pages: PAGE, or HUGE_PAGE for backing=hugetlb and thp. */
static size_t page_size = PAGE;
/* The size placement and touches go by: the base page for thp, else page_size. */
static size_t place_size = PAGE;
static void *page_ptrs[MAX_PAGES];
static int page_nodes[MAX_PAGES], page_status[MAX_PAGES];

static bool parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 0);
    if (*s == '\0' || *end != '\0' || errno != 0)
        return false;
    *out = v;
    return true;
}

static void mask_clear(struct mask *m)
{
    memset(m->bits, 0, m->words * sizeof m->bits[0]);
    m->words = 0;
}

/* "0,2,5", "" (empty mask) or "null" (NULL pointer). */
static bool parse_mask(const char *s, struct mask *m, int *list, int *n)
{
    mask_clear(m);
    m->given = true;
    m->null = strcmp(s, "null") == 0;
    m->bad = strcmp(s, "bad") == 0;
    if (n != NULL)
        *n = 0;
    if (m->null || m->bad || *s == '\0')
        return true;
    for (const char *p = s; *p != '\0';) {
        char *end;
        long node = strtol(p, &end, 10);
        if (end == p || node < 0 || node >= MASK_BITS || (*end != ',' && *end != '\0'))
            return false;
        m->bits[node / (8 * sizeof(long))] |= 1UL << (node % (8 * sizeof(long)));
        if ((size_t)node / (8 * sizeof(long)) + 1 > m->words)
            m->words = (size_t)node / (8 * sizeof(long)) + 1;
        if (list != NULL && *n < MAX_PAGES)
            list[(*n)++] = (int)node;
        p = *end == ',' ? end + 1 : end;
    }
    return true;
}

static bool parse_addr(const char *s, enum addr_kind *out)
{
    static const char *names[] = { "map", "null", "unaligned", "unmapped", "alias" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum addr_kind)i;
            return true;
        }
    return false;
}

static bool parse_pid(const char *s, long *out)
{
    c.proc = PROC_NUMBER;
    if (strcmp(s, "child") == 0) {
        c.proc = PROC_CHILD;
        *out = 0;
        return true;
    }
    if (strcmp(s, "gone") == 0) {
        c.proc = PROC_GONE;
        *out = 0;
        return true;
    }
    if (strcmp(s, "self") == 0) {
        *out = getpid();
        return true;
    }
    if (strcmp(s, "none") == 0) {
        *out = NO_PID;
        return true;
    }
    return parse_long(s, out);
}

/* Fills c from key=value args; returns the offending arg, or NULL. */
static const char *parse_case(char **args, int nargs)
{
    long v;
    const char *addr_arg = NULL, *pages_arg = NULL, *cut_arg = NULL;
    /* Masks are 8 KiB each: only the ones a request names are cleared (by
     * parse_mask); the others are passed as zero_mask. */
    memset(&c, 0, offsetof(struct mp_case, nodes));
    struct mask *masks[] = { &c.nodes, &c.from, &c.to, &c.vnodes, &c.tnodes };
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++)
        masks[i]->given = masks[i]->null = masks[i]->bad = false;
    c.policy_out = false;
    c.proc = PROC_NUMBER;
    c.child = CHILD_OWN;
    c.populate = POP_WRITE;
    c.populate_given = false;
    c.uid = -1;
    c.backing = BACK_ANON;
    c.cut = CUT_NONE;
    c.maxnode = 1025; /* MAX_NUMNODES + 1 on Debian: every node, the usual off-by-one */
    c.pages = 4;
    c.vmode = c.tmode = -1;
    c.nto = 0;
    for (int i = 0; i < nargs; i++) {
        char *eq = strchr(args[i], '=');
        if (eq == NULL)
            return args[i];
        *eq = '\0';
        const char *k = args[i], *val = eq + 1;
        bool ok = true;
        if (strcmp(k, "call") == 0)
            c.call = val;
        else if (strcmp(k, "mode") == 0)
            ok = parse_long(val, &c.mode);
        else if (strcmp(k, "flags") == 0)
            ok = parse_long(val, &c.flags);
        else if (strcmp(k, "maxnode") == 0)
            ok = parse_long(val, &v) && v >= 0 && ((c.maxnode = (unsigned long)v), true);
        else if (strcmp(k, "pages") == 0) {
            ok = parse_long(val, &c.pages) && c.pages >= 0 && c.pages <= MAX_PAGES;
            pages_arg = args[i];
        }
        else if (strcmp(k, "addr") == 0) {
            ok = parse_addr(val, &c.addr);
            addr_arg = args[i];
        }
        else if (strcmp(k, "touch") == 0)
            c.touch = strcmp(val, "1") == 0;
        else if (strcmp(k, "prefault") == 0)
            c.prefault = strcmp(val, "1") == 0;
        else if (strcmp(k, "place") == 0)
            c.place = strcmp(val, "1") == 0;
        else if (strcmp(k, "home") == 0)
            ok = parse_long(val, &c.home);
        else if (strcmp(k, "pid") == 0)
            ok = parse_pid(val, &c.pid);
        else if (strcmp(k, "nodes") == 0)
            ok = parse_mask(val, &c.nodes, NULL, NULL);
        else if (strcmp(k, "from") == 0)
            ok = parse_mask(val, &c.from, NULL, NULL);
        else if (strcmp(k, "to") == 0)
            ok = parse_mask(val, &c.to, c.to_list, &c.nto);
        else if (strcmp(k, "vmode") == 0)
            ok = parse_long(val, &c.vmode);
        else if (strcmp(k, "vnodes") == 0)
            ok = parse_mask(val, &c.vnodes, NULL, NULL);
        else if (strcmp(k, "tmode") == 0)
            ok = parse_long(val, &c.tmode);
        else if (strcmp(k, "tnodes") == 0)
            ok = parse_mask(val, &c.tnodes, NULL, NULL);
        else if (strcmp(k, "policy") == 0)
            c.policy_out = strcmp(val, "null") == 0;
        else if (strcmp(k, "child") == 0)
            ok = (strcmp(val, "own") == 0 && ((c.child = CHILD_OWN), true)) ||
                 (strcmp(val, "shared") == 0 && ((c.child = CHILD_SHARED), true));
        else if (strcmp(k, "populate") == 0) {
            c.populate_given = true;
            ok = (strcmp(val, "write") == 0 && ((c.populate = POP_WRITE), true)) ||
                 (strcmp(val, "none") == 0 && ((c.populate = POP_NONE), true)) ||
                 (strcmp(val, "read") == 0 && ((c.populate = POP_READ), true));
        } else if (strcmp(k, "backing") == 0)
            ok = (strcmp(val, "anon") == 0 && ((c.backing = BACK_ANON), true)) ||
                 (strcmp(val, "memfd") == 0 && ((c.backing = BACK_MEMFD), true)) ||
                 (strcmp(val, "tmpfs") == 0 && ((c.backing = BACK_TMPFS), true)) ||
                 (strcmp(val, "page-cache") == 0 && ((c.backing = BACK_PAGECACHE), true)) ||
                 (strcmp(val, "hugetlb") == 0 && ((c.backing = BACK_HUGETLB), true)) ||
                 (strcmp(val, "thp") == 0 && ((c.backing = BACK_THP), true)) ||
                 (strcmp(val, "ksm") == 0 && ((c.backing = BACK_KSM), true));
        else if (strcmp(k, "cut") == 0) {
            ok = (strcmp(val, "first") == 0 && ((c.cut = CUT_FIRST), true)) ||
                 (strcmp(val, "last") == 0 && ((c.cut = CUT_LAST), true));
            cut_arg = args[i];
        }
        else if (strcmp(k, "uid") == 0)
            ok = parse_long(val, &c.uid) && c.uid >= 0 && c.uid <= 65534;
        else
            ok = false;
        *eq = '=';
        if (!ok)
            return args[i];
    }
    if (c.call == NULL)
        return "call";
    /* A second mapping needs a file to map twice (hugetlb, thp and ksm ranges are private). */
    if (c.addr == ADDR_ALIAS && (c.backing == BACK_ANON || c.backing == BACK_HUGETLB || c.backing == BACK_THP || c.backing == BACK_KSM))
        return addr_arg;
    /* A range without pages has no base page to leave out. */
    if (c.cut != CUT_NONE && c.pages == 0)
        return cut_arg;
    if ((c.backing == BACK_HUGETLB && c.pages > MAX_HUGE_PAGES) || (c.backing == BACK_THP && c.pages > MAX_THP_PAGES))
        return pages_arg != NULL ? pages_arg : "pages";
    return NULL;
}

static unsigned long zero_mask[MASK_LONGS]; /* only ever read by the kernel */

static const unsigned long *mask_arg(const struct mask *m)
{
    if (m->bad)
        return (const unsigned long *)NOWHERE;
    return m->null ? NULL : m->given ? m->bits : zero_mask;
}

/* The arena: one private anonymous mapping at MAP_BASE, kept from case to
 * case and resized (mremap, in place) to exactly the case's range. Mapping
 * and unmapping per case cost more than the call under test: every first
 * touch after an munmap allocates and zeroes page tables again, which a
 * resize keeps. Exactly the range, because a policy on part of a mapping
 * splits it and the reset merges it again, which costs as much once more.
 * THP is off for it so that every 4 KiB page is placed (and reported) on
 * its own. */
static size_t arena_len; /* 0: not mapped */

static int arena_fit(size_t len)
{
    if (arena_len == len)
        return 0;
    void *p = arena_len == 0
        ? mmap((void *)MAP_BASE, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
        : mremap((void *)MAP_BASE, arena_len, len, 0);
    if (p == MAP_FAILED)
        return errno;
    if ((uintptr_t)p != MAP_BASE) { /* a kernel without FIXED_NOREPLACE took it as a hint */
        munmap(p, len);
        return EEXIST;
    }
    if (arena_len == 0)
        madvise(p, len, MADV_NOHUGEPAGE); /* kept by every later resize */
    arena_len = len;
    return 0;
}

/* A case on an empty range at MAP_BASE must find nothing mapped there. */
static void arena_unmap(void)
{
    if (arena_len > 0)
        munmap((void *)MAP_BASE, arena_len);
    arena_len = 0;
}

/* Makes the arena what a fresh mapping is: no range policy (MPOL_DEFAULT over
 * all of it drops the policy and home node; only mbind, set_mempolicy_home_node
 * and a range prelude set one) and no pages (MADV_DONTNEED: the next touch
 * faults a new page in under the policy then in force; move_pages reports
 * -ENOENT until then, as for a page never touched). */
static void arena_reset(bool had_range_policy)
{
    if (had_range_policy)
        syscall(NR_MBIND, MAP_BASE, arena_len, MPOL_DEFAULT, NULL, 0UL, 0UL);
    madvise((void *)MAP_BASE, arena_len, MADV_DONTNEED);
}

/* File-backed ranges (backing=memfd, tmpfs, page-cache): one shmem file per
 * kind for the agent's whole life, so its inode number (which biases shmem's
 * interleave index) is the same in every case. A case maps exactly its range
 * of it MAP_SHARED at MAP_BASE (the anonymous arena is unmapped first), with a
 * second mapping at ALIAS_BASE for addr=alias; afterwards the range's shared
 * policy is dropped (mbind MPOL_DEFAULT reaches shmem's set_policy), both
 * mappings go and the file is truncated to nothing, which frees its pages. */
static int memfd_fd = -1, tmpfs_fd = -1;
static size_t file_len;  /* 0: no file mapping */
static bool file_alias;  /* the second mapping exists */
static const char *file_problem; /* why a file could not be had, for the reply */

static int backing_fd(int *err)
{
    *err = 0;
    file_problem = "agent could not create its file";
    if (c.backing == BACK_MEMFD) {
        if (memfd_fd < 0 && (memfd_fd = (int)syscall(NR_MEMFD_CREATE, "hmsabi-agent", MFD_CLOEXEC_FLAG)) < 0)
            *err = errno;
        return memfd_fd;
    }
    if (tmpfs_fd < 0) {
        const char *dir = getenv("HMSABI_TMPFS");
        char path[PATH_MAX];
        struct statfs fs;
        snprintf(path, sizeof path, "%s/%s", dir != NULL && *dir != '\0' ? dir : "/tmp", TMPFS_FILE);
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            *err = errno;
            return -1;
        }
        unlink(path); /* nothing is left behind; the open file stays on the tmpfs */
        if (fstatfs(fd, &fs) != 0 || fs.f_type != TMPFS_MAGIC_NUMBER) {
            *err = EOPNOTSUPP;
            file_problem = "agent's file is not on a tmpfs";
            close(fd);
            return -1;
        }
        tmpfs_fd = fd;
    }
    return tmpfs_fd;
}

static int map_file(size_t len, bool alias)
{
    int err = 0;
    bool huge = c.backing == BACK_HUGETLB, thp = c.backing == BACK_THP, ksm = c.backing == BACK_KSM;
    int fd = huge || thp || ksm ? -1 : backing_fd(&err);
    if (err != 0)
        return err;
    arena_unmap();
    if (fd >= 0 && ftruncate(fd, (off_t)len) != 0)
        return errno;
    uintptr_t at[2] = { MAP_BASE, ALIAS_BASE };
    int flags = huge ? MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB : thp || ksm ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED;
    for (int i = 0; i < (alias ? 2 : 1); i++) {
        void *p = mmap((void *)at[i], len, PROT_READ | PROT_WRITE, flags | MAP_FIXED_NOREPLACE, fd, 0);
        if (p == MAP_FAILED || (uintptr_t)p != at[i]) {
            err = p == MAP_FAILED ? errno : EEXIST;
            if (p != MAP_FAILED)
                munmap(p, len);
            if (i == 1)
                munmap((void *)MAP_BASE, len);
            /* hugetlb reserves the range's pages at mmap: none left in the pool is ENOMEM. */
            file_problem = huge && err == ENOMEM ? "no huge page available" : "agent could not map its range";
            return err;
        }
    }
    /* MAP_BASE is 2 MiB aligned, so every 2 MiB of the range can be one THP
     * (where the guest's transparent_hugepage/enabled says always or madvise). */
    if (thp && madvise((void *)MAP_BASE, len, MADV_HUGEPAGE) != 0) {
        err = errno;
        munmap((void *)MAP_BASE, len);
        file_problem = "agent could not advise its range MADV_HUGEPAGE";
        return err;
    }
    /* ksm: EINVAL is a kernel without CONFIG_KSM. */
    if (ksm && (err = ksm_advise(MAP_BASE, len)) != 0) {
        munmap((void *)MAP_BASE, len);
        file_problem = "KSM is not available: madvise MADV_MERGEABLE failed";
        return err;
    }
    file_len = len;
    file_alias = alias;
    return 0;
}

static void file_reset(bool had_range_policy)
{
    if (file_len == 0)
        return;
    bool file = c.backing != BACK_HUGETLB && c.backing != BACK_THP && c.backing != BACK_KSM;
    if (had_range_policy && file)
        syscall(NR_MBIND, MAP_BASE, file_len, MPOL_DEFAULT, NULL, 0UL, 0UL);
    munmap((void *)MAP_BASE, file_len); /* a hugetlb range's pages go back to the pool */
    if (file_alias)
        munmap((void *)ALIAS_BASE, file_len);
    if (file && ftruncate(c.backing == BACK_MEMFD ? memfd_fd : tmpfs_fd, 0) != 0)
        file_problem = "agent could not truncate its file";
    file_len = 0;
    file_alias = false;
}

/* The range a case works on: the arena at MAP_BASE (nothing mapped at all for
 * an empty aligned range), a file mapping there, or one of the deliberately
 * bad addresses. */
static uintptr_t map_range(size_t len, int *err)
{
    *err = 0;
    if (len == 0) {
        arena_unmap();
        return MAP_BASE;
    }
    file_problem = "agent could not map its range";
    *err = c.backing == BACK_ANON ? arena_fit(len) : map_file(len, c.addr == ADDR_ALIAS);
    return *err == 0 ? MAP_BASE : 0;
}

static bool needs_range(void);

/* Whether the call itself takes the range's address (the agent may map a
 * range for a call that does not: to touch or place pages, for a prelude). */
static bool call_takes_addr(void)
{
    return strcmp(c.call, "mbind") == 0 || strcmp(c.call, "home_node") == 0 || strcmp(c.call, "move_pages") == 0 ||
           (strcmp(c.call, "get_mempolicy") == 0 && (c.flags & MPOL_F_ADDR));
}

/* The address the call gets. A call without a range (set_mempolicy, or
 * get_mempolicy without MPOL_F_ADDR) gets 0 for "map" and "alias", even
 * when the case maps a range to touch. */
static uintptr_t case_addr(uintptr_t mapped)
{
    switch (c.addr) {
    case ADDR_NULL:
        return 0;
    case ADDR_UNALIGNED:
        return mapped + 1;
    case ADDR_UNMAPPED:
        return NOWHERE;
    case ADDR_ALIAS:
        return call_takes_addr() ? ALIAS_BASE : 0;
    default:
        return call_takes_addr() ? mapped : 0;
    }
}

/* Writes one byte per page: the fault allocates the page under the policy
 * in force. Only ever called on our own mapping. For backing=page-cache the
 * byte goes in with write(2) at the page's offset of the file instead (the
 * page cache page is allocated there, under the policy in force), and a read
 * through the mapping then maps that page for the placement query. */
static void touch_pages(uintptr_t base, long pages)
{
    /* thp: every base page (the first write of each 2 MiB faults the whole THP in, if any). */
    if (c.backing == BACK_THP)
        pages *= (long)(page_size / place_size);
    for (long i = 0; i < pages; i++) {
        if (c.backing == BACK_PAGECACHE) {
            char one = 1;
            if (pwrite(tmpfs_fd, &one, 1, (off_t)i * (off_t)PAGE) != 1)
                continue; /* no page: the placement query says so */
            (void)*(volatile char *)(base + (uintptr_t)i * PAGE);
        } else if (c.backing == BACK_HUGETLB)
            (void)sigbus_write(base + (uintptr_t)i * page_size); /* SIGBUS: the page stays absent, placement says so */
        else
            *(volatile char *)(base + (uintptr_t)i * place_size) = 1;
    }
}

/* Reads one byte per page: an anonymous page never written maps the shared
 * zero page (THP is off for the arena, so a 4 KiB one). */
static void read_pages(uintptr_t base, long pages)
{
    if (c.backing == BACK_THP)
        pages *= (long)(page_size / place_size);
    for (long i = 0; i < pages; i++)
        (void)*(volatile char *)(base + (uintptr_t)i * place_size);
}

/* The node of each page of process pid (0: the agent), or -errno (a page
 * never touched: -ENOENT since 6.12, -EFAULT before; the zero page or an
 * unmapped address: -EFAULT), asked with move_pages and a NULL node list,
 * which moves nothing. */
static void placement(struct outcome *res, long pid, uintptr_t base, long pages)
{
    for (long i = 0; i < pages; i++) {
        page_ptrs[i] = (void *)(base + (uintptr_t)i * place_size);
        res->place[i] = INT_MIN;
    }
    long r = syscall(NR_MOVE_PAGES, pid, pages, page_ptrs, NULL, res->place, 0);
    res->have_place = r >= 0;
    res->place_err = r < 0 ? errno : 0;
}

static long run_prelude(uintptr_t addr, size_t len)
{
    if (c.tmode >= 0 && syscall(NR_SET_MEMPOLICY, c.tmode, mask_arg(&c.tnodes), 1025UL) != 0)
        return errno;
    if (c.vmode >= 0 && syscall(NR_MBIND, addr, len, c.vmode, mask_arg(&c.vnodes), 1025UL, 0UL) != 0)
        return errno;
    return 0;
}

/* The call itself; its raw return value, errno in *err. */
static long run_call(uintptr_t addr, size_t len, int *pol_out, int *err)
{
    long r;
    errno = 0;
    if (strcmp(c.call, "mbind") == 0)
        r = syscall(NR_MBIND, addr, len, c.mode, mask_arg(&c.nodes), c.maxnode, c.flags);
    else if (strcmp(c.call, "set_mempolicy") == 0)
        r = syscall(NR_SET_MEMPOLICY, c.mode, mask_arg(&c.nodes), c.maxnode);
    else if (strcmp(c.call, "get_mempolicy") == 0) {
        /* The kernel writes this mask: never zero_mask, and no stale bits. */
        if (!c.nodes.given)
            mask_clear(&c.nodes);
        r = syscall(NR_GET_MEMPOLICY, c.policy_out ? NULL : pol_out,
                    c.nodes.bad ? (unsigned long *)NOWHERE : c.nodes.null ? NULL : c.nodes.bits, c.maxnode, addr, c.flags);
        /* It may have written up to maxnode bits (it refuses more than a page's worth). */
        size_t written = c.maxnode / (8 * sizeof(long)) + 1;
        if (!c.nodes.null && !c.nodes.bad)
            c.nodes.words = written > MASK_LONGS ? MASK_LONGS : written > c.nodes.words ? written : c.nodes.words;
    }
    else if (strcmp(c.call, "migrate_pages") == 0)
        r = syscall(NR_MIGRATE_PAGES, c.pid, c.maxnode, mask_arg(&c.from), mask_arg(&c.to));
    else if (strcmp(c.call, "move_pages") == 0) {
        for (long i = 0; i < c.pages; i++) {
            page_ptrs[i] = (void *)(addr + (uintptr_t)i * page_size);
            page_nodes[i] = c.nto > 0 ? c.to_list[i % c.nto] : 0;
            page_status[i] = INT_MIN;
        }
        r = syscall(NR_MOVE_PAGES, c.pid, c.pages, page_ptrs,
                    c.to.given && !c.to.null ? page_nodes : NULL, page_status, c.flags);
    } else if (strcmp(c.call, "home_node") == 0)
        r = syscall(NR_SET_MEMPOLICY_HOME_NODE, addr, len, c.home, c.flags);
    else {
        *err = ENOSYS;
        return -1;
    }
    *err = r < 0 ? errno : 0;
    return r;
}

static bool known_call(const char *call)
{
    static const char *calls[] = { "mbind", "set_mempolicy", "get_mempolicy",
                                   "migrate_pages", "move_pages", "home_node" };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (strcmp(call, calls[i]) == 0)
            return true;
    return false;
}

/* Set bits of a returned mask, as a list; only the part the kernel may
 * have written (maxnode - 1 bits) is looked at. */
static void field_mask(struct out *o, const char *key, const struct mask *m, unsigned long maxnode)
{
    static int list[MASK_BITS];
    size_t n = 0;
    unsigned long bits = maxnode > MASK_BITS ? MASK_BITS : (maxnode > 0 ? maxnode - 1 : 0);
    if (bits > m->words * 8 * sizeof(long))
        bits = m->words * 8 * sizeof(long); /* the rest is zero */
    for (unsigned long b = 0; b < bits; b++)
        if (m->bits[b / (8 * sizeof(long))] & (1UL << (b % (8 * sizeof(long)))))
            list[n++] = (int)b;
    field_ints(o, key, list, n);
}

static bool needs_range(void)
{
    return strcmp(c.call, "mbind") == 0 || strcmp(c.call, "home_node") == 0 ||
           strcmp(c.call, "move_pages") == 0 || (strcmp(c.call, "get_mempolicy") == 0 && (c.flags & MPOL_F_ADDR)) ||
           c.touch || c.prefault || c.place || c.vmode >= 0 || c.proc == PROC_CHILD || c.populate_given ||
           c.backing == BACK_KSM;
}

static void reap(pid_t pid)
{
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* The second process of a pid=child case: a fork of the agent that either
 * writes every page of the range itself (child=own: its own pages, placed by
 * the policies it inherited) or only reads them (child=shared: the agent's
 * prefaulted pages, now mapped by two processes). It tells the agent it is
 * ready, then waits until the agent closes the pipe. */
static pid_t spawn_child(uintptr_t base, long pages, bool own, int *hold_fd, int *err)
{
    int ready[2], hold[2];
    *err = 0;
    if (pipe2(ready, O_CLOEXEC) != 0) {
        *err = errno;
        return -1;
    }
    if (pipe2(hold, O_CLOEXEC) != 0) {
        *err = errno;
        close(ready[0]), close(ready[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        char b = 'r';
        close(ready[0]), close(hold[1]);
        if (own && c.child == CHILD_OWN)
            touch_pages(base, pages);
        else if (own)
            read_pages(base, pages);
        if (write(ready[1], &b, 1) != 1)
            _exit(1);
        while (read(hold[0], &b, 1) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(ready[1]), close(hold[0]);
    if (pid < 0) {
        *err = errno;
        close(ready[0]), close(hold[1]);
        return -1;
    }
    char b;
    ssize_t n;
    while ((n = read(ready[0], &b, 1)) < 0 && errno == EINTR)
        ;
    int read_err = errno;
    close(ready[0]);
    if (n != 1) {
        /* The child died (or could not say so) before it was ready: the case
         * would name a dead process. It is a setup failure, not a result. */
        close(hold[1]);
        reap(pid);
        *err = n < 0 ? read_err : ECHILD;
        return -1;
    }
    *hold_fd = hold[1];
    return pid;
}

/* A process that shares the agent's memory and runs fn(arg) on a stack of
 * its own while the agent waits (clone with CLONE_VM | CLONE_VFORK): no
 * copy of the address space to make and tear down, which under TCG is most
 * of what a fork costs (fork, exit and wait of a 20-page static process:
 * 1.4 to 1.6 ms in a 7.3 guest; this: 0.2 to 0.3 ms). Its own credentials,
 * thread policy and pid; the agent's pages, mappings and range policies. The
 * caller reaps it. */
static pid_t start_sharing_memory(int (*fn)(void *), void *arg, int *err)
{
    static char stack[256 * 1024] __attribute__((aligned(64)));
    pid_t pid = clone(fn, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
    *err = pid < 0 ? errno : 0;
    return pid;
}

/* pid=gone: a child that has exited and been reaped; its pid names no process
 * (nothing else starts in the guest meanwhile to take it). The last such pid
 * is used again while it still names no process (pids are handed out in
 * order and wrap only after pid_max), so only the first case starts one. */
static pid_t gone_pid(int *err)
{
    static pid_t gone;
    *err = 0;
    if (gone > 0 && kill(gone, 0) != 0 && errno == ESRCH)
        return gone;
    /* vfork, not start_sharing_memory: an unprivileged worker runs on that
     * one's stack. The child only exits. */
    pid_t pid = vfork();
    if (pid == 0)
        _exit(0);
    if (pid < 0) {
        *err = errno;
        return -1;
    }
    reap(pid);
    gone = pid;
    return pid;
}

/* uid=N: the rest of the case runs as user and group N, without supplementary
 * groups; leaving root drops every capability (no SECBIT_KEEP_CAPS). */
static int drop_privilege(long uid)
{
    if (setgroups(0, NULL) != 0 || setresgid((gid_t)uid, (gid_t)uid, (gid_t)uid) != 0 ||
        setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0)
        return errno;
    return 0;
}

/* How many pages placement reports: every base page of a thp range. */
static long placed_pages(void)
{
    return c.pages * (long)(page_size / place_size);
}

/* backing=thp: the AnonHugePages of every mapping inside the range (a
 * policy on part of it splits the mapping), in kB, from /proc/self/smaps;
 * -1 when it cannot be read. What says whether THP was used, and whether a
 * THP is still one after the call, rather than assuming it. */
static long thp_kb(uintptr_t base, size_t len)
{
    bool seen;
    return smaps_range_kb(base, len, "AnonHugePages", &seen);
}

/* Everything a case does between mapping its range and replying. */
static void run_case(struct outcome *res, uintptr_t mapped, size_t len, bool own)
{
    bool movep = strcmp(c.call, "move_pages") == 0;
    bool child = c.proc == PROC_CHILD;
    memset(res, 0, offsetof(struct outcome, status));
    res->pol = -1;
    res->thp_kb[0] = res->thp_kb[1] = -1;
    res->ksm = (struct ksm_state){ { -1, -1 }, 0, KSM_UNOBSERVABLE, KSM_SMAPS };
    /* move_pages writes its pages first unless populate= says otherwise; a
     * pid=child case whose child has its own pages leaves the agent's alone. */
    /* ksm: the pages are written once, with the same content, after the prelude (see below). */
    bool write_first = own && c.backing != BACK_KSM && (c.prefault || (movep && !c.populate_given && !(child && c.child == CHILD_OWN)) ||
                               (c.populate_given && c.populate == POP_WRITE) || (child && c.child == CHILD_SHARED));
    if (write_first)
        touch_pages(mapped, c.pages);
    else if (own && c.populate_given && c.populate == POP_READ)
        read_pages(mapped, c.pages);
    res->perr = run_prelude(mapped, len);
    if (res->perr != 0)
        return;
    if (own && c.backing == BACK_THP)
        res->thp_kb[0] = thp_kb(mapped, len);
    /* Faulted under the prelude's policies, merged before the fork and the privilege drop. */
    if (own && c.backing == BACK_KSM)
        ksm_fill_and_wait(mapped, c.pages, &res->ksm);
    /* The pages are touched and placed where the call looked: the second
     * mapping for addr=alias (the prelude went to the first). */
    uintptr_t view = c.addr == ADDR_ALIAS ? ALIAS_BASE : mapped;
    pid_t kid = -1;
    int hold = -1, err = 0;
    const char *step = NULL;
    if (child) {
        kid = spawn_child(mapped, c.pages, own, &hold, &err);
        c.pid = kid;
        step = err == ECHILD ? "agent's second process died before it was ready" : "agent could not start its second process";
    } else if (c.proc == PROC_GONE) {
        c.pid = gone_pid(&err);
        step = "agent could not fork";
    }
    if (err == 0 && c.uid >= 0) {
        err = drop_privilege(c.uid);
        step = "agent could not drop privilege";
    }
    if (err != 0) {
        res->setup_err = err;
        res->setup_what = step;
    } else {
        /* cut=: the call's range leaves out the range's first or last base page. */
        uintptr_t call_addr = case_addr(mapped) + (c.cut == CUT_FIRST ? PAGE : 0);
        res->r = run_call(call_addr, len - (c.cut != CUT_NONE ? PAGE : 0), &res->pol, &res->err);
        if (own && c.touch)
            touch_pages(view, c.pages);
        if (strcmp(c.call, "get_mempolicy") == 0 && res->r == 0 && !c.nodes.null)
            memcpy(res->out_mask, c.nodes.bits, sizeof res->out_mask);
        if (movep && res->r >= 0) {
            res->have_status = true;
            memcpy(res->status, page_status, (size_t)c.pages * sizeof page_status[0]);
        }
        if (own && (c.touch || c.prefault || c.place || movep || child || c.populate_given || c.backing == BACK_KSM))
            placement(res, child ? kid : 0, view, placed_pages());
        else if (movep && c.pages > 0) /* a bad range: what the kernel says of those addresses */
            placement(res, child ? kid : 0, case_addr(mapped), placed_pages());
        if (own && c.backing == BACK_THP)
            res->thp_kb[1] = thp_kb(mapped, len);
    }
    if (kid > 0) {
        close(hold);
        reap(kid);
    }
}

struct worker_job {
    struct outcome *res;
    uintptr_t mapped;
    size_t len;
    bool own;
};

static int worker_main(void *arg)
{
    struct worker_job *job = arg;
    run_case(job->res, job->mapped, job->len, job->own);
    return 0;
}

/* An unprivileged case: a worker runs it (a process cannot get its privilege
 * back). The worker shares the agent's memory (start_sharing_memory), so it
 * works on the agent's range, pages mapped once as in a root case, and writes
 * the outcome in place; a range policy it sets is the agent's, undone with
 * the range. Its drop of privilege made the shared memory undumpable (as any
 * change of euid does), which the agent undoes: a later second process must
 * start as dumpable as the first. */
static void run_case_as_user(struct outcome *res, uintptr_t mapped, size_t len, bool own)
{
    struct worker_job job = { res, mapped, len, own };
    int err, status = 0;
    pid_t pid = start_sharing_memory(worker_main, &job, &err);
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    (void)prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    /* A worker that died inside a hugetlb write left the shared jump armed:
     * the agent's own SIGBUS must not jump into the worker's dead stack. */
    sigbus_disarm();
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        memset(res, 0, offsetof(struct outcome, status));
        res->setup_err = pid < 0 ? err : ECHILD;
        res->setup_what = pid < 0 ? "agent could not fork" : "agent's unprivileged worker died";
    }
}

static struct outcome res;

void op_mempolicy(struct agent *a, long id, char **args, int nargs)
{
    const char *bad = parse_case(args, nargs);
    if (bad != NULL || !known_call(c.call)) {
        reply_begin(&a->out, id, "mempolicy");
        field_errno(&a->out, EINVAL);
        field_str(&a->out, "message", bad != NULL ? "bad argument" : "unknown call");
        field_str(&a->out, "arg", bad != NULL ? bad : c.call);
        reply_end(&a->out, true);
        return;
    }
    page_size = c.backing == BACK_HUGETLB || c.backing == BACK_THP ? HUGE_PAGE : PAGE;
    place_size = c.backing == BACK_THP ? PAGE : page_size;
    size_t len = (size_t)c.pages * page_size;
    int map_err = 0;
    uintptr_t mapped = needs_range() && (c.addr == ADDR_MAP || c.addr == ADDR_ALIAS) ? map_range(len, &map_err)
                     : needs_range() && c.addr == ADDR_UNALIGNED ? map_range(len + page_size, &map_err)
                     : MAP_BASE;
    bool own = mapped != 0 && needs_range() && (c.addr == ADDR_MAP || c.addr == ADDR_UNALIGNED || c.addr == ADDR_ALIAS) && len > 0;
    /* What this case mapped, even when it has no pages to touch (unaligned with
     * pages=0 still maps one page): all of it is unmapped at the end. */
    size_t mapped_len = c.addr == ADDR_UNALIGNED ? len + page_size : len;
    bool mapped_here = mapped != 0 && needs_range() && (c.addr == ADDR_MAP || c.addr == ADDR_UNALIGNED || c.addr == ADDR_ALIAS) && mapped_len > 0;
    reply_begin(&a->out, id, "mempolicy");
    field_str(&a->out, "call", c.call);
    if (map_err != 0) {
        field_errno(&a->out, map_err);
        field_str(&a->out, "message", c.backing == BACK_ANON ? "agent could not map its range" : file_problem);
        reply_end(&a->out, true);
        return;
    }
    if (c.backing == BACK_HUGETLB)
        sigbus_catch(); /* by the agent, so that an unprivileged worker inherits it */
    if (c.uid >= 0) {
        run_case_as_user(&res, mapped, len, own);
        /* A worker that died leaves its second process to PID 1 (the agent):
         * it exits when the worker's end of its pipe closes and is reaped
         * with the other orphans, never left a zombie. */
        if (c.proc == PROC_CHILD)
            a->may_have_children = true;
    } else
        run_case(&res, mapped, len, own);
    /* Counted by the agent, root: reading page frames (pagemap PFNs, kpageflags) needs CAP_SYS_ADMIN, which an unprivileged worker has dropped. */
    if (own && c.backing == BACK_KSM && res.setup_err == 0 && res.perr == 0)
        res.ksm.merged[1] = ksm_merged(mapped, c.pages, &res.ksm.source);
    if (res.setup_err != 0) {
        field_errno(&a->out, (int)res.setup_err);
        field_str(&a->out, "message", res.setup_what);
    } else if (res.perr != 0) {
        field_long(&a->out, "preludeErrno", res.perr);
    } else {
        field_long(&a->out, "result", res.r);
        if (res.err != 0)
            field_errno(&a->out, res.err);
        if (strcmp(c.call, "get_mempolicy") == 0 && res.r == 0) {
            if (!c.policy_out)
                field_long(&a->out, "policy", res.pol);
            if (!c.nodes.null && !c.nodes.bad) {
                memcpy(c.nodes.bits, res.out_mask, sizeof res.out_mask);
                /* A worker's get_mempolicy wrote its own copy: as far as maxnode reaches, bits may be set here now. */
                size_t written = c.maxnode / (8 * sizeof(long)) + 1;
                if (written > MASK_LONGS)
                    written = MASK_LONGS;
                if (written > c.nodes.words)
                    c.nodes.words = written;
                field_mask(&a->out, "nodes", &c.nodes, c.maxnode);
            }
        }
        if (res.have_status)
            field_ints(&a->out, "status", res.status, (size_t)c.pages);
        if (res.have_place)
            field_ints(&a->out, "pages", res.place, (size_t)placed_pages());
        if (c.backing == BACK_THP && res.thp_kb[0] >= 0 && res.thp_kb[1] >= 0) {
            int kb[2] = { (int)res.thp_kb[0], (int)res.thp_kb[1] };
            field_ints(&a->out, "thpKb", kb, 2);
        }
        else if (res.place_err != 0)
            field_long(&a->out, "placementErrno", res.place_err);
        if (own && c.backing == BACK_KSM) {
            int merged[2] = { (int)res.ksm.merged[0], (int)res.ksm.merged[1] };
            field_ints(&a->out, "ksm", merged, 2);
            field_str(&a->out, "ksmWait", ksm_wait_name(res.ksm.wait));
            field_long(&a->out, "ksmWaitMs", res.ksm.waited_ms);
            field_str(&a->out, "ksmCount", ksm_source_name(res.ksm.source));
        }
    }
    /* Leave nothing behind for the next case. Only set_mempolicy and a thread
     * prelude change the thread policy (an unprivileged case changed only its
     * worker's); a range policy is the range's, whoever set it. */
    if (c.uid < 0 && (c.tmode >= 0 || strcmp(c.call, "set_mempolicy") == 0))
        syscall(NR_SET_MEMPOLICY, MPOL_DEFAULT, NULL, 0UL);
    /* A shared policy belongs to the file, so a worker's mbind on it is the agent's too. */
    bool range_policy = strcmp(c.call, "mbind") == 0 || strcmp(c.call, "home_node") == 0 || c.vmode >= 0;
    if (file_len > 0)
        file_reset(range_policy);
    else if (mapped_here)
        arena_reset(range_policy);
    reply_end(&a->out, true);
}
