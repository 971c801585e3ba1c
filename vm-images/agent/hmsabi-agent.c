/* hmsabi-agent: answers hmsabi harness requests over one byte stream.
 *
 * Runs as PID 1 in the test guest (so it must never exit there: it powers
 * the machine off instead) or on a host for tests with "-" (stdin/stdout).
 * The wire format is in PROTOCOL.md. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#define LINE_MAX_BYTES (64 * 1024) /* a request line, newline included */
#define MAX_FIELDS 4096

/* Ends the agent: off PID 1 with an exit code; as PID 1 (which must never
 * exit: that panics the kernel) by powering off. Sync first: a driver
 * validation may have written something the host wants to see. */
static void finish(struct agent *a, int code)
{
    out_flush(&a->out);
    if (!a->pid1)
        exit(code);
    if (isatty(a->out.fd))
        tcdrain(a->out.fd); /* let the last reply leave the UART */
    sync();
    reboot(RB_POWER_OFF);
    for (;;)
        pause();
}

/* The unsolicited greeting (id 0) and the hello op. */
static void op_hello(struct agent *a, long id, char **args, int nargs)
{
    struct utsname u = { 0 };
    (void)args, (void)nargs;
    uname(&u);
    reply_begin(&a->out, id, "hello");
    field_str(&a->out, "agent", "hmsabi-agent");
    field_long(&a->out, "protocol", 2);
    field_str(&a->out, "release", u.release);
    field_str(&a->out, "machine", u.machine);
    field_str(&a->out, "transport", a->transport);
    reply_end(&a->out, true);
}

static void op_poweroff(struct agent *a, long id, char **args, int nargs)
{
    (void)args, (void)nargs;
    reply_begin(&a->out, id, "poweroff");
    field_bool(&a->out, "ok", true);
    reply_end(&a->out, true);
    finish(a, 0);
}

static const struct op {
    const char *name;
    const char *reply_op; /* op of the final reply (tree ends with "done") */
    int min_args, max_args;
    op_fn *fn;
} ops[] = {
    { "hello", "hello", 0, 0, op_hello },
    { "read", "read", 1, 1, op_read },
    { "tree", "done", 1, 2, op_tree },
    { "write", "write", 2, 2, op_write },
    { "run", "run", 1, MAX_FIELDS - 1, op_run },
    { "poweroff", "poweroff", 0, 0, op_poweroff },
    { "mempolicy", "mempolicy", 1, 32, op_mempolicy },
    { "hugetlb-race", "hugetlb-race", 1, 4, op_hugetlb_race },
};

/* Request IDs are 1 .. 2^31-1, plain decimal; anything else is garbage. */
static long parse_id(const char *s)
{
    char *end;
    long v = *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : -1;
    return v > 0 && v <= INT_MAX && *end == '\0' ? v : -1;
}

static void handle_line(struct agent *a, char *line, size_t n)
{
    char *f[MAX_FIELDS + 3]; /* id, op, args, NULL */
    int nf = 0;
    if (n == 0)
        return; /* blank lines carry nothing; a host may send them to resync */
    /* Line noise may bring NUL bytes, which C strings would silently cut
     * at; where the ID before them is intact, the request gets an error. */
    char *nul = memchr(line, '\0', n);
    bool id_cut = nul != NULL && (size_t)(nul - line) == strcspn(line, "\t");
    /* Past MAX_FIELDS args the rest stays in the last field; that count
     * exceeds every op's max_args, so such a line gets EINVAL. */
    for (char *p = line; p != NULL; nf++) {
        f[nf] = p;
        p = nf < MAX_FIELDS + 1 ? strchr(p, '\t') : NULL;
        if (p != NULL)
            *p++ = '\0';
    }
    long id = id_cut ? -1 : parse_id(f[0]);
    if (id < 0 || nul != NULL) {
        reply_error(&a->out, id < 0 ? 0 : id, "error", EINVAL,
                    id < 0 ? "bad request id" : "NUL byte in request");
        return;
    }
    if (nf < 2) {
        reply_error(&a->out, id, "", EINVAL, "missing op");
        return;
    }
    f[nf] = NULL;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(ops[i].name, f[1]) != 0)
            continue;
        int nargs = nf - 2;
        if (nargs < ops[i].min_args || nargs > ops[i].max_args)
            reply_error(&a->out, id, ops[i].reply_op, EINVAL, "wrong number of arguments");
        else
            ops[i].fn(a, id, f + 2, nargs);
        return;
    }
    reply_error(&a->out, id, f[1], EINVAL, "unknown op");
}

/* Pipes and the device must never land on fds 0-2: run's dup2() onto them
 * would go wrong, and a child's output would leak into the protocol. */
static void ensure_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0)
            return;
}

/* Raw (cfmakeraw also sets VMIN 1, VTIME 0), no flow control, modem lines
 * ignored. 115200 because the emulated UART's receive timeout interrupt
 * scales with the character time. */
static void make_raw(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0)
        return;
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(tcflag_t)CRTSCTS;
    t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    cfsetspeed(&t, B115200);
    if (tcsetattr(fd, TCSANOW, &t) != 0)
        perror("hmsabi-agent: tcsetattr");
}

/* O_NONBLOCK only for the open: a tty without CLOCAL would block waiting
 * for carrier. As PID 1 the node may still be appearing in devtmpfs. */
static int open_device(const char *path, bool pid1)
{
    for (int tries = pid1 ? 100 : 1; tries > 0; tries--) {
        int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (fd >= 0) {
            if (isatty(fd))
                make_raw(fd);
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            return fd;
        }
        if (errno != ENOENT || tries == 1)
            break;
        nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
    }
    fprintf(stderr, "hmsabi-agent: %s: %s\n", path, strerror(errno));
    return -1;
}

/* Memory that a policy leaves to local allocation lands on the node of the CPU
 * that touches it. Pinned to CPU 0, the agent touches from the same node on
 * every run, so such placements are deterministic and snapshots repeatable.
 * Best effort: a host without CPU 0 in its set (tests) just runs unpinned. */
static void pin_to_first_cpu(void)
{
    cpu_set_t first;
    CPU_ZERO(&first);
    CPU_SET(0, &first);
    (void)sched_setaffinity(0, sizeof first, &first);
}

/* After the requests of one read: their replies go out in one write (a batch
 * of thousands of small requests would otherwise cost a write each, which is
 * slow on an emulated device), and orphans that PID 1 inherited (from run's
 * background children) are reaped. Called before the agent blocks in read(),
 * so no reply ever waits for more input. */
static void reap_orphans(struct agent *a)
{
    if (!a->may_have_children)
        return; /* no system call per request when there is nothing to reap */
    pid_t r;
    while ((r = waitpid(-1, NULL, WNOHANG)) > 0)
        ;
    if (r < 0 && errno == ECHILD)
        a->may_have_children = false;
}

static void request_done(struct agent *a)
{
    if (out_flush(&a->out) != 0) {
        fprintf(stderr, "hmsabi-agent: write: %s\n", strerror(a->out.err));
        finish(a, 1);
    }
    reap_orphans(a);
}

/* Splits the stream into request lines. An over-long line is answered once
 * (id 0) and skipped through its newline. Never returns. */
static void serve(struct agent *a, int fd)
{
    char buf[LINE_MAX_BYTES + 1]; /* +1: room to terminate a last line */
    size_t len = 0;
    bool skipping = false;
    for (;;) {
        ssize_t got = read(fd, buf + len, LINE_MAX_BYTES - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            perror("hmsabi-agent: read");
            finish(a, 1);
        }
        if (got == 0 && len > 0 && !skipping) { /* a last line without \n */
            buf[len] = '\0';
            handle_line(a, buf, len);
            request_done(a);
        }
        if (got == 0)
            finish(a, 0);
        size_t start = 0, end = len + (size_t)got;
        bool handled = false;
        for (char *nl; (nl = memchr(buf + start, '\n', end - start)) != NULL;) {
            *nl = '\0';
            if (!skipping) {
                handle_line(a, buf + start, (size_t)(nl - buf) - start);
                reap_orphans(a); /* before the next request looks at processes */
                handled = true;
            }
            skipping = false;
            start = (size_t)(nl - buf) + 1;
        }
        if (handled)
            request_done(a);
        len = end - start;
        memmove(buf, buf + start, len);
        if (len == LINE_MAX_BYTES) {
            if (!skipping) {
                reply_error(&a->out, 0, "error", E2BIG, "request line too long");
                request_done(a);
            }
            skipping = true;
            len = 0;
        }
    }
}

int main(int argc, char **argv)
{
    static struct agent a; /* static: zeroed, and holds 64 KiB of buffer */
    a.pid1 = getpid() == 1;
    a.may_have_children = true;
    signal(SIGPIPE, SIG_IGN); /* a vanished host shows up as EPIPE instead */
    ensure_std_fds();
    pin_to_first_cpu();
    if (argc != 2) {
        fprintf(stderr, "usage: hmsabi-agent DEVICE|-\n");
        finish(&a, 2);
    }
    int fd_in = 0, fd_out = 1;
    a.transport = "stdio";
    if (strcmp(argv[1], "-") != 0) {
        fd_in = fd_out = open_device(argv[1], a.pid1);
        if (fd_in < 0)
            finish(&a, 2);
        const char *slash = strrchr(argv[1], '/');
        a.transport = slash != NULL ? slash + 1 : argv[1];
    }
    a.out.fd = fd_out;
    const char *t = getenv("HMSABI_RUN_TIMEOUT"); /* seconds, for tests */
    a.run_timeout_s = t != NULL && atoi(t) > 0 ? atoi(t) : 30;
    a.file_buf = malloc(FILE_VALUE_MAX + 1);
    a.run_buf = malloc(RUN_OUTPUT_MAX);
    if (a.file_buf == NULL || a.run_buf == NULL) {
        fprintf(stderr, "hmsabi-agent: out of memory\n");
        finish(&a, 1);
    }
    op_hello(&a, 0, NULL, 0);
    if (out_flush(&a.out) != 0)
        finish(&a, 1);
    serve(&a, fd_in);
}
