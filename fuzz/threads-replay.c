/*
 * threads-replay.c - replays threaded inputs (fuzz/threads.c; make
 * replay-threads): each input first in lockstep (the threads take turns, one
 * op at a time in input order: deterministic), then -r RUNS times with the
 * threads at once, as the fuzzer ran it. A race shows in some runs only, and
 * under ThreadSanitizer in any run where the racing calls are not ordered by
 * a lock; a crash or oracle stops the process. A run still going after -t
 * seconds (default libFuzzer's timeout in fuzz/halloc.options; 0: no
 * limit) is stopped with exit 1, told as the replay's -t tells one (a
 * wait, a loop, or slow with no thread stuck): threads stuck, often a lock
 * never let go;
 * one whose watchdog thread is stuck too is killed by a guard process
 * (start_guard) GUARD_GRACE seconds later, saying so. With -t 0 neither
 * acts, nor is the guard started: no limit was asked for (a debugger
 * attached, a slow allocator watched), and a process killed from outside
 * would cut that short; a hang then is ended by ^C.
 * A run that ends past a sanitizer's report (built to recover:
 * sanitizer-reports.c counts them) is no clean run: the replay stops after
 * it, exit 1.
 * Exit 0 clean, 2 bad usage or an unreadable input.
 *
 *   threads-replay [-v] [-r RUNS] [-t SECONDS] FILE...
 *
 * -v prints each thread's program first, as it does without -v for an input
 * of at most PROGRAMS_SHOWN_OPS ops. A clean end names the aligned_alloc
 * calls refused with EINVAL in all the runs, as replay's does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../allocator/hl_switch.h" /* hl_env */
#include "adapter.h" /* FUZZ_UNDER_TSAN */
#include "harness.h" /* fuzz_findings */
#include "threads.h"
#include "replay-args.h" /* parse_runs, parse_seconds */
#include "../bench/text-input.h" /* text_cannot_open, text_refuse_stdin_twice */
#include "trace.h"

#define DEFAULT_RUNS 20
/* The default -t: libFuzzer's timeout, from fuzz/halloc.options (its one
 * place), which fuzz/build.mk passes as FUZZ_TIMEOUT_SECONDS. */
#ifndef FUZZ_TIMEOUT_SECONDS
#error "FUZZ_TIMEOUT_SECONDS is unset: build with make, or give -DFUZZ_TIMEOUT_SECONDS=N, N the timeout in fuzz/halloc.options"
#endif
#define DEFAULT_TIMEOUT FUZZ_TIMEOUT_SECONDS
/* A threaded input's bound: libFuzzer's -max_len is far below. A lab trace
 * is refused whatever its size, as replay refuses one (read_input). */
#define INPUT_MAX ((size_t)1 << 20)
/* An input of at most this many ops has its threads' programs printed first
 * without -v: they and a report still fit on one screen. A longer one's
 * (a fuzzer's input runs to hundreds of ops) pushed the report off it; its
 * report names the ops that matter, the thread's history or its op. */
#define PROGRAMS_SHOWN_OPS 24


/* To out, then exit: 0 when asked for (-h), 2 after a wrong option. */
static void usage(FILE *out, int status)
{
    fprintf(out, "usage: threads-replay [-v] [-r RUNS] [-t SECONDS] FILE...  (a binary threaded input: "
                    "fuzz/threads.c; '-': standard input, as for replay)\n"
                    "  -v  print each thread's program (without it, only for an input of at most %d ops)\n"
                    "  -r  the runs with the threads at once after the lockstep run (default %d; 0: the lockstep "
                    "run alone)\n"
                    "  -t  stop a run still going after SECONDS and name where each thread is (default %d, "
                    "libFuzzer's timeout in fuzz/halloc.options; 0: never)\n", PROGRAMS_SHOWN_OPS, DEFAULT_RUNS,
            DEFAULT_TIMEOUT);
    exit(status);
}

/* The -t limit is kept by a thread of its own, not by alarm(): under
 * ThreadSanitizer a signal waits until its thread next enters an intercepted
 * call, and a thread blocked in pthread_mutex_lock on a lock nobody will
 * release (the main thread's final free-all, after a worker returned holding
 * it) never does, so the replay hung instead of saying TIMEOUT. */
/* The millisecond (now_ms) the run must end by (0: no limit), in memory
 * shared with the guard process (start_guard), else in this static. In
 * whole seconds the limit ran one to two seconds long, and the guard's
 * kill came later than its line said. */
static atomic_long deadline_here;
static atomic_long *deadline = &deadline_here;
/* The millisecond a grace past the deadline may last to (0: none under
 * way; fuzz_threads_limit_passed looks again for up to the limit again), for
 * the guard, beside the deadline. */
static atomic_long grace_until_here;
static atomic_long *grace_until = &grace_until_here;
static unsigned limit_seconds; /* -t, for the watchdog's words and the grace */
/* The process's CPU time when the run's limit was set, in ms (a 32-bit long holds 24 days). */
static atomic_long cpu_at_arm_ms;

/* Milliseconds of CLOCK_MONOTONIC since started (set before the guard's
 * fork, so both processes count from it): since boot they overflow a
 * 32-bit long after 24 days. */
static struct timespec started;
static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - started.tv_sec) * 1000 + (t.tv_nsec - started.tv_nsec) / 1000000;
}

static void arm(unsigned limit)
{
    struct timespec cpu;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    atomic_store(&cpu_at_arm_ms, (long)cpu.tv_sec * 1000 + cpu.tv_nsec / 1000000);
    atomic_store(deadline, limit ? now_ms() + (long)limit * 1000 : 0);
}

/* How a user gives a run a longer limit: make replay-threads (its command in
 * the environment) takes TIMEOUT=, the replay run by hand -t. Read before
 * the watchdog starts. */
static const char *longer_limit = "threads-replay -t SECONDS (0: no limit)";

static long deadline_passed; /* the deadline the watchdog found passed */
static int still_set(void) { return atomic_load(deadline) == deadline_passed; }

/* On time out, where each thread is: the op that never returned, which a
 * libFuzzer timeout (its stack the main thread's, in pthread_join) and a
 * deadlock ThreadSanitizer does not report (a default mutex locked twice)
 * leave unnamed; a slow run, whose threads move on, told from a stuck one
 * as the replay's -t tells them (timeout.c). */
static void *watchdog(void *arg)
{
    (void)arg;
    for (;;) {
        long d = atomic_load(deadline);
        if (d && now_ms() > d) {
            deadline_passed = d;
            atomic_store(grace_until, now_ms() + (long)limit_seconds * 1000);
            if (fuzz_threads_limit_passed(limit_seconds, (double)atomic_load(&cpu_at_arm_ms) / 1e3, longer_limit,
                                          still_set))
                _exit(1);
            atomic_store(grace_until, 0);
        }
        sleep(1);
    }
    return NULL;
}

/* The watchdog is a thread of this process, and a crash can take every
 * thread with it: once the jemalloc-tcache-no-flush replay's crash damaged
 * ThreadSanitizer's memory, TSan's CHECK failed, its report waited on a lock
 * the crashed thread held, the watchdog faulted into that report too, and
 * make replay-threads never ended. A process of its own, forked before any
 * thread, reads the same deadline and kills the replay GUARD_GRACE seconds
 * past it (within GUARD_POLL_MS), or past the end of the grace the watchdog
 * gives a run that used the CPU (grace_until), when the watchdog (which
 * checks each second) would long have ended it; its line gives the time it
 * measured past the deadline.
 * The replay's end closes the pipe the guard polls, which ends the guard at
 * once (no process left holding the caller's output open). */
#define GUARD_GRACE 5
#define GUARD_POLL_MS 100
static void guard(pid_t replay, int ended)
{
    struct pollfd p = {.fd = ended, .events = POLLIN};
    for (;;) {
        int r = poll(&p, 1, GUARD_POLL_MS);
        if (r > 0 || (r < 0 && errno != EINTR) || getppid() != replay)
            break; /* the replay ended */
        long d = atomic_load(deadline), past = now_ms() - d, grace = atomic_load(grace_until);
        if (!d || past < GUARD_GRACE * 1000L || (grace > d && now_ms() - grace < GUARD_GRACE * 1000L))
            continue;
        fprintf(stderr, "\nthreads-replay: HUNG: the run was still going %ld.%ld s after its -t limit, whose watchdog "
                        "thread did not end it, so every thread was stuck: most often a crash (its CRASH line or "
                        "sanitizer report above is the finding: fix that) left ThreadSanitizer hanging in its own "
                        "report; the replay's guard process killed it (SIGKILL)%s\n", past / 1000, past % 1000 / 100,
                FUZZ_UNDER_TSAN ? "; make replay-threads THREADS_SAN=address replays it without TSan" : "");
        kill(replay, SIGKILL);
        break;
    }
    _exit(0);
}

static int start_guard(void)
{
    atomic_long *shared = mmap(NULL, 2 * sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int ends[2];
    if (shared == MAP_FAILED || pipe(ends) != 0)
        return -1;
    atomic_store(shared, 0);
    atomic_store(shared + 1, 0);
    deadline = shared;
    grace_until = shared + 1;
    pid_t replay = getpid(), pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(ends[1]);
        guard(replay, ends[0]);
    }
    close(ends[0]);
    fcntl(ends[1], F_SETFD, FD_CLOEXEC); /* only this process's end closes it */
    return 0;
}

/* ThreadSanitizer's report names its own thread numbers (T26) and the
 * harness's functions (op_malloc), not the input's ops, so a race was not
 * tied to the thread and op that met it. It stops the program
 * (halt_on_error) from the thread whose access it reports first; this names
 * that thread, its run and its op (make fuzz-threads names only its thread
 * and the op's name and slot, and points here), then where the others are, by the names threads.c
 * gives them, which the report prints after its accesses. The report's
 * other access came earlier: its thread may have gone on to later ops or
 * finished, so each thread's last TSAN_EARLIER_OPS ops are listed too (the
 * access's stack names the function: op_malloc, give, ...). */
#define TSAN_EARLIER_OPS 6
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void name_tsan_stop(void)
{
    int fault;
    fuzz_threads_name_stop(fuzz_tsan_stop_why(&fault));
    if (fault)
        fprintf(stderr, "  where every thread was when it stopped, with the ops each ran last:\n");
    else
        fprintf(stderr, "  where every thread was when it stopped, named as on the report's 'Thread T26 'halloc "
                        "t2/3'' lines (thread 2 of 3), which tie both its accesses to the input's threads, with the "
                        "ops each ran last (the other access came earlier: in the op named for its thread, or an "
                        "earlier one; its stack names the call):\n");
    fuzz_threads_print_where(stderr, 0, TSAN_EARLIER_OPS);
}

/* Every byte string decodes as a threaded input, so a trace handed here
 * ran as ops nobody wrote and came out "clean" (corpus/threads/'s seeds are
 * text traces, converted before they are run: fuzz/scripts/threads-seed.sh;
 * the "| cat" keeps to-bin from reopening, and so emptying, the file that
 * already holds the first byte). The converted file goes under make's BUILD
 * (FUZZ_BUILD_DIR, from fuzz/threads.mk: a fixed build/ named another
 * tree's trace-tool after make BUILD=dir), by the trace-tool it names, not
 * beside the input: beside a corpus/threads/
 * seed it was an untracked file in the source tree. A compressed, UTF-16 or
 * lab trace is refused as replay refuses it (fuzz_input_refusal). */
#ifndef FUZZ_BUILD_DIR
#define FUZZ_BUILD_DIR "build" /* make's default BUILD */
#endif
static void refuse_trace(const char *path, const uint8_t *data, size_t size)
{
    char err[FUZZ_ERROR_MAX];
    if (fuzz_input_refusal(path, data, size, "a threaded input", err, sizeof err) != 0) {
        fprintf(stderr, "threads-replay: %s\n", err);
    } else if (fuzz_looks_like_text(path, data, size)) {
        const char *stem = stdin_stem(path), *base = strrchr(stem, '/') ? strrchr(stem, '/') + 1 : stem;
        size_t len = strlen(base);
        int txt = len > 4 && strcmp(base + len - 4, ".txt") == 0; /* handover.txt -> handover.bin */
        char out[NAME_SHOWN_MAX];
        snprintf(out, sizeof out, "%s/fuzz/%.*s.bin", FUZZ_BUILD_DIR, (int)(txt ? len - 4 : len), base);
        /* A command to paste: its names quoted for the shell (NAME_QUOTED), the prose's escaped; standard
         * input, read here to its end, given again (stdin_again). */
        fprintf(stderr, "threads-replay: %s: a text trace, not a threaded input (a binary file make fuzz-threads "
                        "saved); convert it as the seeds are: { printf '\\001'; %s to-bin --threads %s /dev/stdout%s | "
                        "cat; } > %s\n",
                NAME_SHOWN(path), NAME_QUOTED(FUZZ_BUILD_DIR "/fuzz/trace-tool"), NAME_QUOTED(path), stdin_again(path),
                NAME_QUOTED(out));
    } else {
        return;
    }
    exit(2);
}

/* An input with no op is refused, exit 2, as replay refuses one (no_ops):
 * "clean (0 ops)" judged nothing. Before any run, so no thread exists yet
 * and TSan's exit does not wait, even with a TSAN_OPTIONS atexit_sleep_ms
 * (fuzz/threads.c makes it 0). */
static void refuse_no_ops(const char *path, const uint8_t *data, size_t size)
{
    unsigned threads;
    if (fuzz_thread_ops(data, size, &threads) > 0)
        return;
    fprintf(stderr, "threads-replay: %s: holds no operations (%s), so no op would be judged; give a file make "
                    "fuzz-threads saved (crashes/NAME/threads-crash-...)\n", NAME_SHOWN(path),
            size == 0 ? "the file is empty" : "no whole 4-byte record after byte 0");
    exit(2);
}

/* The input at path, read as replay reads one (fuzz_input_read): a lab
 * trace refused from its head however long it is, a file larger than
 * INPUT_MAX refused, not read on; exit 2 with its one line. */
static uint8_t *read_input(const char *path, size_t *size)
{
    char err[FUZZ_ERROR_MAX];
    uint8_t *data;
    if (fuzz_input_read(path, INPUT_MAX, "a threaded input", &data, size, err, sizeof err) != 0) {
        fprintf(stderr, "threads-replay: %s\n", err);
        exit(2);
    }
    refuse_trace(path, data, *size);
    refuse_no_ops(path, data, *size);
    return data;
}

/* After run r (0: the lockstep run) of runs: one that went on past a
 * sanitizer's report (sanitizer-reports.c counted it) fails the input, exit 1,
 * as one an oracle stopped: it ran to its end, and said "clean". */
static void stop_if_reported(const char *path, long r, long runs)
{
    char found[512];
    if (fuzz_findings_text(&fuzz_findings, NULL, found, sizeof found) == 0)
        return;
    if (r == 0)
        fprintf(stderr, "threads-replay: %s: the lockstep run ended, but %s\n", NAME_SHOWN(path), found);
    else
        fprintf(stderr, "threads-replay: %s: run %ld of %ld with the threads at once ended, but %s\n", NAME_SHOWN(path), r, runs,
                found);
    exit(1);
}

static void replay(const char *path, const uint8_t *data, size_t size, int verbose, long runs, unsigned limit)
{
    struct fuzz_options opt = fuzz_options_default();
    opt.input = path;
    opt.every_op = 1;
    unsigned threads;
    size_t ops = fuzz_thread_ops(data, size, &threads);
    if (verbose || ops <= PROGRAMS_SHOWN_OPS)
        fuzz_print_thread_programs(data, size, stderr);
    else
        fprintf(stderr, "threads-replay: %s: %zu ops in %u threads, their programs not listed, to keep a report on "
                        "one screen (-v lists them: make replay-threads PROGRAMS=1)\n", NAME_SHOWN(path), ops, threads);
    fprintf(stderr, "threads-replay: %s: lockstep run (one op at a time, in input order)\n", NAME_SHOWN(path));
    arm(limit);
    fuzz_findings_reset();
    if (fuzz_run_threads(data, size, &opt, 0, runs) != 0)
        goto no_heap;
    stop_if_reported(path, 0, runs);
    for (long r = 1; r <= runs; r++) {
        fprintf(stderr, "threads-replay: %s: run %ld of %ld with the threads at once\n", NAME_SHOWN(path), r, runs);
        arm(limit);
        fuzz_findings_reset();
        if (fuzz_run_threads(data, size, &opt, r, runs) != 0)
            goto no_heap;
        stop_if_reported(path, r, runs);
    }
    arm(0);
    /* The op count, as replay's "ok (N ops)" (an input with none is refused: refuse_no_ops). */
    fprintf(stderr, "threads-replay: %s: clean (%zu ops in %u threads; lockstep and %ld runs at once)\n", NAME_SHOWN(path), ops,
            threads, runs);
    return;
no_heap:
    fuzz_report_create_failure("threads-replay");
    exit(1);
}

int main(int argc, char **argv)
{
    int verbose = 0, opt;
    unsigned runs = DEFAULT_RUNS, limit = DEFAULT_TIMEOUT;
    /* -r and -t as replay takes them, in its words (replay-args.h); -r 0
     * is taken here, the lockstep run alone, which replay has no use for. */
    if (text_help_asked(argc, argv))
        usage(stdout, 0);
    while ((opt = getopt(argc, argv, "vr:t:")) != -1) {
        if (opt == 'v')
            verbose = 1;
        else if (opt == 'r' && !parse_runs("threads-replay", optarg, 0, &runs))
            return 2;
        else if (opt == 't' && !parse_seconds("threads-replay", optarg, &limit))
            return 2;
        else if (opt != 'v' && opt != 'r' && opt != 't')
            usage(stderr, 2);
    }
    if (optind >= argc)
        usage(stderr, 2);
    if (text_refuse_stdin_twice("threads-replay", argv + optind, argc - optind))
        return 2;
    fuzz_require_thread_safe_adapter();
    fuzz_einval_share(); /* for HALLOC_FUZZ_EINVAL_FD=off: a keep-going run's report of a kept input counts none */
    limit_seconds = limit;
    fuzz_timeouts_of_threads(fuzz_threads_progress, fuzz_threads_print_where);
    fuzz_threads_on_crash(fuzz_threads_print_op);
    fuzz_findings_where(fuzz_threads_describe_now);
    if (FUZZ_UNDER_TSAN && __sanitizer_set_death_callback) {
        __sanitizer_set_death_callback(name_tsan_stop);
        fuzz_threads_fault_named_at_death();
    }
    pthread_t dog;
    if (hl_env(FUZZ_REPLAY_LINE_ENV))
        longer_limit = "TIMEOUT=SECONDS on make replay-threads (0: no limit)";
    clock_gettime(CLOCK_MONOTONIC, &started); /* before the guard's fork: now_ms counts from it */
    for (int i = optind; i < argc; i++) {
        size_t n;
        uint8_t *buf = read_input(argv[i], &n);
        /* After the first input is read: a refused one exits at once, where
         * TSan's exit waits when threads exist, with a TSAN_OPTIONS
 * atexit_sleep_ms (fuzz/threads.c makes it 0). */
        if (i == optind && limit && start_guard() != 0) { /* -t 0: no limit, nothing to guard */
            fprintf(stderr, "threads-replay: cannot start the process that guards the -t limit: %s; raise ulimit -u\n",
                    strerror(errno));
            return 2;
        }
        if (i == optind && limit && pthread_create(&dog, NULL, watchdog, NULL) != 0) {
            fprintf(stderr, "threads-replay: cannot start the thread that keeps the -t limit; raise ulimit -u\n");
            return 2;
        }
        replay(argv[i], buf, n, verbose, runs, limit);
        free(buf);
    }
    /* A thread still alive at exit makes TSan's exit wait, with a TSAN_OPTIONS
     * atexit_sleep_ms (fuzz/threads.c makes it 0): the watchdog, asleep in
     * its sleep(), is cancelled. */
    if (limit && !pthread_cancel(dog))
        pthread_join(dog, NULL);
    fuzz_einval_print(); /* every run's refusals, as make replay's end */
    return 0;
}
