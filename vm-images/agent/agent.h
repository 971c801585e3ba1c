/* hmsabi-agent: shared declarations. The wire format is in PROTOCOL.md. */
#ifndef HMSABI_AGENT_H
#define HMSABI_AGENT_H

#include <stdbool.h>
#include <stddef.h>

#define FILE_VALUE_MAX (256 * 1024)  /* read/tree: bytes of a value sent */
#define RUN_OUTPUT_MAX (1024 * 1024) /* run: bytes of output sent */

/* Buffered reply writer. An error is sticky: the host is gone, so later
 * writes are dropped and the request loop ends the agent. */
struct out {
    int fd, err;
    size_t len;
    char buf[64 * 1024];
};

/* What request handlers share; a single instance lives in main(). */
struct agent {
    struct out out;
    bool pid1;
    /* Whether the agent may have a child to reap: PID 1 inherits whatever
     * init left running, and run's programs may leave background children.
     * Cleared once waitpid() says there are none; set again by run. */
    bool may_have_children;
    const char *transport; /* the hello's "transport" */
    int run_timeout_s;
    char *file_buf; /* FILE_VALUE_MAX + 1 bytes, for read and tree */
    char *run_buf;  /* RUN_OUTPUT_MAX bytes, for run */
};

/* json.c: the writer and the pieces replies are made of. */
int out_flush(struct out *o);
void reply_begin(struct out *o, long id, const char *op);
void field_str(struct out *o, const char *key, const char *val);
void field_bytes(struct out *o, const char *key, const char *val, size_t n);
void field_long(struct out *o, const char *key, long val);
void field_bool(struct out *o, const char *key, bool val);
void field_ints(struct out *o, const char *key, const int *vals, size_t n);
void field_mode(struct out *o, unsigned mode);
void field_errno(struct out *o, int err);
void reply_end(struct out *o, bool end);
void reply_error(struct out *o, long id, const char *op, int err, const char *msg);

/* Request handlers. args are the fields after the op, NULL-terminated;
 * the dispatcher has checked that nargs suits the op. */
typedef void op_fn(struct agent *a, long id, char **args, int nargs);
op_fn op_read, op_write, op_tree; /* files.c */
op_fn op_run;                     /* run.c */
op_fn op_mempolicy;               /* mempolicy.c */
op_fn op_hugetlb_race;            /* race.c */

#endif
