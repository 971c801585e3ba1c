/* hmsabi-agent: the file ops: read, write, and tree (a deterministic walk
 * of a sysfs or procfs subtree). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

/* The value (or errno) of a readable file, as read and tree report it.
 * The buffer holds one byte more than a value may have: reading it tells
 * a value of exactly FILE_VALUE_MAX bytes from a longer, truncated one. */
static void field_value(struct agent *a, const char *path)
{
    /* O_NONBLOCK: a FIFO or tty named by mistake must not hang the agent;
     * sysfs and procfs attributes ignore it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    int err = fd < 0 ? errno : 0;
    ssize_t got = 1;
    size_t len = 0;
    while (err == 0 && got != 0 && len <= FILE_VALUE_MAX) {
        got = read(fd, a->file_buf + len, FILE_VALUE_MAX + 1 - len);
        if (got < 0 && errno != EINTR)
            err = errno;
        len += got > 0 ? (size_t)got : 0;
    }
    if (fd >= 0)
        close(fd);
    if (err != 0) {
        field_errno(&a->out, err);
        return;
    }
    field_bytes(&a->out, "value", a->file_buf, len > FILE_VALUE_MAX ? FILE_VALUE_MAX : len);
    field_bool(&a->out, "truncated", len > FILE_VALUE_MAX);
}

void op_read(struct agent *a, long id, char **args, int nargs)
{
    struct stat st;
    (void)nargs;
    reply_begin(&a->out, id, "read");
    field_str(&a->out, "path", args[0]);
    if (stat(args[0], &st) != 0) {
        field_errno(&a->out, errno);
    } else {
        field_mode(&a->out, st.st_mode);
        field_value(a, args[0]);
    }
    reply_end(&a->out, true);
}

/* No O_CREAT: a missing attribute must show up as ENOENT, not as a new
 * file. The whole value goes in one write() where the kernel allows, as a
 * sysfs store() parses each write() on its own. */
static int write_file(const char *path, const char *val, size_t n)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
    int err = fd < 0 ? errno : 0;
    while (err == 0 && n > 0) {
        ssize_t w = write(fd, val, n);
        if (w < 0 && errno != EINTR)
            err = errno;
        else if (w == 0)
            err = EIO;
        else if (w > 0)
            val += w, n -= (size_t)w;
    }
    if (fd >= 0 && close(fd) != 0 && err == 0 && errno != EINTR)
        err = errno;
    return err;
}

void op_write(struct agent *a, long id, char **args, int nargs)
{
    int err = write_file(args[0], args[1], strlen(args[1]));
    (void)nargs;
    reply_begin(&a->out, id, "write");
    field_str(&a->out, "path", args[0]);
    if (err != 0)
        field_errno(&a->out, err);
    else
        field_bool(&a->out, "ok", true);
    reply_end(&a->out, true);
}

#define DEFAULT_DEPTH 16
#define MAX_DEPTH 4096 /* more than PATH_MAX leaves room for */

struct walk {
    struct agent *a;
    long id, count;
    int maxdepth;
    /* Every directory we descend into had an lstat-able path (< PATH_MAX),
     * so parent + "/" + name fits; lstat then reports ENAMETOOLONG. */
    char path[PATH_MAX + NAME_MAX + 2];
};

static int skip_dots(const struct dirent *d)
{
    return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/* Byte order, not the locale's: snapshots are compared across runs. */
static int by_name(const struct dirent **x, const struct dirent **y)
{
    return strcmp((*x)->d_name, (*y)->d_name);
}

static void entry_begin(struct walk *w, const char *type)
{
    reply_begin(&w->a->out, w->id, "entry");
    field_str(&w->a->out, "path", w->path);
    if (type != NULL)
        field_str(&w->a->out, "type", type);
    w->count++;
}

/* n names below w->path at this depth (0 at the depth bound), or -1. */
static int list(struct walk *w, int depth, struct dirent ***names)
{
    *names = NULL;
    return depth < w->maxdepth ? scandir(w->path, names, skip_dots, by_name) : 0;
}

static void visit(struct walk *w, size_t plen, int depth);

/* Visits the n names below w->path (of length plen), then frees them. */
static void visit_children(struct walk *w, size_t plen, struct dirent **names, int n, int depth)
{
    size_t base = strcmp(w->path, "/") == 0 ? 0 : plen; /* "/x", not "//x" */
    for (int i = 0; i < n; i++) {
        size_t nlen = strlen(names[i]->d_name);
        w->path[base] = '/';
        memcpy(w->path + base + 1, names[i]->d_name, nlen + 1);
        if (w->a->out.err == 0) /* host gone: just free the rest */
            visit(w, base + 1 + nlen, depth);
        free(names[i]);
    }
    w->path[plen] = '\0';
    free(names); /* NULL, or scandir's array (even when empty) */
}

/* Pre-order: a directory's entry, then its children. A directory at the
 * depth bound is reported but not listed. */
static void entry_dir(struct walk *w, mode_t mode, size_t plen, int depth)
{
    struct dirent **names;
    int n = list(w, depth, &names);
    entry_begin(w, "dir");
    field_mode(&w->a->out, mode);
    if (n < 0)
        field_errno(&w->a->out, errno);
    reply_end(&w->a->out, false);
    visit_children(w, plen, names, n, depth + 1);
}

/* Reports w->path (of length plen), which lies depth levels below the top.
 * Symbolic links are reported, never followed. */
static void visit(struct walk *w, size_t plen, int depth)
{
    struct out *o = &w->a->out;
    struct stat st;
    char target[PATH_MAX];
    ssize_t tlen;
    int err = lstat(w->path, &st) != 0 ? errno : 0;
    if (err == 0 && S_ISDIR(st.st_mode)) {
        entry_dir(w, st.st_mode, plen, depth);
        return;
    }
    if (err != 0) {
        entry_begin(w, NULL);
        field_errno(o, err);
    } else if (S_ISLNK(st.st_mode)) {
        entry_begin(w, "link");
        if ((tlen = readlink(w->path, target, sizeof target)) < 0)
            field_errno(o, errno);
        else
            field_bytes(o, "target", target, (size_t)tlen);
    } else if (S_ISREG(st.st_mode)) {
        entry_begin(w, "file");
        field_mode(o, st.st_mode);
        /* Without a read bit, open() fails for users and succeeds only by
         * root's override, so the result says nothing about the ABI; and a
         * write-only attribute may act on open. */
        if ((st.st_mode & 0444) != 0)
            field_value(w->a, w->path);
    } else { /* device, FIFO, socket: never opened */
        entry_begin(w, "other");
        field_mode(o, st.st_mode);
    }
    reply_end(o, false);
}

static int parse_depth(const char *s)
{
    char *end;
    long v = *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : -1;
    return v >= 0 && *end == '\0' && v <= MAX_DEPTH ? (int)v : -1;
}

/* Sets up w->path from the top path; 0 or the errno for "done". The top
 * path itself is followed: /sys/bus/node/devices/node0 is a link to the
 * directory the caller means. */
static int tree_top(struct walk *w, const char *top)
{
    struct stat st;
    size_t len = strlen(top);
    while (len > 1 && top[len - 1] == '/')
        len--; /* "d/" and "d" give the same entry paths */
    if (len >= PATH_MAX)
        return ENAMETOOLONG;
    memcpy(w->path, top, len);
    w->path[len] = '\0';
    if (stat(w->path, &st) != 0)
        return errno;
    return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

void op_tree(struct agent *a, long id, char **args, int nargs)
{
    struct walk w = { .a = a, .id = id, .maxdepth = DEFAULT_DEPTH };
    struct dirent **names = NULL;
    int n = 0;
    bool bad_depth = nargs > 1 && (w.maxdepth = parse_depth(args[1])) < 0;
    int err = bad_depth ? EINVAL : tree_top(&w, args[0]);
    if (err == 0 && (n = list(&w, 0, &names)) < 0)
        err = errno;
    if (err == 0)
        visit_children(&w, strlen(w.path), names, n, 1);
    reply_begin(&a->out, id, "done");
    field_long(&a->out, "count", w.count);
    if (err != 0)
        field_errno(&a->out, err);
    reply_end(&a->out, true);
}
