/*
 * exit-check.c - HALLOC_PRELOAD_CHECK=1's walk of the whole heap when the
 * process ends, and the finish at each way it can end: exit (a destructor),
 * _exit and _Exit (defined here: dash ends with _exit, which skips
 * destructors) and quick_exit (an at_quick_exit handler). Each finishes the
 * trace (HALLOC_PRELOAD_TRACE, record.c) first, then prints the exit line:
 * the heap consistent (with what is still in use), or the violation found,
 * then aborts; last, a "%p" log left empty is removed (log.c).
 */
#include "hl_plural.h"
#include "internal.h"
#include "log.h"
#include "malloc-version.h" /* MALLOC_REF_UNKNOWN */
#include "record.h"
#include "shim.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* HALLOC_PRELOAD_CHECK: on checks the heap at exit. */
static int exit_check;

static pid_t shim_pid; /* this process; a vfork child (no atfork handlers) differs */

void shim_exit_note_process(void)
{
    shim_pid = getpid();
}

/* The exit line's end for a process that asked no block: whose malloc took
 * the calls, when the dynamic linker binds the program's malloc to another
 * object's (rustc's own jemalloc, a library preloaded first, glibc's
 * libc_malloc_debug.so). valgrind takes the calls over without the linker:
 * that is named as the cause. "" if a block was asked. */
static const char *no_block_said(char *buf, size_t len)
{
    if (shim_block_asked())
        return "";
    static const char *const what_to_do[] = {
        [MALLOC_OWNER_PROGRAM] = "the program's own malloc, which no preloaded library replaces: it does not run on "
                                 "halloc",
        [MALLOC_OWNER_SANITIZER] = "a sanitizer's runtime, which keeps malloc and must come first: built without "
                                   "-fsanitize, the program runs on halloc",
        [MALLOC_OWNER_LIBRARY] = "a library preloaded ahead of the shim: put it after the shim in LD_PRELOAD",
    };
    enum malloc_owner owner = MALLOC_OWNER_LIBRARY;
    const char *other = shim_malloc_found_elsewhere(&owner);
    if (!other)
        return "; no block was asked of the shim: a program that allocates had another malloc (valgrind's, "
               "which takes the calls over unseen by the dynamic linker" MALLOC_REF_UNKNOWN ")";
    char path[SHIM_PATH_SHOWN + 1];
    snprintf(buf, len, "; no block was asked of the shim: a program that allocates had another malloc: %s defines "
             "one, found before the shim's (%s)", shim_path_shown(other, path), what_to_do[owner]);
    return buf;
}

/* exit() flushes stdio after the destructors, this check among them: a damaged
 * heap's abort lost the program's last output, unless stdout_owed. _exit and
 * quick_exit write no stdio buffer out, nor does the shim for them. */
static void check_heap_at_exit(halloc_heap *h, int stdout_owed)
{
    halloc_report report;
    char where[HL_CHECK_WHERE_LEN];
    if (hl_check_where(h, &report, where, sizeof where) != 0) {
        if (stdout_owed)
            shim_flush_stdout();
        shim_say(SHIM_WHO "heap damaged at exit: %s%s: %s\n", SHIM_WHO_ARGS,
                 halloc_invariant_name(report.invariant), where, report.message);
        abort();
    }
    halloc_stats st = shim_heap_stats(h, "exit check");
    char other[SHIM_PATH_SHOWN + 512]; /* no_block_said: the path as shown and some 300 bytes of words */
    /* high_water sums the regions mapped now: one unmapped when it emptied
     * (a big block freed) took its mark with it, so the line says whose it is. */
    shim_say(SHIM_WHO "heap consistent at exit; %zu block%s (%zu byte%s) still in use, %zu cached, "
             "high-water %zu byte%s in the %zu region%s mapped at exit%s\n",
             SHIM_WHO_ARGS, st.chunks_used, hl_plural_s(st.chunks_used), st.bytes_in_use, hl_plural_s(st.bytes_in_use),
             st.chunks_cached, st.high_water, hl_plural_s(st.high_water), st.regions, hl_plural_s(st.regions),
             no_block_said(other, sizeof other));
}

/* _exit may come from a signal handler that interrupted this thread's call,
 * which holds the heap's lock: checking then would wait for ever, and the
 * heap may be half-updated. Another thread's call ends soon, so the lock is
 * tried for a while (nanosleep is async-signal-safe) before giving up. */
static int heap_lock_comes_free(halloc_heap *h)
{
    if (!h->config.thread_safe)
        return 1;
    for (int tries = 0; tries < 200; tries++) {
        if (pthread_mutex_trylock(&h->lock) == 0) {
            pthread_mutex_unlock(&h->lock);
            return 1;
        }
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    return 0;
}

/* _exit and quick_exit skip destructors: the trace is finished and the heap
 * checked here. Either may come from a signal handler inside this thread's
 * call (heap_lock_comes_free). A vfork child shares the parent's heap: not
 * its to judge. */
static void finish_without_destructors(const char *who)
{
    rec_finish(who);
    if (exit_check && getpid() == shim_pid) {
        halloc_heap *h = shim_heap();
        if (heap_lock_comes_free(h))
            check_heap_at_exit(h, 0);
        else
            shim_say(SHIM_WHO "heap not checked at %s: its lock stayed taken for 200 ms (%s from a "
                     "signal handler inside an allocation call?)\n", SHIM_WHO_ARGS, who, who);
    }
    shim_log_end();
}

/* Programs that end with _exit (dash does) skip destructors. glibc's exit()
 * and quick_exit() call its internal _exit, not this. */
HL_EXPORT void _exit(int status)
{
    finish_without_destructors("_exit");
    for (;;)
        syscall(SYS_exit_group, status);
}

static void finish_at_quick_exit(void)
{
    finish_without_destructors("quick_exit");
}

HL_EXPORT void _Exit(int status)
{
    _exit(status);
}

void shim_exit_check_arm(int check)
{
    exit_check = check;
    /* quick_exit runs neither destructors nor the _exit above (glibc calls
     * its own): the trace stayed unfinished, the heap unchecked. Registered
     * at load, this handler runs after the program's. quick_exit may come
     * from a signal handler (C11 allows it), so it ends as _exit does. */
    at_quick_exit(finish_at_quick_exit);
}

__attribute__((destructor)) static void preload_exit_check(void)
{
    rec_finish("exit");
    if (exit_check)
        check_heap_at_exit(shim_heap(), 1);
    shim_log_end();
}
