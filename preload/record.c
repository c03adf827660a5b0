/*
 * record.c - HALLOC_PRELOAD_TRACE=path: the shim writes every allocation
 * request the program makes as an allocator-lab trace (the .rep format that
 * make bench and make verify-traces read, bench/trace.h), so a real program's
 * allocation pattern can be timed and verified on any allocator.
 *
 * A "%p" in the path becomes the process id ("%%" a "%"), so a program that
 * runs others gets one trace per process. A block takes the most recently
 * freed id (or a new one), so the number of ids is the peak number of live
 * blocks. Every recorded call holds the recorder's lock from the allocation
 * to its line, so the lines of several threads come out in an order the heap
 * really went through (a block is freed in the trace before its address is
 * handed out again).
 *
 * Nothing here calls malloc: the tables and the output buffer are mmap'd,
 * and the file is written with write(2). The four header lines are written
 * first as fixed-width placeholders and filled in at exit.
 */
#include "record.h"

#include "addr-map.h"

#include "../bench/trace.h" /* TRACE_UNFINISHED */
#include "cut.h"              /* hl_say: a cut line is marked */
#include "hl_switch.h"        /* hl_env: an empty value is unset */
#include "internal.h"         /* hl_errno_text: strerror may malloc */
#include "log.h"              /* shim_stderr_fd */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_FIELD 20 /* digits per header number: SIZE_MAX has 20 */
#define HEADER_BYTES (4 * (HEADER_FIELD + 1))

static struct {
    atomic_int on;            /* set at start; cleared at exit, on a failure, in a forked child */
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

static char rec_pattern[4096]; /* HALLOC_PRELOAD_TRACE as given, "%p" unexpanded */

/* Error-checking (rec_init_mutex): _exit, async-signal-safe and so called from
 * signal handlers, finishes the trace under this lock, and a handler that
 * interrupted its own thread's recorded call would wait for itself for ever.
 * This kind of mutex says EDEADLK instead. */
static pthread_mutex_t rec_mutex = PTHREAD_MUTEX_INITIALIZER;

/* This thread's recorded calls in progress: raised while it holds rec_mutex
 * (rec_take to rec_release). A signal handler that sees it set takes no
 * lock, and its own call (2: nested) is not recorded: it took the outer
 * call's lock as its own (EDEADLK), released it, and wrote lines in the
 * middle of that call's flush. */
static _Thread_local volatile sig_atomic_t rec_in_call;

static void rec_init_mutex(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&rec_mutex, &attr);
    pthread_mutexattr_destroy(&attr);
}

/* One line: what went wrong (with errno's text when err), what happens now. */
static void rec_say(int err, const char *what, const char *path, const char *outcome)
{
    char line[512], text[HL_ERRNO_TEXT_LEN];
    /* A long path is shown shortened, so what follows it fits (log.h); a
     * line still too long is cut, marked (cut.h), its newline kept. */
    (void)hl_say(line, sizeof line, "halloc-preload: HALLOC_PRELOAD_TRACE: %s %.*s%s%s%s; %s\n", what,
                 SHIM_PATH_SHOWN, path, shim_path_cut(path), err ? ": " : "",
                 err ? hl_errno_text(err, text, sizeof text) : "", outcome);
    if (shim_stderr_fd() >= 0)
        (void)!write(shim_stderr_fd(), line, strlen(line));
}

#define UNRECORDED "the program runs unrecorded"
#define STOPPED "recording stops and the trace stays 'unfinished'"

/* The most ids the trace readers take (bench/trace.h); preload/build.mk
 * builds a shim with a low one for check.sh. */
#ifndef REC_MAX_IDS
#define REC_MAX_IDS TRACE_MAX_IDS
#endif
/* The biggest block the readers take (bench/trace.h); a block above it is
 * real (overcommit gives one), but its line would make the trace refused
 * whole. preload/build.mk builds the 64-id shim with a low one too. */
#ifndef REC_MAX_REQUEST
#define REC_MAX_REQUEST TRACE_MAX_REQUEST
#endif

/* ---- output ---- */

/* The program closed the trace's descriptor (and may have opened a file of
 * its own under that number): writing on would go into that file. */
static int trace_fd_lost(void)
{
    if (shim_fd_still_is(rec.fd, &rec.file))
        return 0;
    char number[24];
    snprintf(number, sizeof number, "%d", rec.fd);
    rec_say(0, "the program closed or replaced the trace's file descriptor", number, STOPPED);
    rec.on = 0;
    return 1;
}

/* A child made without fork's handlers (_Fork, a raw clone) still has
 * rec.on, its parent's unwritten lines and the parent's file offset: a flush
 * would put both processes' lines into the parent's trace, which then does
 * not parse. Such a child stops at its first flush instead; so does a vfork
 * child that allocates (it shares rec with its parent), and the parent's
 * trace then stays 'unfinished' rather than wrong. */
static int forked_without_handlers(void)
{
    if (getpid() == rec.pid)
        return 0;
    char who[96];
    snprintf(who, sizeof who, "process %d, forked without fork's handlers (_Fork, clone), would write into the",
             (int)getpid());
    rec_say(0, who, "trace of its parent", "it runs unrecorded and leaves that trace alone");
    rec.on = 0;
    rec.used = 0;
    return 1;
}

static void flush_out(void)
{
    if (rec.used && (forked_without_handlers() || trace_fd_lost()))
        return;
    for (size_t done = 0; done < rec.used;) {
        ssize_t n = write(rec.fd, rec.buf + done, rec.used - done);
        if (n <= 0 && errno != EINTR) {
            rec_say(errno, "cannot write the trace", "file", STOPPED);
            rec.on = 0;
            break;
        }
        done += n > 0 ? (size_t)n : 0;
    }
    rec.used = 0;
}

/* Room kept for one line: the widest line there is, with its '\0', so a
 * trace line is never cut (a cut one would misparse, or parse as another). */
#define LINE_ROOM 64
_Static_assert(sizeof "r -9223372036854775808 18446744073709551615\n" <= LINE_ROOM, "a trace line must fit LINE_ROOM");

/* id -1: free(NULL), written as the CS:APP driver's "f -1". */
static void emit(char kind, long id, size_t size, int with_size)
{
    if (sizeof rec.buf - rec.used < LINE_ROOM) {
        flush_out();
        if (!rec.on) /* the flush stopped recording (said), and may have left the buffer full */
            return;
    }
    int n = with_size ? snprintf(rec.buf + rec.used, LINE_ROOM, "%c %ld %zu\n", kind, id, size)
                      : snprintf(rec.buf + rec.used, LINE_ROOM, "%c %ld\n", kind, id);
    rec.used += (size_t)n;
    rec.ops++;
}

/* ---- the recorder ---- */

static uint32_t take_id(void)
{
    if (rec.n_free_ids)
        return ((uint32_t *)rec.free_ids.items)[--rec.n_free_ids];
    return (uint32_t)rec.next_id++;
}

/* Maps live block p to id (the map and the id tables have room) and counts
 * its size as live. forget() undoes it. */
static void remember(void *p, uint32_t id, size_t size)
{
    addr_map_put(&rec.blocks, (uintptr_t)p, id);
    ((size_t *)rec.sizes.items)[id] = size;
    rec.live += size;
    rec.peak = rec.live > rec.peak ? rec.live : rec.peak;
}

/* Whether this thread's call, bracketed by rec_begin, holds rec_mutex. */
static int recording(void)
{
    return rec.on && rec_in_call == 1;
}

/* One more block live than the readers take ids for: the whole trace would
 * be refused. It stops here instead, every line so far written, and is
 * replayed as an unfinished one. */
static void ids_exhausted(void)
{
    char what[160];
    snprintf(what, sizeof what, "%zu blocks live at once, the most ids make bench and make verify-traces take, "
             "fill the", (size_t)REC_MAX_IDS);
    flush_out();
    rec_say(0, what, "trace", STOPPED);
    rec.on = 0;
}

/* A block bigger than the readers take: its line would have the whole trace
 * refused. It stops before that line, as at the id cap. */
static int too_big_to_record(size_t size)
{
    if (size <= REC_MAX_REQUEST)
        return 0;
    char what[200];
    snprintf(what, sizeof what, "a block of %zu bytes, above the %zu that make bench and make verify-traces take, "
             "ends the", size, (size_t)REC_MAX_REQUEST);
    flush_out();
    rec_say(0, what, "trace", STOPPED);
    rec.on = 0;
    return 1;
}

void rec_alloc(void *p, size_t size)
{
    if (!recording() || !p || too_big_to_record(size))
        return;
    if (rec.n_free_ids == 0 && rec.next_id >= REC_MAX_IDS) {
        ids_exhausted();
        return;
    }
    if (addr_map_reserve(&rec.blocks) != 0)
        goto out_of_memory;
    uint32_t id = take_id();
    if (table_reserve(&rec.sizes, (size_t)id + 1, sizeof(size_t)) ||
        table_reserve(&rec.free_ids, rec.next_id, sizeof(uint32_t)))
        goto out_of_memory;
    remember(p, id, size);
    emit('a', (long)id, size, 1);
    return;
out_of_memory:
    rec_say(ENOMEM, "no memory for the recorder's", "tables", STOPPED);
    rec.on = 0;
}

/* The id of live block p, taken out of the map; -1 if p is not recorded
 * (allocated before recording began). */
static long forget(void *p)
{
    long id = addr_map_take(&rec.blocks, (uintptr_t)p);
    if (id < 0)
        return -1;
    rec.live -= ((size_t *)rec.sizes.items)[id];
    return id;
}

void rec_free(void *p)
{
    if (!recording() || !p)
        return;
    long id = forget(p);
    if (id < 0)
        return;
    ((uint32_t *)rec.free_ids.items)[rec.n_free_ids++] = (uint32_t)id;
    emit('f', id, 0, 0);
}

/* free(NULL) is recorded too: programs call it often, and a replay should
 * pay for the call. */
void rec_free_null(void)
{
    struct rec_call call = rec_begin();
    if (recording())
        emit('f', -1, 0, 0);
    rec_end(call);
}

void rec_realloc(void *old, void *q, size_t size)
{
    if (!recording() || !q || too_big_to_record(size))
        return;
    long id = old ? forget(old) : -1;
    if (id < 0) { /* realloc(NULL, n), or a block from before recording began */
        rec_alloc(q, size);
        return;
    }
    remember(q, (uint32_t)id, size); /* old's entry is gone: the map has room */
    emit('r', id, size, 1);
}

/* rec_mutex for every holder, rec_in_call raised around it (0, or -1): a
 * handler in pthread_mutex_lock or _unlock, the owner not set, gets no
 * EDEADLK (rec_finish, rec_exec_prepare, rec_before_fork could hang). */
static int rec_take(void)
{
    rec_in_call = 1;
    atomic_signal_fence(memory_order_seq_cst);
    if (pthread_mutex_lock(&rec_mutex) == 0)
        return 0;
    rec_in_call = 0;
    return -1;
}

static void rec_release(void)
{
    pthread_mutex_unlock(&rec_mutex);
    atomic_signal_fence(memory_order_seq_cst);
    rec_in_call = 0;
}

/* POSIX: malloc and free are no cancellation points; the recorder's write
 * of a full buffer is one (a thread cancelled there left its lines buffered,
 * written again by the next flush). A recorded call is made with
 * cancellation off; a pending cancel acts at the program's next cancellation
 * point, as on glibc. The state to restore is the caller's (struct rec_call):
 * a thread-local slot, overwritten by a nested call, left it off. */
struct rec_call rec_begin(void)
{
    struct rec_call call = {0, 0, PTHREAD_CANCEL_ENABLE};
    if (!rec.on)
        return call;
    if (rec_in_call) { /* a signal handler's call inside this thread's own */
        rec_in_call++;
        call.nested = 1;
        return call;
    }
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &call.cancel_state);
    call.locked = rec_take() == 0;
    if (!call.locked)
        pthread_setcancelstate(call.cancel_state, NULL);
    return call;
}

void rec_end(struct rec_call call)
{
    if (call.nested)
        rec_in_call--;
    if (!call.locked)
        return;
    rec_release();
    pthread_setcancelstate(call.cancel_state, NULL);
}

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
    if (trace_fd_lost())
        return -1;
    if (pwrite(rec.fd, header, HEADER_BYTES, 0) != HEADER_BYTES) {
        rec_say(errno, "cannot write the header of the trace", "file", STOPPED);
        rec.on = 0;
        return -1;
    }
    return 0;
}

/* Writes out what is buffered and the header that promises it all; 0, or
 * -1 with recording stopped (said). Under rec_mutex, recording on. */
static int write_final_header(void)
{
    flush_out();
    if (!rec.on) /* the flush failed: the header may not promise every op */
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
    rec.on = 1;
    if (put_header(0) != 0) /* said, recording off */
        return -1;
    if (lseek(rec.fd, HEADER_BYTES, SEEK_SET) != HEADER_BYTES) {
        rec_say(errno, "cannot seek past the header of", path, STOPPED);
        rec.on = 0;
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
    rec_init_mutex(); /* before rec.on: nothing takes it yet */
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
    rec_locked_for_fork = rec.on && !rec_in_call && rec_take() == 0;
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
    emit('a', (long)id, ((size_t *)rec.sizes.items)[id], 1);
    return rec.on;
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
    if (!rec.on || getpid() == rec.pid)
        return;
    rec.on = 0;
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
    rec.on = 0;
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
    if (!rec.on)
        return;
    if (rec_in_call || rec_take() != 0) {
        rec_stop_inside_call(who);
        return;
    }
    int cancel = rec_cancel_off();
    if (rec.on && getpid() == rec.pid) { /* not a vfork child, which shares rec */
        if (write_final_header() == 0 || shim_fd_still_is(rec.fd, &rec.file))
            close(rec.fd); /* not one the program took over: that is its own */
        rec.on = 0;
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
    if (!rec.on || getpid() != rec.pid)
        return 0;
    if (rec_in_call || rec_take() != 0) {
        rec_stop_inside_call("an exec");
        return 0;
    }
    int cancel = rec_cancel_off();
    if (rec.on)
        (void)write_final_header(); /* a failure is said and stops the recording */
    pthread_setcancelstate(cancel, NULL);
    return 1;
}

void rec_exec_failed(int held)
{
    if (!held)
        return;
    int cancel = rec_cancel_off();
    if (rec.on)
        (void)put_header(0); /* a failure is said and stops the recording */
    rec_release();
    pthread_setcancelstate(cancel, NULL);
}
