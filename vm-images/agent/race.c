/* hmsabi-agent: the hugetlb-race op, LTP's move_pages12 as one bounded
 * request. A second process (a fork of the agent) maps 2 MiB hugetlb pages,
 * writes them and unmaps them again, round after round (optionally
 * soft-offlining them first), while the agent moves every base page of that
 * range back and forth between two nodes with move_pages(MPOL_MF_MOVE_ALL).
 * The kernel bugs this provokes are crashes, oopses and SIGBUS in the second
 * process; the reply counts what each side saw. The form is in PROTOCOL.md. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "sigbus.h"

#define NR_MOVE_PAGES 279
#define MF_MOVE_ALL 4
#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif
#define BASE_PAGE 4096UL
#define HUGE (2UL << 20)
#define MAX_RACE_PAGES 8   /* huge pages per round: 4096 base-page addresses */
#define MAX_RACE_MS 10000  /* the longest race one request may ask for */
#define FINISH_MS 10000    /* how long the second process may take to report */
/* Where the second process maps its range: 2 MiB aligned, between the
 * mempolicy op's alias mapping (0x108000000000) and its unmapped address
 * (0x110000000000), where nothing else is mapped. */
#define RACE_BASE ((uintptr_t)0x10c000000000ULL)
#define MAX_VALUES 32      /* distinct statuses or errnos counted one by one */

/* A count per distinct value (a status, or an errno); values past MAX_VALUES
 * distinct ones are counted in other. */
struct tally {
    int n;
    int values[MAX_VALUES], counts[MAX_VALUES];
    int other;
};

static void tally_add(struct tally *t, int value, int count)
{
    for (int i = 0; i < t->n; i++)
        if (t->values[i] == value) {
            t->counts[i] += count;
            return;
        }
    if (t->n == MAX_VALUES) {
        t->other += count;
        return;
    }
    /* Kept in ascending order, so the reply is the same for the same counts. */
    int i = t->n++;
    for (; i > 0 && t->values[i - 1] > value; i--) {
        t->values[i] = t->values[i - 1];
        t->counts[i] = t->counts[i - 1];
    }
    t->values[i] = value;
    t->counts[i] = count;
}

static void field_tally(struct out *o, const char *values, const char *counts, const struct tally *t)
{
    field_ints(o, values, t->values, (size_t)t->n);
    field_ints(o, counts, t->counts, (size_t)t->n);
}

/* What the second process sends back when it stops. */
struct mapper_counts {
    long rounds;             /* ranges mapped and written */
    long sigbus;             /* writes that faulted with SIGBUS */
    struct tally map_errors; /* mmap's errnos */
    struct tally offline;    /* MADV_SOFT_OFFLINE: 0 or the errno, per round */
};

static struct {
    int a, b;
    long ms, pages;
    bool offline;
} race;

static bool parse_num(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Fills race from key=value args; returns the offending arg, or NULL. */
static const char *parse_race(char **args, int nargs)
{
    bool nodes = false;
    race.ms = 1000;
    race.pages = 2;
    race.offline = false;
    for (int i = 0; i < nargs; i++) {
        const char *arg = args[i], *val = strchr(arg, '=');
        if (val == NULL)
            return arg;
        val++;
        size_t klen = (size_t)(val - 1 - arg);
        long a, b;
        char *comma;
        bool ok;
        if (klen == 5 && strncmp(arg, "nodes", 5) == 0) {
            a = strtol(val, &comma, 10);
            ok = comma != val && *comma == ',' && a >= 0 && a < 65536 &&
                 parse_num(comma + 1, 0, 65535, &b);
            if (ok) {
                race.a = (int)a;
                race.b = (int)b;
                nodes = true;
            }
        } else if (klen == 2 && strncmp(arg, "ms", 2) == 0)
            ok = parse_num(val, 1, MAX_RACE_MS, &race.ms);
        else if (klen == 5 && strncmp(arg, "pages", 5) == 0)
            ok = parse_num(val, 1, MAX_RACE_PAGES, &race.pages);
        else if (klen == 7 && strncmp(arg, "offline", 7) == 0)
            ok = parse_num(val, 0, 1, &a) && ((race.offline = a == 1), true);
        else
            ok = false;
        if (!ok)
            return arg;
    }
    return nodes ? NULL : "nodes";
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Writes one byte to each huge page (its fault takes a page from the pool);
 * a SIGBUS there (hugetlb migration/fault race, LTP's move_pages12 test 2.2)
 * is counted, not fatal. */
static void write_page(struct mapper_counts *m, uintptr_t addr)
{
    if (!sigbus_write(addr))
        m->sigbus++;
}

static void write_range(struct mapper_counts *m)
{
    for (long i = 0; i < race.pages; i++)
        write_page(m, RACE_BASE + (uintptr_t)i * HUGE);
}

static bool stop_asked(int stop_fd)
{
    struct pollfd p = { .fd = stop_fd, .events = POLLIN };
    return poll(&p, 1, 0) != 0;
}

/* The second process: map, write, (soft-offline,) unmap until the agent
 * closes stop_fd (or, should it never, its own deadline), then send the
 * counts. It says it is ready after its first round, or sends 'e' and the
 * errno when not even the first range could be mapped. */
static void mapper(int ready_fd, int stop_fd, int res_fd)
{
    static struct mapper_counts m;
    sigbus_catch();
    /* The agent keeps itself on CPU 0; this process may run on any CPU, so
     * that the two really run at once where the guest has more than one. */
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        CPU_SET(cpu, &all);
    (void)sched_setaffinity(0, sizeof all, &all);
    size_t len = (size_t)race.pages * HUGE;
    long give_up = now_ms() + race.ms + FINISH_MS;
    bool first = true;
    while (first || (!stop_asked(stop_fd) && now_ms() < give_up)) {
        void *p = mmap((void *)RACE_BASE, len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_FIXED_NOREPLACE, -1, 0);
        int err = p == MAP_FAILED ? errno : (uintptr_t)p != RACE_BASE ? EEXIST : 0;
        if (err != 0) {
            if (p != MAP_FAILED)
                munmap(p, len);
            if (first) {
                char msg[1 + sizeof err] = { 'e' };
                memcpy(msg + 1, &err, sizeof err);
                _exit(write(ready_fd, msg, sizeof msg) == (ssize_t)sizeof msg ? 0 : 1);
            }
            tally_add(&m.map_errors, err, 1);
            usleep(1000); /* as LTP: the pool is short while pages are being moved */
            continue;
        }
        write_range(&m);
        if (race.offline)
            tally_add(&m.offline, madvise(p, len, MADV_SOFT_OFFLINE) == 0 ? 0 : errno, 1);
        munmap(p, len);
        m.rounds++;
        if (first && write(ready_fd, "r", 1) != 1)
            _exit(1);
        first = false;
    }
    _exit(write(res_fd, &m, sizeof m) == (ssize_t)sizeof m ? 0 : 1);
}

static void *race_ptrs[MAX_RACE_PAGES * (HUGE / BASE_PAGE)];
static int race_nodes[MAX_RACE_PAGES * (HUGE / BASE_PAGE)], race_status[MAX_RACE_PAGES * (HUGE / BASE_PAGE)];

/* What the agent saw of its moves. */
struct mover_counts {
    long moves, not_moved, unset, ms;
    struct tally status, errors;
};

/* move_pages(pid, every base page of the range, A then B then A ..., MOVE_ALL)
 * until ms have passed, as LTP's move_pages12 child does to its parent. */
static void move_for(pid_t pid, struct mover_counts *mv)
{
    long n = race.pages * (long)(HUGE / BASE_PAGE);
    for (long i = 0; i < n; i++)
        race_ptrs[i] = (void *)(RACE_BASE + (uintptr_t)i * BASE_PAGE);
    long start = now_ms(), end = start + race.ms;
    for (long k = 0; now_ms() < end; k++) {
        int target = k % 2 == 0 ? race.a : race.b;
        for (long i = 0; i < n; i++) {
            race_nodes[i] = target;
            race_status[i] = INT_MIN;
        }
        long r = syscall(NR_MOVE_PAGES, pid, n, race_ptrs, race_nodes, race_status, MF_MOVE_ALL);
        int err = errno;
        mv->moves++;
        if (r < 0)
            tally_add(&mv->errors, err, 1);
        else
            mv->not_moved += r;
        for (long i = 0; i < n; i++) {
            if (race_status[i] == INT_MIN)
                mv->unset++;
            else
                tally_add(&mv->status, race_status[i], 1);
        }
        if (r < 0 && err == ESRCH)
            break; /* the second process is gone: nothing left to race with */
    }
    mv->ms = now_ms() - start;
}

/* Reads exactly n bytes from fd within ms: READ_OK, READ_END (end of file or
 * an error: the writer is gone) or READ_LATE (the time limit). */
enum { READ_OK, READ_END, READ_LATE };

static int read_within(int fd, void *buf, size_t n, long ms)
{
    long end = now_ms() + ms;
    size_t got = 0;
    while (got < n) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        long left = end - now_ms();
        int ready = left > 0 ? poll(&p, 1, (int)left) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0)
            return READ_LATE;
        ssize_t r = ready < 0 ? -1 : read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return READ_END;
        got += (size_t)r;
    }
    return READ_OK;
}

static void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

void op_hugetlb_race(struct agent *a, long id, char **args, int nargs)
{
    struct out *o = &a->out;
    const char *bad = parse_race(args, nargs);
    reply_begin(o, id, "hugetlb-race");
    if (bad != NULL) {
        field_errno(o, EINVAL);
        field_str(o, "message", "bad argument");
        field_str(o, "arg", bad);
        reply_end(o, true);
        return;
    }
    /* ready, stop and result pipes: [0] read end, [1] write end. */
    int fds[6] = { -1, -1, -1, -1, -1, -1 };
    for (int i = 0; i < 3; i++)
        if (pipe2(fds + 2 * i, O_CLOEXEC) != 0) {
            field_errno(o, errno);
            field_str(o, "message", "agent could not start its second process");
            close_all(fds, 6);
            reply_end(o, true);
            return;
        }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]), close(fds[3]), close(fds[4]);
        mapper(fds[1], fds[2], fds[5]);
    }
    close(fds[1]), close(fds[2]), close(fds[5]);
    fds[1] = fds[2] = fds[5] = -1;
    if (pid < 0) {
        field_errno(o, errno);
        field_str(o, "message", "agent could not start its second process");
        close_all(fds, 6);
        reply_end(o, true);
        return;
    }
    static struct mover_counts mv;
    static struct mapper_counts m;
    memset(&mv, 0, sizeof mv);
    memset(&m, 0, sizeof m);
    char ready[1 + sizeof(int)];
    int got = read_within(fds[0], ready, 1, FINISH_MS);
    bool started = got == READ_OK && ready[0] == 'r', finished = false;
    int first_err = 0;
    if (got == READ_OK && ready[0] == 'e' && read_within(fds[0], ready + 1, sizeof(int), FINISH_MS) == READ_OK)
        memcpy(&first_err, ready + 1, sizeof first_err);
    if (started) {
        move_for(pid, &mv);
        close(fds[3]); /* stop */
        fds[3] = -1;
        got = read_within(fds[4], &m, sizeof m, FINISH_MS);
        finished = got == READ_OK;
    }
    /* A second process that is late is killed; one that is done or died is
     * only reaped: the agent is PID 1 in the guest and leaves none behind. */
    if (got == READ_LATE)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    close_all(fds, 6);
    if (first_err != 0) {
        field_errno(o, first_err);
        field_str(o, "message", first_err == ENOMEM ? "no huge page available" : "agent could not map its range");
    } else if (!finished && got == READ_LATE) {
        field_errno(o, ETIMEDOUT);
        field_str(o, "message", started ? "agent's second process did not finish" : "agent's second process was not ready");
    } else if (!finished) {
        field_errno(o, ECHILD);
        field_str(o, "message", started ? "agent's second process died" : "agent's second process died before it was ready");
    }
    if (first_err == 0 && WIFSIGNALED(status))
        field_long(o, "signal", WTERMSIG(status));
    if (started) {
        field_long(o, "ms", mv.ms);
        field_long(o, "moves", mv.moves);
        field_long(o, "notMoved", mv.not_moved);
        field_tally(o, "statusValues", "statusCounts", &mv.status);
        field_long(o, "statusOther", mv.status.other);
        field_long(o, "statusUnset", mv.unset);
        field_tally(o, "errnoValues", "errnoCounts", &mv.errors);
    }
    if (finished) {
        field_long(o, "rounds", m.rounds);
        field_long(o, "sigbus", m.sigbus);
        field_tally(o, "mapErrnoValues", "mapErrnoCounts", &m.map_errors);
        if (race.offline)
            field_tally(o, "offlineValues", "offlineCounts", &m.offline);
    }
    reply_end(o, true);
}
