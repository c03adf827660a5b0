/*
 * crash-threads.c - which run of a threaded input a report names (threads.c
 * sets it, any thread's signal handler reads it) and the line that names a
 * threaded run's crash, the thread and its op; the reproduce line that ends
 * every report, whose REPEAT= reaches that run again; and raw writes, for a
 * death callback that must take no lock. The crash context of a run with one
 * op under way is crash.c.
 */
#include <assert.h> /* static_assert */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../allocator/hl_switch.h" /* hl_env; by path: built without -Iallocator too */
#include "crash.h"
#include "harness.h"
#include "../bench/text-input.h" /* NAME_QUOTED: the reproduce line's file, to paste */

/* ---- which run of a threaded input (run.h) ---- */

/* Which run of a threaded input is under way, and whether its create() is:
 * set by the main thread before each run, read by a -t watchdog's thread
 * (threads-replay.c) and by signal handlers in any thread. Lock-free
 * atomics, so the watchdog's read races no write and a handler reads no
 * value half written; readers take the three at once (run_now), one line
 * naming one run, though a look that meets the next run's set may pair a
 * field of each. */
static struct {
    atomic_uint threads;
    atomic_long run, runs; /* run -1: none yet */
} thread_run = {0, -1, 0};
static atomic_int run_creating;
static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_LONG_LOCK_FREE == 2,
              "signal handlers read the run's state: it must be kept in lock-free atomics");
static _Thread_local int this_thread;

struct run_seen {
    unsigned threads;
    long run, runs;
};

static struct run_seen run_now(void)
{
    return (struct run_seen){atomic_load(&thread_run.threads), atomic_load(&thread_run.run),
                             atomic_load(&thread_run.runs)};
}

void fuzz_threads_set_run(unsigned threads, long run, long runs)
{
    atomic_store(&thread_run.threads, threads);
    atomic_store(&thread_run.run, run);
    atomic_store(&thread_run.runs, runs);
    atomic_store_explicit(&run_creating, 1, memory_order_release);
}

void fuzz_threads_created(void) { atomic_store_explicit(&run_creating, 0, memory_order_release); }

int fuzz_threads_creating(void) { return atomic_load_explicit(&run_creating, memory_order_acquire); }

#define IN_CREATE ", in its " HEAP_CREATE_STEP

void fuzz_threads_set_thread(int thread) { this_thread = thread; }

static const char fuzzer_run[] = "the fuzzer's run with the threads at once (make replay-threads runs it in "
                                 "lockstep, then REPEAT times at once)";

/* The run, for a line that names it; REPEAT=k has make replay-threads run
 * the lockstep run, then k at once: a replay's run k is reached again (its
 * interleaving may not be), and the lockstep run, deterministic, alone. */
static void print_run(void)
{
    struct run_seen now = run_now();
    if (now.run < 0)
        fprintf(stderr, "no run yet (the input was being read)");
    else if (now.run == 0)
        fprintf(stderr, "the lockstep run (one op at a time, in input order: REPEAT=0 replays it alone)");
    else if (now.runs)
        fprintf(stderr, "run %ld of %ld with the threads at once, after the lockstep run (REPEAT=%ld replays up to "
                        "it; the interleaving may not come back)", now.run, now.runs, now.run);
    else
        fprintf(stderr, "%s", fuzzer_run);
    if (fuzz_threads_creating())
        fputs(IN_CREATE, stderr);
}

void fuzz_threads_print_run(void) { print_run(); }

void fuzz_print_thread_run(int thread)
{
    fprintf(stderr, "  run:   thread %d of %u, in ", thread - 1, run_now().threads);
    print_run();
    fprintf(stderr, "; ops are numbered in each thread's own program\n");
}

/* A threaded run has no one op to name (fuzz_running() is NULL there): the
 * thread's own is named by threads.c. */
static void (*thread_op_namer)(FILE *out, int thread);

static void print_threaded_crash(const char *why)
{
    if (this_thread)
        fprintf(stderr, "halloc-fuzz: %s in thread %d of %u, in ", why, this_thread - 1, run_now().threads);
    else
        fprintf(stderr, "halloc-fuzz: %s in the main thread%s, in ", why,
                fuzz_threads_creating() ? "" : " after the join");
    print_run();
    fprintf(stderr, "; ops are numbered in each thread's own program (make replay-threads PROGRAMS=1 lists "
                    "them)\n");
    if (this_thread && thread_op_namer)
        thread_op_namer(stderr, this_thread);
}

void fuzz_threads_name_stop(const char *why) { print_threaded_crash(why); }

void fuzz_threads_name_ops_by(void (*name_op)(FILE *out, int thread)) { thread_op_namer = name_op; }

/* ---- the reproduce line (oracles.h) ---- */

/* The whole replay command make set for this run (FUZZ_REPLAY_LINE_ENV),
 * when it is cmd's: one left in the environment by another command's run
 * (make replay's, in a threaded run) would reproduce nothing. */
static const char *replay_line_of(const char *cmd)
{
    const char *whole = hl_env(FUZZ_REPLAY_LINE_ENV);
    size_t n = strlen(cmd);
    return whole && strncmp(whole, cmd, n) == 0 && (whole[n] == ' ' || whole[n] == '\0') ? whole : NULL;
}

void fuzz_print_reproduce(const struct fuzz_ctx *c)
{
    /* static: a report may run on a signal's small stack */
    static char quoted[NAME_SHOWN_MAX], saved[NAME_SHOWN_MAX], file[NAME_SHOWN_MAX + 256];
    char switches[256], repeat[32] = "";
    const char *cmd = c->thread ? "make replay-threads" : "make replay", *whole = replay_line_of(cmd), *tail = "";
    *saved = *file = '\0';
    if (!c->opt.input && c->opt.saved_as)
        tail = c->opt.saved_as(saved, sizeof saved);
    /* The file quoted to paste; what follows an engine's name (a glob, a note) as it is. */
    if (c->opt.input || *saved)
        snprintf(file, sizeof file, "%s%s", text_name_quoted(c->opt.input ? c->opt.input : saved, quoted), tail);
    struct run_seen run = run_now();
    if (c->thread && (run.runs || run.run == 0)) /* a replay's run, REPEAT=0's too: reach it again */
        snprintf(repeat, sizeof repeat, " REPEAT=%ld", run.run);
    if (whole && *file) { /* its switches among the build's variables */
        fprintf(stderr, "  reproduce: %s%s CRASH=%s\n", whole, repeat, file);
        fflush(stderr);
        return;
    }
    fuzz_switches_text(switches, sizeof switches); /* as make fuzz's replay line has them */
    fprintf(stderr, "  reproduce: %s%s%s CRASH=%s, plus the variables of this build (TARGET, SRCS, NAME, MM_API, "
                    "CFLAGS, LDLIBS, FUZZ_HEAP, BUILD: make fuzz prints the whole command)\n",
            cmd, switches, repeat, *file ? file : "<input file>");
    fflush(stderr);
}

/* ---- raw writes, for a death callback ---- */

void fuzz_raw_write(const char *text) { (void)!syscall(SYS_write, 2, text, strlen(text)); }

void fuzz_raw_write_number(size_t v)
{
    char digits[24], *p = digits + sizeof digits;
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    fuzz_raw_write(p);
}

void fuzz_threads_write_fuzzer_stop(const char *why, void (*write_op)(int thread))
{
    fuzz_raw_write("halloc-fuzz: ");
    fuzz_raw_write(why);
    if (this_thread) {
        fuzz_raw_write(" in thread ");
        fuzz_raw_write_number((size_t)this_thread - 1);
        fuzz_raw_write(" of ");
        fuzz_raw_write_number(run_now().threads);
        fuzz_raw_write(", in ");
    } else {
        fuzz_raw_write(fuzz_threads_creating() ? " in the main thread, in " : " in the main thread after the join, in ");
    }
    fuzz_raw_write(fuzzer_run);
    if (fuzz_threads_creating())
        fuzz_raw_write(IN_CREATE);
    fuzz_raw_write("; ops are numbered in each thread's own program (make replay-threads PROGRAMS=1 lists them)\n");
    if (this_thread)
        write_op(this_thread);
}
