/*
 * record-state.h - what the recorder's two halves share (not for the rest of
 * the shim, which uses record.h): record.c writes the calls' lines into the
 * buffer, record-file.c keeps the trace file whole across the process's life
 * (start, fork, exec, exit). Every symbol here is hidden in the shim
 * (LIB_VISIBILITY), so a program's own names cannot clash with them.
 */
#ifndef HALLOC_PRELOAD_RECORD_STATE_H
#define HALLOC_PRELOAD_RECORD_STATE_H

#include "addr-map.h"
#include "record.h"

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

extern struct rec_state {
    pid_t pid;                /* the recording process */
    int fd;
    struct shim_file_id file; /* what fd must still be when written (record.h) */
    char buf[1 << 16];
    size_t used;
    struct addr_map blocks;   /* live block -> its id */
    struct table sizes;       /* size_t per id: its requested size (peak live payload) */
    struct table free_ids;    /* uint32_t stack of ids to reuse */
    size_t n_free_ids;
    size_t next_id, ops, live, peak;
} rec;

/* This thread's recorded calls in progress: raised while it holds rec_mutex
 * (rec_take to rec_release). A signal handler that sees it set takes no
 * lock, and its own call (2: nested) is not recorded: it took the outer
 * call's lock as its own (EDEADLK), released it, and wrote lines in the
 * middle of that call's flush. */
extern _Thread_local volatile sig_atomic_t rec_in_call;

void rec_init_mutex(void); /* at start, and anew in a forked child */
/* rec_mutex for every holder, rec_in_call raised around it (0, or -1): a
 * handler in pthread_mutex_lock or _unlock, the owner not set, gets no
 * EDEADLK (rec_finish, rec_exec_prepare, rec_before_fork could hang). */
int rec_take(void);
void rec_release(void);

/* One line: what went wrong (with errno's text when err), what happens now. */
void rec_say(int err, const char *what, const char *path, const char *outcome);
#define UNRECORDED "the program runs unrecorded"
#define STOPPED "recording stops and the trace stays 'unfinished'"

/* The program closed the trace's descriptor (and may have opened a file of
 * its own under that number): writing on would go into that file. 1 (said,
 * recording off) or 0. */
int rec_fd_lost(void);
void rec_flush(void); /* the buffered lines written; a failure said, recording off */
/* A line into the buffer; id -1: free(NULL), written as the CS:APP driver's "f -1". */
void rec_emit(char kind, long id, size_t size, int with_size);

#endif /* HALLOC_PRELOAD_RECORD_STATE_H */
