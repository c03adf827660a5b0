/*
 * clash-adapter.c - libc malloc behind a thread-safe adapter whose every
 * block is 1 byte off its alignment, and whose check() takes 300 ms: in a
 * threaded run each thread's first malloc fires the misaligned oracle at
 * once, and the first report is still being printed (its check line) when
 * the others fire. fuzz/scripts/check-threads.sh checks that one report
 * comes out whole, the other threads' held back. With HALLOC_CLASH_OTHERS=
 * segv or abort only the first malloc fires; the others, 100 ms later (the
 * report under way), stop the program that way, as a broken allocator
 * would: the report must still come out whole. With asan, they read a byte
 * past a block instead: AddressSanitizer's report, begun before the oracle's
 * abort, must end the run and have the input saved. With HALLOC_CLASH_FROM=k
 * blocks are aligned on the heaps created before the kth (a threaded
 * replay's lockstep run is the first, its run k at once the (k+1)th), so the
 * oracle fires in that run only: its report must name it. With
 * HALLOC_CLASH_OTHERS=stuck the others lock a default mutex twice, as a rare
 * path of an allocator might: they never return, ThreadSanitizer says
 * nothing, and the replay's -t limit must name the thread and op stuck.
 * With slow each takes 40 ms of CPU and returns, a slow allocator: the
 * -t limit must say no thread is stuck (a long input's lockstep run moves
 * on an op within a tenth of the limit of CPU).
 * With stop they stop the whole process (SIGSTOP), every thread and the
 * replay's watchdog with it, as ThreadSanitizer hung in its own report
 * leaves them: the replay's guard process must kill it. With
 * HALLOC_CLASH_CREATE_STUCK=k the kth create() locks a default mutex twice:
 * the -t limit must say that no thread has started and the main thread is
 * in create (it listed nothing, or the run before's last step).
 * HALLOC_CLASH_CREATE_FAULT=k: the kth create() faults (SIGSEGV), before
 * any thread starts: the report must say the main thread was in the run's
 * create, not after the join.
 * Seed depth, for corpus/threads/ as check-adapters.sh's CRASH_AT_* switches
 * are for corpus/ (set HALLOC_CLASH_FROM past the heaps run, so no oracle
 * fires): HALLOC_CLASH_FULL_CLASSES=N faults once N small size classes (16
 * bytes wide, to 512) have each held 64 live blocks at once on one heap;
 * HALLOC_CLASH_FREES=N once the threads' frees (not the main thread's final
 * phase) number N on one heap. HALLOC_CLASH_REUSE=SIZE: a malloc of SIZE
 * bytes returns the block another thread allocated last, still live (a
 * thread cache handing out a block it does not own): the overlap report
 * must name the thread that allocated the block it was given.
 * HALLOC_CLASH_RACE: every malloc adds to a counter with no lock, a data
 * race ThreadSanitizer reports in the first run with the threads at once:
 * make fuzz-threads must name the thread and op that met it.
 * aligned_alloc refuses every alignment with EINVAL, as C allows: the
 * threaded targets' closing lines must count those refusals, over all runs
 * and fuzzing workers (check-threads.sh).
 * HALLOC_CLASH_BROKEN_FREE=k: check() fails from the heap's kth free on, as
 * if that free broke the heap: a replay's lockstep run, which checks after
 * every op, must name that free's thread and op. check() sleeps only on a
 * heap whose blocks are off their alignment (the clash), so that those
 * checks cost nothing on the others.
 * HALLOC_RECOVERED_AT=SIZE: a malloc of SIZE bytes stands in for a
 * sanitizer's recovered report (recovered-report.h): the run must fail.
 * HALLOC_CLASH_FAULT_AT=SIZE: a malloc of SIZE bytes faults (SIGSEGV), so
 * the thread that faults is the one the input gives that size, however the
 * threads interleave (HALLOC_CLASH_OTHERS=segv faults in whichever thread
 * calls second): the report must name that thread.
 * The adapter claims FUZZ_UNMAPS_ON_DESTROY (it maps nothing itself, libc's
 * malloc maps through its own internal calls); HALLOC_CLASH_MAP_LEFT=SIZE: a
 * malloc of SIZE bytes also maps two pages and unmaps one, as a big block's
 * munmap a page short would: left_mapped must fire after destroy(), naming
 * the thread and op that mapped the page left, and that short munmap.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "adapter.h"
#include "../../allocator/hl_switch.h" /* hl_env: HALLOC_* read as every other (empty is unset) */
#include "recovered-report.h"          /* HALLOC_RECOVERED_AT */

static char token;
static size_t off = 1; /* this heap's blocks: this many bytes past malloc's */
static atomic_ulong frees; /* on this heap, for HALLOC_CLASH_BROKEN_FREE */

/* The seed-depth switches' counts, for the heap under way. */
static struct {
    pthread_mutex_t lock;
    pthread_t creator;
    unsigned long full_classes, frees, want_classes, want_frees;
    unsigned live_in[33], was_full[33];
    struct { void *p; unsigned cls; } tracked[1024]; /* the live small blocks */
} depth = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void depth_reset(void)
{
    const char *classes = hl_env("HALLOC_CLASH_FULL_CLASSES"), *frees = hl_env("HALLOC_CLASH_FREES");
    pthread_mutex_lock(&depth.lock);
    memset(depth.live_in, 0, sizeof depth.live_in), memset(depth.was_full, 0, sizeof depth.was_full);
    memset(depth.tracked, 0, sizeof depth.tracked);
    depth.full_classes = depth.frees = 0;
    depth.want_classes = classes ? strtoul(classes, NULL, 10) : 0;
    depth.want_frees = frees ? strtoul(frees, NULL, 10) : 0;
    depth.creator = pthread_self();
    pthread_mutex_unlock(&depth.lock);
}

/* Counts block p of size bytes in (or, freed, out of) its class, and a free
 * by a thread; faults when a switch's depth is reached. */
static void depth_count(void *p, size_t size, int freed)
{
    if (!p || (!depth.want_classes && !depth.want_frees))
        return;
    pthread_mutex_lock(&depth.lock);
    depth.frees += freed && !pthread_equal(pthread_self(), depth.creator);
    for (size_t i = 0; i < sizeof depth.tracked / sizeof depth.tracked[0]; i++)
        if (freed ? depth.tracked[i].p == p : !depth.tracked[i].p && size && size <= 512) {
            unsigned c = freed ? depth.tracked[i].cls : (unsigned)((size + 15) / 16);
            depth.tracked[i].p = freed ? NULL : p, depth.tracked[i].cls = c;
            if (freed)
                depth.live_in[c]--;
            else if (++depth.live_in[c] == 64 && !depth.was_full[c]++)
                depth.full_classes++;
            break;
        }
    int deep = (depth.want_classes && depth.full_classes >= depth.want_classes) ||
               (depth.want_frees && depth.frees >= depth.want_frees);
    pthread_mutex_unlock(&depth.lock);
    if (deep)
        raise(SIGSEGV);
}

static void *clash_create(size_t bytes)
{
    static int created;
    const char *from = hl_env("HALLOC_CLASH_FROM"), *stuck = hl_env("HALLOC_CLASH_CREATE_STUCK"),
               *fault = hl_env("HALLOC_CLASH_CREATE_FAULT");
    (void)bytes;
    created++;
    off = !from || created >= atoi(from);
    if (fault && created == atoi(fault))
        raise(SIGSEGV);
    if (stuck && created == atoi(stuck)) {
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        pthread_mutex_lock(&lock);
        pthread_mutex_lock(&lock); /* waits for itself forever */
    }
    depth_reset();
    atomic_store(&frees, 0);
    return &token;
}

static void clash_destroy(void *heap) { (void)heap; }

/* HALLOC_CLASH_OTHERS: every malloc after the first stops the program. */
static void others_stop(void)
{
    static atomic_int calls;
    const char *how = hl_env("HALLOC_CLASH_OTHERS");
    if (!how || atomic_fetch_add(&calls, 1) == 0)
        return;
    if (strcmp(how, "slow") == 0) {
        struct timespec start, now;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
        do
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
        while ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) < 40 * 1000000L);
        return;
    }
    struct timespec wait = {0, 100 * 1000 * 1000};
    nanosleep(&wait, NULL);
    if (strcmp(how, "abort") == 0)
        abort();
    if (strcmp(how, "stuck") == 0) {
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        pthread_mutex_lock(&lock);
        pthread_mutex_lock(&lock); /* a default mutex: waits for itself forever */
    }
    if (strcmp(how, "stop") == 0)
        raise(SIGSTOP);
    if (strcmp(how, "asan") == 0) {
        static volatile size_t one = 1; /* hides the overflow from the compiler's warning */
        volatile char *p = malloc(one);
        (void)p[one]; /* heap-buffer-overflow: under ASan, reported from here */
        free((void *)p);
        return;
    }
    raise(SIGSEGV);
}

/* HALLOC_CLASH_FAULT_AT: a malloc of that many bytes faults. */
static void fault_at(size_t size)
{
    const char *at = hl_env("HALLOC_CLASH_FAULT_AT");
    if (at && strtoul(at, NULL, 10) == size)
        raise(SIGSEGV);
}

/* HALLOC_CLASH_REUSE: the last block each malloc returned, and the thread it went to. */
static struct {
    pthread_mutex_t lock;
    void *last;
    pthread_t owner;
} reuse = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Another thread's last block, for a malloc of HALLOC_CLASH_REUSE bytes; else NULL. */
static void *reuse_other(size_t size)
{
    const char *want = hl_env("HALLOC_CLASH_REUSE");
    void *p = NULL;
    if (!want || size != strtoul(want, NULL, 10))
        return NULL;
    pthread_mutex_lock(&reuse.lock);
    if (reuse.last && !pthread_equal(reuse.owner, pthread_self()))
        p = reuse.last;
    pthread_mutex_unlock(&reuse.lock);
    return p;
}

static void reuse_note(void *p)
{
    pthread_mutex_lock(&reuse.lock);
    reuse.last = p, reuse.owner = pthread_self();
    pthread_mutex_unlock(&reuse.lock);
}

static void *clash_malloc(void *heap, size_t size)
{
    (void)heap;
    others_stop();
    fault_at(size);
    recovered_report_at(size);
    static unsigned long racy_count; /* HALLOC_CLASH_RACE's, read and written unlocked on purpose */
    if (hl_env("HALLOC_CLASH_RACE"))
        racy_count++;
    const char *map_left = hl_env("HALLOC_CLASH_MAP_LEFT");
    if (map_left && size == strtoul(map_left, NULL, 10)) { /* two pages, unmapped a page short */
        char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (two != MAP_FAILED)
            (void)munmap(two, 4096);
    }
    void *again = reuse_other(size);
    if (again)
        return again;
    char *p = malloc(size + off);
    if (p && hl_env("HALLOC_CLASH_REUSE"))
        reuse_note(p + off);
    depth_count(p ? p + off : NULL, size, 0);
    return p ? p + off : NULL;
}

static int clash_free(void *heap, void *ptr)
{
    (void)heap;
    depth_count(ptr, 0, 1);
    if (ptr)
        atomic_fetch_add(&frees, 1);
    free(ptr ? (char *)ptr - off : NULL);
    return 0;
}

static void *clash_aligned(void *heap, size_t align, size_t size)
{
    (void)heap, (void)align, (void)size;
    errno = EINVAL; /* no alignment supported: counted, never judged */
    return NULL;
}

static int clash_check(void *heap, char *msg, size_t len)
{
    struct timespec wait = {0, 300 * 1000 * 1000};
    const char *broken = hl_env("HALLOC_CLASH_BROKEN_FREE");
    (void)heap;
    if (broken && atomic_load(&frees) >= strtoul(broken, NULL, 10)) {
        snprintf(msg, len, "broken since free number %s on this heap (HALLOC_CLASH_BROKEN_FREE)", broken);
        return 1;
    }
    /* The depth runs, the recovered report's and the mapping left need no clash: no sleep, so they cost no seconds;
     * nor does a heap of aligned blocks, where no oracle fires (a replay's lockstep run checks after every op). */
    if (off && !hl_env("HALLOC_CLASH_FULL_CLASSES") && !hl_env("HALLOC_CLASH_FREES") && !hl_env("HALLOC_RECOVERED_AT") &&
        !hl_env("HALLOC_CLASH_MAP_LEFT"))
        nanosleep(&wait, NULL);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "clash: libc malloc, 1 byte off, a slow check",
    .alignment = 16,
    .caps = FUZZ_THREAD_SAFE | FUZZ_UNMAPS_ON_DESTROY,
    .create = clash_create,
    .destroy = clash_destroy,
    .malloc = clash_malloc,
    .free = clash_free,
    .aligned_alloc = clash_aligned,
    .check = clash_check,
};
