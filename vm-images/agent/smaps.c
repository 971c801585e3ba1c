/* hmsabi-agent: one field of /proc/self/smaps summed over the mappings that
 * lie inside a range (a policy on part of a range splits its mapping, so the
 * range may be several). Read with open/read, not stdio: an unprivileged
 * worker shares the agent's memory (mempolicy.c run_case_as_user), and one
 * that died inside stdio or malloc would leave their state half-changed for
 * the agent. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "smaps.h"

/* Handles one line; *inside says whether the last header line was a mapping
 * inside the range. */
static void smaps_line(const char *line, const char *field, uintptr_t base, uintptr_t end_of_range, bool *inside,
                       long *total, bool *seen)
{
    unsigned long start, end;
    long kb;
    size_t n = strlen(field);
    if (sscanf(line, "%lx-%lx ", &start, &end) == 2) /* a mapping's header line */
        *inside = start >= base && end <= end_of_range;
    else if (strncmp(line, field, n) == 0 && line[n] == ':' && sscanf(line + n + 1, " %ld kB", &kb) == 1) {
        *seen = true;
        if (*inside)
            *total += kb;
    }
}

long smaps_range_kb(uintptr_t base, size_t len, const char *field, bool *seen)
{
    static char buf[8192 + 1];
    *seen = false;
    int fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    bool inside = false;
    long total = 0;
    size_t have = 0;
    for (;;) {
        ssize_t got = read(fd, buf + have, sizeof buf - 1 - have);
        if (got < 0) {
            close(fd);
            return -1;
        }
        have += (size_t)got;
        buf[have] = '\0';
        char *line = buf;
        for (char *nl; (nl = memchr(line, '\n', have - (size_t)(line - buf))) != NULL; line = nl + 1) {
            *nl = '\0';
            smaps_line(line, field, base, base + len, &inside, &total, seen);
        }
        size_t left = have - (size_t)(line - buf);
        if (got == 0 || left == sizeof buf - 1) { /* the end, or a line longer than the buffer (none is) */
            if (left > 0)
                smaps_line(line, field, base, base + len, &inside, &total, seen);
            break;
        }
        memmove(buf, line, left);
        have = left;
    }
    close(fd);
    return total;
}
