/* hmsabi-agent: buffered reply writer and JSON encoding. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"

/* A serial line or pipe may take only part of a buffer, and signals may
 * interrupt us: write everything or return the errno. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        p += w, n -= (size_t)w;
    }
    return 0;
}

int out_flush(struct out *o)
{
    if (o->err == 0 && o->len > 0)
        o->err = write_all(o->fd, o->buf, o->len);
    o->len = 0;
    return o->err;
}

static void out_bytes(struct out *o, const char *p, size_t n)
{
    if (n > sizeof o->buf - o->len)
        out_flush(o);
    if (n > sizeof o->buf) { /* too big to buffer: straight through */
        if (o->err == 0)
            o->err = write_all(o->fd, p, n);
        return;
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static void out_str(struct out *o, const char *s)
{
    out_bytes(o, s, strlen(s));
}

/* Bytes are taken as Latin-1: all but printable ASCII becomes \u00XX, so a
 * reply stays ASCII whatever a sysfs file or a program emits. */
static void out_json_string(struct out *o, const char *p, size_t n)
{
    size_t plain = 0; /* start of the stretch not yet written */
    out_str(o, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        char esc[8];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            continue;
        out_bytes(o, p + plain, i - plain);
        plain = i + 1;
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof esc, "\\%c", c);
        else
            snprintf(esc, sizeof esc, "\\u%04x", c);
        out_str(o, esc);
    }
    out_bytes(o, p + plain, n - plain);
    out_str(o, "\"");
}

/* Writes `,"k":` followed by raw JSON text. Keys are our own literals. */
static void field_raw(struct out *o, const char *k, const char *json)
{
    out_str(o, ",\"");
    out_str(o, k);
    out_str(o, "\":");
    out_str(o, json);
}

/* A long in decimal, written backwards into buf (at least 21 bytes) and
 * terminated; returns where it starts. What snprintf("%ld") writes, without
 * its cost: a mempolicy reply is mostly numbers, and thousands are sent per
 * second from an emulated CPU. */
static char *decimal(char *buf, size_t size, long v)
{
    char *p = buf + size - 1;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    *p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    return p;
}

void reply_begin(struct out *o, long id, const char *op)
{
    char num[24];
    out_str(o, "@hms {\"id\":");
    out_str(o, decimal(num, sizeof num, id));
    field_str(o, "op", op);
}

void field_bytes(struct out *o, const char *k, const char *val, size_t n)
{
    field_raw(o, k, "");
    out_json_string(o, val, n);
}

void field_str(struct out *o, const char *k, const char *val)
{
    field_bytes(o, k, val, strlen(val));
}

void field_long(struct out *o, const char *k, long val)
{
    char num[24];
    field_raw(o, k, decimal(num, sizeof num, val));
}

/* A JSON array of integers: `,"k":[1,-2,3]`. */
void field_ints(struct out *o, const char *k, const int *vals, size_t n)
{
    char num[24];
    field_raw(o, k, "[");
    for (size_t i = 0; i < n; i++) {
        char *d = decimal(num, sizeof num, vals[i]);
        if (i > 0)
            *--d = ',';
        out_str(o, d);
    }
    out_str(o, "]");
}

void field_bool(struct out *o, const char *k, bool val)
{
    field_raw(o, k, val ? "true" : "false");
}

/* Permission bits (with setuid/setgid/sticky) as 4-digit octal: "0644". */
void field_mode(struct out *o, unsigned mode)
{
    char s[8];
    snprintf(s, sizeof s, "%04o", mode & 07777);
    field_str(o, "mode", s);
}

/* strerrorname_np() is too new for some libcs, and these names are part of
 * the ABI we record; the table covers what sysfs, procfs and exec return. */
#define E(name) { name, #name }
static const struct { int num; const char *name; } errnos[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
    E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY),
    E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE),
    E(EMFILE), E(ENOTTY), E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS),
    E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOSYS),
    E(ENOTEMPTY), E(ELOOP), E(ENODATA), E(ETIME), E(EOVERFLOW), E(EILSEQ),
    E(EOPNOTSUPP), E(ETIMEDOUT), E(EHWPOISON),
    { 524, "ENOTSUPP" }, /* kernel-internal, but some drivers leak it */
};

void field_errno(struct out *o, int err)
{
    char name[16];
    snprintf(name, sizeof name, "E%d", err);
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
        if (errnos[i].num == err)
            snprintf(name, sizeof name, "%s", errnos[i].name);
    field_long(o, "errno", err);
    field_str(o, "error", name);
}

void reply_end(struct out *o, bool end)
{
    out_str(o, end ? ",\"end\":true}\n" : "}\n");
}

void reply_error(struct out *o, long id, const char *op, int err, const char *msg)
{
    reply_begin(o, id, op);
    field_errno(o, err);
    if (msg != NULL)
        field_str(o, "message", msg);
    reply_end(o, true);
}
