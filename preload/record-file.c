/*
 * record-file.c - the trace file HALLOC_PRELOAD_TRACE names, kept whole
 * across the process's life: created and locked at start, its header
 * written at exit, and handed on at fork and exec (record.c writes the
 * lines between).
 *
 * A "%p" in the path becomes the process id ("%%" a "%"), so a program that
 * runs others gets one trace per process. The four header lines are written
 * first as fixed-width placeholders and filled in at exit.
 */
#include "record-state.h"

#include "../bench/trace.h" /* TRACE_UNFINISHED */
#include "hl_switch.h"        /* hl_env: an empty value is unset */
#include "log.h"              /* SHIM_SANDBOX_HINT */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_FIELD 20 /* digits per header number: SIZE_MAX has 20 */
#define HEADER_BYTES (4 * (HEADER_FIELD + 1))

static char rec_pattern[4096]; /* HALLOC_PRELOAD_TRACE as given, "%p" unexpanded */

/* Writes the header over the trace's first HEADER_BYTES: the final one
 * (the numbers of everything written), or the placeholder a trace has while
 * it is written (a first line the readers name, "unfinished", padded to the
 * final one's size); 0, or -1 with recording stopped (said). A descriptor
 * the program took over is its own: not written. */
static int put_header(int final)
{
    char header[HEADER_BYTES + 1];
    if (final) {
        snprintf(header, sizeof header, "%0*zu\n%0*zu\n%0*zu\n%0*d\n", HEADER_FIELD, rec.peak, HEADER_FIELD,
                 rec.next_id, HEADER_FIELD, rec.ops, HEADER_FIELD, 1);
    } else {
        memset(header, ' ', HEADER_BYTES);
        for (int line = 1; line <= 4; line++)
            header[line * (HEADER_FIELD + 1) - 1] = '\n';
        memcpy(header, TRACE_UNFINISHED, strlen(TRACE_UNFINISHED));
    }
    if (rec_fd_lost())
        return -1;
    if (pwrite(rec.fd, header, HEADER_BYTES, 0) != HEADER_BYTES) {
        rec_say(errno, "cannot write the header of the trace", "file", STOPPED);
        rec_on = 0;
        return -1;
    }
    return 0;
}

/* Writes out what is buffered and the header that promises it all; 0, or
 * -1 with recording stopped (said). Under rec_mutex, recording on. */
static int write_final_header(void)
{
    rec_flush();
    if (!rec_on) /* the flush failed: the header may not promise every op */
        return -1;
    return put_header(1);
}

/* Creates and locks the trace at `path` and writes the placeholder header;
 * 0 and recording on, or -1 (said) with recording off. O_NONBLOCK: opening
 * a FIFO with no reader would block the program's start for ever (ENXIO
 * instead; a regular file's writes ignore the flag); no FIFO or device can
 * take the header written at exit anyway. */
static int rec_open(const char *path)
{
    rec.fd = shim_fd_out_of_the_way(rec_open_path(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644));
    struct stat st;
    if ((rec.fd < 0 && errno == ENXIO) || (rec.fd >= 0 && fstat(rec.fd, &st) == 0 && !S_ISREG(st.st_mode))) {
        rec_say(0, "cannot record into", path, "it is no regular file (a pipe or a device), and the trace's header "
                "is written at its start when the process ends; " UNRECORDED " (give the path of a file)");
        if (rec.fd >= 0)
            close(rec.fd);
        return -1;
    }
    if (rec.fd < 0) {
        int err = errno;
        rec_say(err, "cannot create", path,
                err == ENOSYS ? UNRECORDED " (" SHIM_SANDBOX_HINT ")"
                              : UNRECORDED " (give a file path in a directory this user can write)");
        return -1;
    }
    /* Processes sharing one path would interleave their lines: the first
     * keeps it (the lock lasts until it exits), the others are told. */
    if (flock(rec.fd, LOCK_EX | LOCK_NB) != 0 || ftruncate(rec.fd, 0) != 0 ||
        shim_file_id_of(rec.fd, &rec.file) != 0) {
        if (errno == EWOULDBLOCK)
            rec_say(0, "another process is recording to", path,
                    "this one runs unrecorded (put %p in the path: one trace per process)");
        else
            rec_say(errno, "cannot lock or truncate", path, UNRECORDED);
        close(rec.fd);
        return -1;
    }
    /* The placeholder now, filled in by rec_finish: a process that ends
     * without it (killed, crashed) leaves a first line a parser names. An
     * exec finishes it first (exec.c). The lines go after it. */
    rec.pid = getpid();
    rec_on = 1;
    if (put_header(0) != 0) /* said, recording off */
        return -1;
    if (lseek(rec.fd, HEADER_BYTES, SEEK_SET) != HEADER_BYTES) {
        rec_say(errno, "cannot seek past the header of", path, STOPPED);
        rec_on = 0;
        return -1;
    }
    return 0;
}

void rec_start(void)
{
    const char *pattern = hl_env("HALLOC_PRELOAD_TRACE");
    char path[sizeof rec_pattern];
    if (!pattern)
        return;
    rec_init_mutex(); /* before rec_on: nothing takes it yet */
    if (strlen(pattern) >= sizeof rec_pattern || rec_expand_path(pattern, path, sizeof path) != 0) {
        rec_say(ENAMETOOLONG, "cannot use the path", pattern, UNRECORDED);
        return;
    }
    strcpy(rec_pattern, pattern); /* a forked child names its own trace from it */
    (void)rec_open(path);
}

/* Taken across fork() (pthread_atfork), so a child never inherits the
 * tables half-updated by another thread's recorded call. Not by a signal
 * handler that interrupted this thread's own call: that fork was going to
 * find the heap's lock taken anyway. */
static int rec_locked_for_fork;

void rec_before_fork(void)
{
    rec_locked_for_fork = rec_on && !rec_in_call && rec_take() == 0;
}

void rec_after_fork_parent(void)
{
    if (rec_locked_for_fork)
        rec_release();
    rec_locked_for_fork = 0;
}

/* The child's trace starts with an "a" line for every recorded block it
 * inherited, under the id the parent gave it, so its frees and reallocs of
 * them replay. */
static int emit_inherited(uint32_t id)
{
    rec_emit('a', (long)id, ((size_t *)rec.sizes.items)[id], 1);
    return rec_on;
}

static void rec_inherited_blocks(void)
{
    rec.ops = 0;
    rec.peak = rec.live;
    addr_map_each(&rec.blocks, emit_inherited);
}

/* A forked child that does not exec would write into its parent's file:
 * with "%p" in the path it records into its own (the parent's unwritten
 * lines are the parent's), without it it stops recording - the parent
 * keeps the file, as when another process shares the path. An exec'd
 * program starts a trace of its own either way. */
void rec_after_fork_child(void)
{
    rec_init_mutex();
    if (rec_locked_for_fork)
        rec_in_call = 0; /* rec_take's, the parent's thread's: the lock is new */
    rec_locked_for_fork = 0;
    if (!rec_on || getpid() == rec.pid)
        return;
    rec_on = 0;
    rec.used = 0;
    if (shim_fd_still_is(rec.fd, &rec.file)) /* else the program's own file now */
        close(rec.fd);
    char path[sizeof rec_pattern];
    if (!rec_path_has_pid(rec_pattern) || rec_expand_path(rec_pattern, path, sizeof path) != 0)
        return;
    if (rec_open(path) == 0)
        rec_inherited_blocks();
}

/* _exit or an exec from a signal handler that interrupted this thread's
 * recorded call: the tables and the buffer may be half-updated. */
static void rec_stop_inside_call(const char *who)
{
    char what[128];
    snprintf(what, sizeof what, "%s was called inside a recorded call (from a signal handler?): cannot finish the",
             who);
    rec_say(0, what, "trace", STOPPED);
    rec_on = 0;
}

/* Exits and execs are no cancellation points either; the header's write
 * is. A thread with a cancel pending that called execl was cancelled there,
 * holding rec_mutex, and the process went on without the exec. */
static int rec_cancel_off(void)
{
    int old = PTHREAD_CANCEL_ENABLE;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    return old;
}

void rec_finish(const char *who)
{
    if (!rec_on)
        return;
    if (rec_in_call || rec_take() != 0) {
        rec_stop_inside_call(who);
        return;
    }
    int cancel = rec_cancel_off();
    if (rec_on && getpid() == rec.pid) { /* not a vfork child, which shares rec */
        if (write_final_header() == 0 || shim_fd_still_is(rec.fd, &rec.file))
            close(rec.fd); /* not one the program took over: that is its own */
        rec_on = 0;
    }
    rec_release();
    pthread_setcancelstate(cancel, NULL);
}

/* Before an exec, the trace is made whole as rec_finish would, but
 * recording stays on and rec_mutex held: no other thread adds a line the
 * header does not count while the exec runs. If the exec fails the process
 * goes on, so rec_exec_failed turns the header back into the placeholder
 * and lets go: its later calls are recorded too (a handler's call in
 * between is not: rec_in_call stays raised). The descriptor is
 * close-on-exec, so a successful exec closes it. Returns what
 * rec_exec_failed needs: 1 if it holds the lock. */
int rec_exec_prepare(void)
{
    /* A vfork child shares rec and this lock's owner field with its
     * suspended parent: it leaves both alone. A signal handler inside this
     * thread's recorded call cannot make the trace whole: it says so. */
    if (!rec_on || getpid() != rec.pid)
        return 0;
    if (rec_in_call || rec_take() != 0) {
        rec_stop_inside_call("an exec");
        return 0;
    }
    int cancel = rec_cancel_off();
    if (rec_on)
        (void)write_final_header(); /* a failure is said and stops the recording */
    pthread_setcancelstate(cancel, NULL);
    return 1;
}

void rec_exec_failed(int held)
{
    if (!held)
        return;
    int cancel = rec_cancel_off();
    if (rec_on)
        (void)put_header(0); /* a failure is said and stops the recording */
    rec_release();
    pthread_setcancelstate(cancel, NULL);
}
