/*
 * record.c - HALLOC_PRELOAD_TRACE=path: the shim writes every allocation
 * request the program makes as an allocator-lab trace (the .rep format that
 * make bench and make verify-traces read, bench/trace.h), so a real program's
 * allocation pattern can be timed and verified on any allocator. Here: each
 * recorded call's line, its block's id and the recorder's lock;
 * record-file.c keeps the trace file whole from start to exit (its header,
 * fork, exec).
 *
 * A block takes the most recently freed id (or a new one), so the number of
 * ids is the peak number of live blocks. Every recorded call holds the
 * recorder's lock from the allocation to its line, so the lines of several
 * threads come out in an order the heap really went through (a block is
 * freed in the trace before its address is handed out again).
 *
 * Nothing here calls malloc: the tables and the output buffer are mmap'd,
 * and the file is written with write(2).
 */
#include "record-state.h"

#include "../bench/trace.h" /* TRACE_MAX_IDS, TRACE_MAX_REQUEST */
#include "cut.h"              /* hl_say: a cut line is marked */
#include "internal.h"         /* hl_errno_text: strerror may malloc */
#include "log.h"              /* shim_stderr_fd */

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct rec_state rec;
atomic_int rec_on;

/* Error-checking (rec_init_mutex): _exit, async-signal-safe and so called from
 * signal handlers, finishes the trace under this lock, and a handler that
 * interrupted its own thread's recorded call would wait for itself for ever.
 * This kind of mutex says EDEADLK instead. */
static pthread_mutex_t rec_mutex = PTHREAD_MUTEX_INITIALIZER;

_Thread_local volatile sig_atomic_t rec_in_call;

void rec_init_mutex(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&rec_mutex, &attr);
    pthread_mutexattr_destroy(&attr);
}

void rec_say(int err, const char *what, const char *path, const char *outcome)
{
    char line[SHIM_LINE_MAX], text[HL_ERRNO_TEXT_LEN], shown[SHIM_PATH_SHOWN + 1];
    /* A long path is shown shortened, so what follows it fits (log.h). */
    (void)hl_say(line, sizeof line, SHIM_WHO "HALLOC_PRELOAD_TRACE: %s %s%s%s; %s\n", SHIM_WHO_ARGS, what,
                 shim_path_shown(path, shown), err ? ": " : "",
                 err ? hl_errno_text(err, text, sizeof text) : "", outcome);
    if (shim_stderr_fd() >= 0)
        (void)!write(shim_stderr_fd(), line, strlen(line));
}

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

int rec_fd_lost(void)
{
    if (shim_fd_still_is(rec.fd, &rec.file))
        return 0;
    char number[24];
    snprintf(number, sizeof number, "%d", rec.fd);
    rec_say(0, "the program closed or replaced the trace's file descriptor", number, STOPPED);
    rec_on = 0;
    return 1;
}

/* A child made without fork's handlers (_Fork, a raw clone) still has
 * rec_on, its parent's unwritten lines and the parent's file offset: a flush
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
    rec_on = 0;
    rec.used = 0;
    return 1;
}

void rec_flush(void)
{
    if (rec.used && (forked_without_handlers() || rec_fd_lost()))
        return;
    for (size_t done = 0; done < rec.used;) {
        ssize_t n = write(rec.fd, rec.buf + done, rec.used - done);
        if (n <= 0 && errno != EINTR) {
            rec_say(errno, "cannot write the trace", "file", STOPPED);
            rec_on = 0;
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

void rec_emit(char kind, long id, size_t size, int with_size)
{
    if (sizeof rec.buf - rec.used < LINE_ROOM) {
        rec_flush();
        if (!rec_on) /* the flush stopped recording (said), and may have left the buffer full */
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
    return rec_on && rec_in_call == 1;
}

/* One more block live than the readers take ids for: the whole trace would
 * be refused. It stops here instead, every line so far written, and is
 * replayed as an unfinished one. */
static void ids_exhausted(void)
{
    char what[160];
    snprintf(what, sizeof what, "%zu blocks live at once, the most ids make bench and make verify-traces take, "
             "fill the", (size_t)REC_MAX_IDS);
    rec_flush();
    rec_say(0, what, "trace", STOPPED);
    rec_on = 0;
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
    rec_flush();
    rec_say(0, what, "trace", STOPPED);
    rec_on = 0;
    return 1;
}

void rec_alloc_when_on(void *p, size_t size)
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
    rec_emit('a', (long)id, size, 1);
    return;
out_of_memory:
    rec_say(ENOMEM, "no memory for the recorder's", "tables", STOPPED);
    rec_on = 0;
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

void rec_free_when_on(void *p)
{
    if (!recording() || !p)
        return;
    long id = forget(p);
    if (id < 0)
        return;
    ((uint32_t *)rec.free_ids.items)[rec.n_free_ids++] = (uint32_t)id;
    rec_emit('f', id, 0, 0);
}

/* free(NULL) is recorded too: programs call it often, and a replay should
 * pay for the call. */
void rec_free_null_when_on(void)
{
    struct rec_call call = rec_begin();
    if (recording())
        rec_emit('f', -1, 0, 0);
    rec_end(call);
}

void rec_realloc_when_on(void *old, void *q, size_t size)
{
    if (!recording() || !q || too_big_to_record(size))
        return;
    long id = old ? forget(old) : -1;
    if (id < 0) { /* realloc(NULL, n), or a block from before recording began */
        rec_alloc_when_on(q, size);
        return;
    }
    remember(q, (uint32_t)id, size); /* old's entry is gone: the map has room */
    rec_emit('r', id, size, 1);
}

int rec_take(void)
{
    rec_in_call = 1;
    atomic_signal_fence(memory_order_seq_cst);
    if (pthread_mutex_lock(&rec_mutex) == 0)
        return 0;
    rec_in_call = 0;
    return -1;
}

void rec_release(void)
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
struct rec_call rec_begin_when_on(void)
{
    struct rec_call call = REC_CALL_UNHELD;
    if (!rec_on)
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

void rec_end_held(struct rec_call call)
{
    if (call.nested)
        rec_in_call--;
    if (!call.locked)
        return;
    rec_release();
    pthread_setcancelstate(call.cancel_state, NULL);
}
