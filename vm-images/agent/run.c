/* hmsabi-agent: the run op, one program with bounded output and time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "agent.h"

struct collected {
    size_t len;
    bool truncated;
    bool timed_out;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: its own process group (so a timeout kills what it spawned),
 * default SIGPIPE (ignored dispositions survive exec), stdin from /dev/null
 * (in stdio mode fd 0 is our request stream), stdout+stderr to the pipe.
 * An exec failure travels back as an errno over the close-on-exec pipe. */
static void child_exec(char **argv, int out_fd, int err_fd)
{
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0)
        close(0);
    else if (null != 0)
        dup2(null, 0), close(null);
    dup2(out_fd, 1);
    dup2(out_fd, 2);
    execv(argv[0], argv);
    int e = errno;
    ssize_t ignored = write(err_fd, &e, sizeof e);
    (void)ignored;
    _exit(127);
}

/* Reads until every writer closed the pipe or the deadline passed. Past
 * the bound the output is drained and dropped, so the child never blocks
 * on a full pipe. On timeout the child's whole process group is killed. */
static void collect(int fd, pid_t pid, char *buf, int timeout_s, struct collected *c)
{
    long long deadline = now_ms() + timeout_s * 1000LL;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL); /* in case it left its group */
            c->timed_out = true;
            return;
        }
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, (int)left) <= 0)
            continue; /* EINTR or timeout: the loop re-checks the clock */
        char sink[4096];
        bool full = c->len == RUN_OUTPUT_MAX;
        ssize_t n = full ? read(fd, sink, sizeof sink)
                         : read(fd, buf + c->len, RUN_OUTPUT_MAX - c->len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return;
        if (full)
            c->truncated = true;
        else
            c->len += (size_t)n;
    }
}

/* Exit code, or 128 + signal as a shell reports it. */
static int wait_status(pid_t pid)
{
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* Starts argv[0] with its output on *out_fd; 0 or the errno of pipe, fork
 * or exec (a child whose exec failed is reaped here). */
static int spawn(char **argv, pid_t *pid, int *out_fd)
{
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return errno;
    if (pipe2(err, O_CLOEXEC) != 0) {
        int e = errno;
        close(out[0]), close(out[1]);
        return e;
    }
    *pid = fork();
    if (*pid == 0)
        child_exec(argv, out[1], err[1]);
    int e = *pid < 0 ? errno : 0;
    close(out[1]), close(err[1]); /* else the read below would never end */
    if (*pid > 0) {
        ssize_t n;
        while ((n = read(err[0], &e, sizeof e)) < 0 && errno == EINTR)
            ;
        if (n != (ssize_t)sizeof e)
            e = 0; /* closed empty: the exec succeeded */
        else
            wait_status(*pid);
    }
    close(err[0]);
    if (e != 0)
        close(out[0]);
    *out_fd = out[0];
    return e;
}

void op_run(struct agent *a, long id, char **args, int nargs)
{
    struct collected c = { 0 };
    pid_t pid = -1;
    int fd = -1;
    (void)nargs;
    if (args[0][0] != '/') {
        reply_error(&a->out, id, "run", EINVAL, "program must be an absolute path");
        return;
    }
    a->may_have_children = true; /* the program's background children outlive it */
    int err = spawn(args, &pid, &fd);
    if (err != 0) {
        reply_error(&a->out, id, "run", err, NULL);
        return;
    }
    collect(fd, pid, a->run_buf, a->run_timeout_s, &c);
    close(fd);
    int status = wait_status(pid);
    reply_begin(&a->out, id, "run");
    field_long(&a->out, "status", status);
    field_bytes(&a->out, "output", a->run_buf, c.len);
    field_bool(&a->out, "truncated", c.truncated);
    field_bool(&a->out, "timeout", c.timed_out);
    reply_end(&a->out, true);
}
