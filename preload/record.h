/*
 * record.h - the shim's trace recorder (HALLOC_PRELOAD_TRACE: record.c, record-file.c).
 *
 * Each recorded call is bracketed so that the allocation and its trace line
 * happen under one lock:
 *
 *   struct rec_call call = rec_begin();
 *   void *p = <the allocation>;
 *   rec_alloc(p, size);
 *   rec_end(call);
 *
 * Every function does nothing when HALLOC_PRELOAD_TRACE is unset, and the
 * rec_alloc/rec_free/rec_realloc calls ignore NULL (a failed call is not
 * recorded).
 */
#ifndef HALLOC_PRELOAD_RECORD_H
#define HALLOC_PRELOAD_RECORD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

void rec_start(void);            /* reads HALLOC_PRELOAD_TRACE; opens the file */
void rec_finish(const char *who); /* at exit (who: the call), flushes, writes the header */
void rec_before_fork(void);       /* pthread_atfork's three handlers: a forked */
void rec_after_fork_parent(void); /* child records into its own trace ("%p"), */
void rec_after_fork_child(void);  /* starting from the blocks it inherited */
/* "x.%p.log" -> "/dir/x.4242.log" (the process id; a relative path is taken
 * against the directory the shim loaded in: "x.4242.log" if that directory's
 * name does not fit in front, for rec_open_path); 0, or -1 if it does not fit.
 * An expanded path is opened with rec_open_path (open's arguments). */
int rec_expand_path(const char *pattern, char *out, size_t len);
int rec_open_path(const char *path, int flags, mode_t mode);
/* Removes the expanded path if it names the very file id is (not a link
 * to it, nor a file put there since); 0, or -1 (errno). */
struct shim_file_id;
int rec_unlink_path_of(const char *path, const struct shim_file_id *id);
int rec_path_has_pid(const char *pattern); /* has a "%p" escape */

/* The file a descriptor the shim opened refers to. A program may close every
 * descriptor above 2 (daemons, ssh) and open its own files, which then get the
 * same numbers: before writing, the shim checks the number still means its
 * file, or it would write into the program's. */
struct shim_file_id {
    dev_t dev;
    ino_t ino;
};
int shim_file_id_of(int fd, struct shim_file_id *out); /* 0, or -1 (errno) */
int shim_fd_still_is(int fd, const struct shim_file_id *id);
/* A descriptor the shim keeps, moved from the lowest free number (3, which
 * the program's own first open() expects) to the first free one from
 * SHIM_FD_FLOOR, close-on-exec; fd itself if it cannot move (a descriptor
 * limit below the floor), -1 if fd is -1. errno is kept. */
#define SHIM_FD_FLOOR 100
int shim_fd_out_of_the_way(int fd);

/* What rec_end restores: whether rec_begin took the lock, whether the call
 * is one a signal handler made inside this thread's own (not recorded), and
 * the thread's cancellation state before it. */
struct rec_call {
    int locked, nested, cancel_state;
};
#define REC_CALL_UNHELD ((struct rec_call){0, 0, PTHREAD_CANCEL_ENABLE})

/* Set while recording: at start; cleared at exit, on a failure, in a forked
 * child. Every entry point reads it first, inline: unset (the usual case),
 * a call pays one load and a predictable branch, not the recorder's calls
 * (bench/PROGRAMS.md "Where the shim's time goes"). The _when_on functions
 * check it again, and everything else, under the recorder's lock. */
extern atomic_int rec_on;

struct rec_call rec_begin_when_on(void);
void rec_end_held(struct rec_call call);
void rec_alloc_when_on(void *p, size_t size);
void rec_free_when_on(void *p);
void rec_free_null_when_on(void);
void rec_realloc_when_on(void *old, void *q, size_t size);

static inline int rec_maybe_on(void)
{
    return atomic_load_explicit(&rec_on, memory_order_relaxed) != 0;
}
static inline struct rec_call rec_begin(void)
{
    return rec_maybe_on() ? rec_begin_when_on() : REC_CALL_UNHELD;
}
static inline void rec_end(struct rec_call call)
{
    if (call.locked || call.nested)
        rec_end_held(call);
}
static inline void rec_alloc(void *p, size_t size) /* "a id size" */
{
    if (rec_maybe_on())
        rec_alloc_when_on(p, size);
}
static inline void rec_free(void *p) /* "f id" */
{
    if (rec_maybe_on())
        rec_free_when_on(p);
}
static inline void rec_free_null(void) /* "f -1"; brackets itself */
{
    if (rec_maybe_on())
        rec_free_null_when_on();
}
static inline void rec_realloc(void *old, void *q, size_t size) /* "r id size"; old NULL: "a" */
{
    if (rec_maybe_on())
        rec_realloc_when_on(old, q, size);
}

/* exec.c: the exec family makes the trace whole first (and takes that back
 * if the exec fails); the real functions are looked up at start, before any
 * vfork child could need them. */
void exec_resolve(void);
int rec_exec_prepare(void);      /* before an exec: 1 if rec_exec_failed must */
void rec_exec_failed(int held);  /* after one that returned: recording goes on */

#endif /* HALLOC_PRELOAD_RECORD_H */
