/*
 * timeout.c - an input still running past its time limit, named at its op
 * (crash.c's context) with what kept it: an endless loop, a wait, a slow
 * program with no op stuck, or the harness's own pass over block memory.
 * Two limits: the replay's -t (fuzz_set_timeout, the harness's own alarm),
 * and libFuzzer's -timeout (fuzz_name_libfuzzer_timeouts), whose report
 * named no op: make fuzz showed a stack in the allocator's loop and said to
 * replay the input to learn which op it was. A threaded run's (make
 * fuzz-threads) has no one op: it names where each thread is
 * (fuzz_timeouts_of_threads).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h> /* strtol */
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../allocator/hl_switch.h" /* hl_env; by path: built without -Iallocator too */
#include "crash.h"
#include "harness.h"
#include "tenths.h" /* tenths_of */

/* A threaded run has no fuzz_running(): threads.c says how far its threads
 * have got, and prints where each is (NULL: no threaded run linked). */
static uint64_t (*threads_progress)(void);
static void (*threads_where)(FILE *out, int stuck, unsigned earlier);

void fuzz_timeouts_of_threads(uint64_t (*progress)(void), void (*print_where)(FILE *out, int stuck, unsigned earlier))
{
    threads_progress = progress;
    threads_where = print_where;
}

/* How far a running program had got: ops begun, blocks handed out and freed
 * (a hold op makes hundreds of calls); a threaded run's, its threads' steps. */
struct position {
    size_t op, freed;
    uint64_t handed_out, threads;
};

static struct position position_of(const struct fuzz_ctx *c)
{
    if (!c)
        return (struct position){.threads = threads_progress ? threads_progress() : 0};
    return (struct position){.op = c->cur, .freed = c->nfreed, .handed_out = c->generation};
}

static int moved_since(const struct fuzz_ctx *c, const struct position *then)
{
    struct position now = position_of(c);
    return now.op != then->op || now.handed_out != then->handed_out || now.freed != then->freed ||
           now.threads != then->threads;
}

/* The words of a program that moved on between two looks. */
#define SLOW_WORDS                                                                                                     \
    "an allocator this slow on this input, as one whose every call walks all live blocks, runs past the limit, and " \
    "the op named is where the time ran out. A longer limit lets the input finish: %s)"

/* The TIMEOUT words: past `seconds`; on the CPU (busy) or not; `then`, where
 * the program was `since` seconds before (tenths_of), or NULL if unknown; `knob`,
 * the setting that gives this run a longer limit. 1 when they call it an
 * endless loop in the allocator. A program that moved since `then` is slow
 * wherever the time ran out: in the harness's own pass over a block too (a
 * slow allocator's run spends some of its time there, and the report took
 * the one for the other by chance). */
static int timeout_words(const struct fuzz_ctx *c, unsigned seconds, int busy, const struct position *then,
                         double since, const char *knob, char *why, size_t len)
{
    unsigned tenths = tenths_of(since);
    if (fuzz_report_printing())
        snprintf(why, len, "TIMEOUT (still running after %u s, while a report was being written (above), most often "
                           "a sanitizer's waiting on its symbolizer: that report is the finding, replay with -t 0 to "
                           "see it whole)", seconds);
    else if (c && then && moved_since(c, then))
        snprintf(why, len,
                 "TIMEOUT (still running after %u s, but no op is stuck: in the last %u.%u s the program went from op "
                 "#%zu to #%zu, and %llu blocks were handed out and %zu freed; " SLOW_WORDS,
                 seconds, tenths / 10, tenths % 10, then->op, c->cur,
                 (unsigned long long)(c->generation - then->handed_out), c->nfreed - then->freed, knob);
    else if (c && c->touch.verb)
        snprintf(why, len, "TIMEOUT (still running after %u s, in the harness's own pass over block memory, not in "
                           "the allocator)", seconds);
    else if (then && moved_since(c, then))
        snprintf(why, len,
                 "TIMEOUT (still running after %u s, but no thread is stuck: in the last %u.%u s a thread went on to "
                 "its next op, or the main thread to its next step; " SLOW_WORDS,
                 seconds, tenths / 10, tenths % 10, knob);
    else if (!busy)
        snprintf(why, len, "TIMEOUT (still waiting after %u s, using no CPU: the allocator is blocked, most often on "
                           "a lock it took and never released - a return path that skips the unlock - or on one it "
                           "takes twice)", seconds);
    else {
        snprintf(why, len, "TIMEOUT (still running after %u s: an endless loop in the allocator, often a cycle in a "
                           "free list, or a walk over blocks that meets a size of 0)", seconds);
        return 1;
    }
    return 0;
}

/* The op, and for a loop in an allocation after a free that free: a cycle
 * in a free list is most often its making (round 14b's SLOB page left on
 * its list when it was taken, found only as a timeout with no op named). */
static void print_timed_out(const struct fuzz_ctx *c, const char *why, int loop)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    fuzz_crash_timing_out();
    fuzz_print_crash_explained(why);
    const struct fuzz_freed *f = loop ? fuzz_allocating_after_free(c) : NULL;
    if (f)
        fprintf(stderr, "  it loops in %s after a free: likely a walk round a free list that a free made "
                        "a cycle of (a block pushed twice, or a block, page or chunk left on its list when it was "
                        "taken or merged); the latest: block %s%d, [%p, +%zu), freed %s\n",
                c->trimming ? "trim()" : "an allocation", FUZZ_BLOCK_NO(f->slot),
                (const void *)f->ptr, f->usable, fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when));
    fuzz_print_crash_ops();
}

/* A threaded run's: the run, and where each thread was with the ops it ran
 * last (the op that never returned is stuck unless the threads moved). */
#define THREADS_EARLIER_OPS 3
static void print_threads_timed_out(const char *why, int stuck)
{
    fprintf(stderr, "halloc-fuzz: %s, in ", why);
    fuzz_threads_print_run();
    fprintf(stderr, "; where each thread was, its ops numbered in its own program (make replay-threads PROGRAMS=1 "
                    "lists them):\n");
    threads_where(stderr, stuck, THREADS_EARLIER_OPS);
}

static double seconds_of(const struct timespec *t) { return (double)t->tv_sec + (double)t->tv_nsec / 1e9; }

/* CPU seconds the process has used; -1 if unknown. */
static double cpu_now(void)
{
    struct timespec now;
    return clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) == 0 ? seconds_of(&now) : -1;
}

/* ---- the replay's -t ---- */

static unsigned timeout_seconds;
static double cpu_when_set; /* the process's CPU time when the timeout was set */
/* Under make (make replay: the whole command in the environment) the limit
 * is TIMEOUT=, else the build's, from fuzz/halloc.options; the driver run by
 * hand takes -t. Read when set: not in the signal handler. */
static const char *replay_knob;
#define MAKE_REPLAY_KNOB "TIMEOUT=SECONDS on make replay (without it, timeout in fuzz/halloc.options, the limit make builds in)"
/* A goal that sets the limit otherwise names its own knob here, for either
 * limit (make fuzz-lab-batch: FUZZ_INPUT_TIMEOUT, fuzz/lab-batch.mk). */
#define TIMEOUT_KNOB_ENV "HALLOC_FUZZ_TIMEOUT_KNOB"

/* Present only in sanitizer builds: where the loop is. */
extern void __sanitizer_print_stack_trace(void) __attribute__((weak));

/* A look at the running program once the limit rang, and the CPU and wall
 * seconds it had had by then: the first, when it rang, and the latest. */
struct look {
    struct position where;
    double cpu, wall;
};
static struct look at_limit, look;
static int in_grace; /* the limit rang once: watching whether the program moves */

static double wall_now(void)
{
    struct timespec now;
    return clock_gettime(CLOCK_MONOTONIC, &now) == 0 ? seconds_of(&now) : -1;
}

static struct look look_at(const struct fuzz_ctx *c)
{
    return (struct look){.where = position_of(c), .cpu = cpu_now(), .wall = wall_now()};
}

static void ring_in(double seconds)
{
    struct itimerval t = {{0, 0}, {(time_t)seconds, (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) + 1}};
    setitimer(ITIMER_REAL, &t, NULL);
}

/* The limit is the program's, not the op's: an allocator whose every call
 * walks all live blocks (Electric Fence's slot list) runs past it on a long
 * input with no op stuck. So the first ring gives the program a tenth more
 * and looks again: moved on, it is slow, not in a loop. */
static void grace(const struct fuzz_ctx *c)
{
    in_grace = 1;
    at_limit = look = look_at(c);
    ring_in((double)timeout_seconds / 10);
}

/* In the grace, 1 (another look set) while this look cannot tell a slow
 * program from a stuck op yet: where it lands must not decide it, nor the
 * CPU a loaded machine gave the program since the last. A program that moved
 * and is now in the harness's own pass over blocks is looked at again from
 * there, a hundredth of the limit later: a slow allocator's run spends some
 * of its time in those passes (a look landed in one as often as a fifth of
 * the time), and only a pass that does not end is the harness's. One that
 * did not move is stuck once it had a tenth of the limit of CPU since the
 * last look. Past the limit again (a wait uses no CPU), what is known is said. */
static int look_again(const struct fuzz_ctx *c)
{
    double tenth = (double)timeout_seconds / 10, had = cpu_now() - look.cpu;
    if (!c || fuzz_report_printing() || look.cpu < 0 || look.wall < 0 ||
        wall_now() - at_limit.wall >= (double)timeout_seconds)
        return 0;
    if (moved_since(c, &look.where)) {
        if (!c->touch.verb)
            return 0;
        look = look_at(c);
        ring_in(tenth / 10);
        return 1;
    }
    if (had >= tenth)
        return 0;
    ring_in(tenth - had);
    return 1;
}

/* An op that never returns is an allocator stuck in a loop, or waiting;
 * without this the replay of a libFuzzer timeout hangs without a word. A
 * loop spends the time on the CPU, a wait (a course's heap whose failure path
 * kept its mutex) none: under a tenth, on a busy machine, is a wait. A ring
 * in the harness's own pass over blocks gets the grace too: only a pass that
 * does not end is the harness's, and a slow allocator's run spends some of
 * its time in them (every live block checked after each op, in a replay). */
static void timed_out(int sig)
{
    char why[768];
    const struct fuzz_ctx *c = fuzz_running();
    double cpu = cpu_now();
    int busy = cpu < 0 || (cpu - cpu_when_set) * 10 >= (double)timeout_seconds; /* unknown: taken for a loop */
    if (c && busy && !in_grace) {
        grace(c);
        return;
    }
    if (in_grace && look_again(c))
        return;
    /* A report already printing (a sanitizer's, waiting on its symbolizer)
     * holds the symbolizer's lock: the trace would wait for it forever. */
    if (__sanitizer_print_stack_trace && !fuzz_report_printing())
        __sanitizer_print_stack_trace();
    /* Moved: since the limit rang, in the words; else stuck since the latest look. */
    const struct look *then = !in_grace ? NULL : c && moved_since(c, &look.where) ? &at_limit : &look;
    double since = then ? wall_now() - then->wall : 0;
    int loop = timeout_words(c, timeout_seconds, busy, then ? &then->where : NULL, since, replay_knob, why, sizeof why);
    print_timed_out(c, why, loop);
    signal(sig, SIG_DFL);
    raise(sig);
}

void fuzz_set_timeout(unsigned seconds)
{
    timeout_seconds = seconds;
    in_grace = 0;
    cpu_when_set = cpu_now();
    replay_knob = hl_env(TIMEOUT_KNOB_ENV);
    if (!replay_knob)
        replay_knob = hl_env(FUZZ_REPLAY_LINE_ENV) ? MAKE_REPLAY_KNOB
                                                   : "replay -t SECONDS";
    signal(SIGALRM, seconds ? timed_out : SIG_DFL);
    alarm(seconds);
}

/* ---- a threaded replay's -t ----
 *
 * threads-replay.c keeps that limit in a thread of its own (no signal: it
 * says why), which calls this once the limit passed. As the replay's -t
 * does for one program, a run that used the CPU (a tenth of the limit since
 * the limit was set) is looked at again, every GRACE_POLL_MS, until a thread
 * moved on (slow, none stuck), or it had a tenth of the limit of CPU with
 * none moving, or the limit passed again; one that used none is a wait at
 * once. Without this every run past the limit was called stuck or slow in
 * one breath, and each thread's op "has not returned" though threads moved. */
#define GRACE_POLL_MS 10

int fuzz_threads_limit_passed(unsigned seconds, double cpu_at_set, const char *knob, int (*still_set)(void))
{
    const struct look first = look_at(NULL);
    struct look now = first;
    double tenth = (double)seconds / 10;
    int busy = first.cpu < 0 || (first.cpu - cpu_at_set) * 10 >= (double)seconds, moved = 0;
    while (busy && !moved && now.cpu - first.cpu < tenth && now.wall - first.wall < (double)seconds) {
        struct timespec poll = {0, GRACE_POLL_MS * 1000000L};
        nanosleep(&poll, NULL);
        if (!still_set())
            return 0; /* the run ended meanwhile */
        now = look_at(NULL);
        moved = moved_since(NULL, &first.where);
    }
    char why[768];
    timeout_words(NULL, seconds, busy, moved ? &first.where : NULL, now.wall - first.wall, knob, why, sizeof why);
    print_threads_timed_out(why, !moved);
    return 1;
}

/* ---- libFuzzer's -timeout ----
 *
 * libFuzzer's SIGALRM ticks every timeout/2 + 1 s; at a tick in the thread
 * that runs inputs, an input running for its whole seconds or more (since
 * just before it called the target: its clock is the wall clock) is saved
 * and the process ends (_Exit: no hook of the harness runs). So the harness
 * takes the signal first, chained to libFuzzer's: at a tick that libFuzzer
 * will end on, it names the op, then hands over. Each earlier tick notes
 * where the input was, and the CPU time, which tell a loop from a wait and
 * a slow program from a stuck op (one tick period before: with a timeout of
 * 3 s or more there is always such a tick, unless the allocator blocked the
 * signal; without one the report says it cannot tell, in the harness's own
 * pass over blocks too: the replay's -t gives a first ring there a second
 * look, but holding libFuzzer's handler back for one would let an input it
 * must end as a timeout return first). The input's start is
 * taken here a few microseconds after libFuzzer's; 1 ms spare keeps the
 * report from missing a tick libFuzzer ends on, and at worst (a tick that
 * short of the limit, an input that then returns) prints a report of a run
 * that went on. */

static unsigned libfuzzer_seconds;
static const char *libfuzzer_knob; /* read when set: not in the signal handler */
static struct sigaction libfuzzer_alarm; /* libFuzzer's handler, chained to */
static _Thread_local int inputs_run_here; /* libFuzzer acts on its alarm only in this thread */
static struct timespec input_started;     /* CLOCK_REALTIME, libFuzzer's clock */
static volatile sig_atomic_t input_running, input_named;
static struct tick {
    int seen; /* this input's: cleared as each starts */
    struct position where;
    double wall, cpu;
} last_tick;

#define LIBFUZZER_SPARE_SECONDS 0.001
/* make fuzz and make fuzz-threads pass the timeout of fuzz/halloc.options;
 * the binary run by hand takes libFuzzer's flag. */
#define LIBFUZZER_KNOB "under make fuzz, timeout in fuzz/halloc.options; run by hand, libFuzzer's -timeout=SECONDS"

static void name_libfuzzer_timeout(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    double wall = seconds_of(&now), cpu = cpu_now();
    const struct fuzz_ctx *c = fuzz_running();
    int threaded = !c && threads_where;
    if (wall - seconds_of(&input_started) + LIBFUZZER_SPARE_SECONDS < (double)libfuzzer_seconds) {
        if (c || threaded)
            last_tick = (struct tick){.seen = 1, .where = position_of(c), .wall = wall, .cpu = cpu};
        return;
    }
    char why[768];
    double since = last_tick.seen ? wall - last_tick.wall : 0;
    int busy = !last_tick.seen || cpu < 0 || (cpu - last_tick.cpu) * 10 >= since, loop = 0;
    input_named = 1;
    if (!last_tick.seen && c && (c->cur || c->generation || c->nfreed))
        snprintf(why, sizeof why, "TIMEOUT (still running after %u s, at libFuzzer's first tick in this input%s: "
                                  "whether %s or the input is only slow is not known here (no tick before this one "
                                  "to compare with, and libFuzzer ends the input at it); make replay, below, tells "
                                  "them apart)", libfuzzer_seconds,
                 c->touch.verb ? ", in the harness's own pass over block memory, where a slow allocator's run "
                                 "spends some of its time too" : "",
                 c->touch.verb ? "that pass never ends" : "this op loops");
    else if (!last_tick.seen && threaded)
        snprintf(why, sizeof why, "TIMEOUT (still running after %u s, at libFuzzer's first tick in this input: "
                                  "whether a thread loops, waits on a lock or the input is only slow is not known "
                                  "here; a timeout of 3 s or more tells them apart)", libfuzzer_seconds);
    else
        loop = timeout_words(c, libfuzzer_seconds, busy, last_tick.seen ? &last_tick.where : NULL, since,
                             libfuzzer_knob, why, sizeof why);
    if (threaded)
        print_threads_timed_out(why, !(last_tick.seen && moved_since(c, &last_tick.where)));
    else
        print_timed_out(c, why, loop);
    fflush(stderr);
}

static void libfuzzer_alarm_seen(int sig, siginfo_t *info, void *uctx)
{
    int saved = errno;
    /* A report printing holds the crash: libFuzzer's alarm gives way to it. */
    if (inputs_run_here && input_running && !input_named && !fuzz_report_printing())
        name_libfuzzer_timeout();
    errno = saved;
    libfuzzer_alarm.sa_sigaction(sig, info, uctx);
}

unsigned fuzz_libfuzzer_timeout_flag(int argc, char **argv)
{
    long seconds = 1200;
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "-timeout=", 9) == 0)
            seconds = strtol(argv[i] + 9, NULL, 10);
    return seconds > 0 && seconds <= 1000000 ? (unsigned)seconds : 0;
}

void fuzz_name_libfuzzer_timeouts(unsigned seconds)
{
    struct sigaction ours;
    /* No handler of libFuzzer's (-timeout=0, -handle_alrm=0): no timeout to name. */
    if (seconds == 0 || sigaction(SIGALRM, NULL, &libfuzzer_alarm) != 0 ||
        !(libfuzzer_alarm.sa_flags & SA_SIGINFO) || !libfuzzer_alarm.sa_sigaction)
        return;
    libfuzzer_seconds = seconds;
    libfuzzer_knob = hl_env(TIMEOUT_KNOB_ENV);
    if (!libfuzzer_knob)
        libfuzzer_knob = LIBFUZZER_KNOB;
    memset(&ours, 0, sizeof ours);
    ours.sa_sigaction = libfuzzer_alarm_seen;
    ours.sa_flags = libfuzzer_alarm.sa_flags;
    ours.sa_mask = libfuzzer_alarm.sa_mask;
    sigaction(SIGALRM, &ours, NULL);
}

void fuzz_libfuzzer_input_starts(void)
{
    inputs_run_here = 1;
    input_running = 0; /* the tick's record is rewritten below */
    last_tick.seen = 0;
    input_named = 0;
    clock_gettime(CLOCK_REALTIME, &input_started);
    input_running = 1;
}

void fuzz_libfuzzer_input_ends(void) { input_running = 0; }
