/*
 * run.h - run one program against the adapter's allocator under the oracles.
 * Used by every target (libFuzzer, AFL++, replay).
 */
#ifndef FUZZ_RUN_H
#define FUZZ_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ops.h"

/* Bytes passed to create(): the "heap" symbol in size codes. make's
 * FUZZ_HEAP=bytes sets it, for allocators that never grow (offsets and
 * blocks beyond it are never exercised); the replay line carries it. */
#ifndef FUZZ_HEAP_BYTES
#define FUZZ_HEAP_BYTES ((size_t)64 * 1024)
#endif

struct fuzz_options {
    int shadow;        /* shadow-model oracles (everything but the allocator's checker) */
    int checker;       /* the allocator's own consistency check */
    int usable;        /* believe usable_size (else a block is its requested bytes) */
    int maps_left;     /* say what this input mapped and destroy() left mapped (an out-of-memory's rerun) */
    const char *input; /* the input's file, for reports; NULL when unknown */
    /* When input is NULL: writes the file that holds the input (libFuzzer:
     * the file it runs, or the crash-<sha1> it will save), or nothing, and
     * returns what follows that name unquoted in the command to paste (a
     * glob, a note in parentheses), "" for nothing; NULL when the engine
     * cannot know. */
    const char *(*saved_as)(char *out, size_t len);
    int every_op;      /* the checker and every block's pattern after each op (replay), not on the
                        * engines' schedule (harness.h, FUZZ_FULL_CHECK_OPS) */
    size_t *progress;  /* when set: the op running (SIZE_MAX before op #0, the op count after the
                        * last), so a replay's parent knows where its child stopped */
    /* When set: called as op i starts (before any of its calls), with why it will not run
     * (fuzz_op_not_run_now) or NULL, so replay -v prints each op as it runs. */
    void (*starting)(size_t i, const struct fuzz_op *op, const char *not_run);
    int concurrent;    /* other threads use the heap at once (fuzz/threads.c): whole-heap figures
                        * (stats' largest_free, the process's mappings) say nothing of this
                        * thread's op, so the oracles built on them are off */
};

/* Defaults, then the compile flags (-DFUZZ_NO_ORACLES, -DFUZZ_NO_SHADOW,
 * -DFUZZ_NO_ALLOCATOR_CHECK), then the environment (HALLOC_FUZZ_ORACLES,
 * HALLOC_FUZZ_SHADOW, HALLOC_FUZZ_ALLOCATOR_CHECK, HALLOC_FUZZ_USABLE, HALLOC_FUZZ_MAPS_LEFT (default
 * off): off/0/no or on/1/yes;
 * unset or empty keeps the default; anything else exits with status 2). */
struct fuzz_options fuzz_options_default(void);

/* The one reader of every HALLOC_FUZZ_* switch (fuzz/README.md's table):
 * -1 unset or empty (the default stands), 0 for off, 0 or no, 1 for on, 1 or
 * yes; any other value exits with status 2 and a line naming the variable,
 * its value and the values it takes. */
int fuzz_env_switch(const char *name);

/* The HALLOC_FUZZ_* switches that choose what a run checks, so where it
 * stops: its replay needs the ones it had. This line is their one list:
 * fuzz/replay-line.mk reads it for make fuzz's replay line, and reports
 * write them as that line does (fuzz_switches_text). */
#define FUZZ_REPLAY_SWITCHES "HALLOC_FUZZ_ORACLES", "HALLOC_FUZZ_SHADOW", "HALLOC_FUZZ_ALLOCATOR_CHECK", "HALLOC_FUZZ_USABLE"
/* " NAME='value'" for each of them set to a value, in that order ("" if none). */
void fuzz_switches_text(char *out, size_t len);

/* Runs a program on a fresh heap and destroys it. An oracle that fires
 * prints its report and aborts. Returns 0, or -1 if create() failed. */
int fuzz_run_program(const struct fuzz_op *ops, size_t count, const struct fuzz_options *opt);

/* Exits with status 2 and a one-line message naming the problem if the
 * adapter's table is unusable (a required function missing, a capability
 * without what it needs) or a HALLOC_FUZZ_* switch has an unknown value.
 * Every entry point calls it first; runs call it too. (adapter-table.c, as
 * are fuzz_print_unjudged and fuzz_print_unjudged_also.) */
void fuzz_require_valid_adapter(void);

/* One line on stderr naming what no oracle judges for want of a claim or a
 * function in the adapter's table ("bad frees (FUZZ_DETECTS_BAD_FREE), its
 * own checker (check), ..."; nothing if the adapter claims all): a clean run
 * of an allocator that claims little (jemalloc: no bad frees, no checker) is
 * clean only on the rest. The libFuzzer targets run it at exit, so it comes
 * just above make fuzz's verdict (a finding exits without it). */
void fuzz_print_unjudged(void);
/* aligned_alloc calls refused with EINVAL, which the oracles take as an
 * alignment the allocator does not support and judge no further, counted
 * over the run's processes (einval.c): fuzz_einval_refused notes one;
 * fuzz_einval_share, before the first fork or exec, makes the page the
 * run's processes add to (or finds the one a process it runs under made);
 * fuzz_einval_print, in the process that made it, names how many and their
 * least and greatest alignment in a line of their own (fuzz_print_unjudged
 * calls it), so a run that saw only refusals, or refusals of an alignment
 * the allocator should serve, is not just "clean". */
void fuzz_einval_refused(size_t align);
void fuzz_einval_share(void);
void fuzz_einval_print(void);
/* No total for this process's refusals, and no line: a rerun of an input
 * a counted run already ran (replay's settle run). */
void fuzz_einval_uncounted(void);
/* The page in the file at path (made if missing), for processes no run of
 * ours starts (afl-fuzz's targets); print: this process prints the sum. */
void fuzz_einval_share_file(const char *path, int print);
/* The same, then, unless NULL, what a threaded run did not judge while its
 * threads ran at once (fuzz_threads_print_unjudged's list): one line. */
void fuzz_print_unjudged_also(const char *while_threads);

/* Decodes and runs a binary input with the default options (once read);
 * 1, running nothing, for bytes a replay would read as a trace
 * (fuzz_bytes_read_as_trace), so no crash is saved that replays otherwise.
 * One that ran to its end past a recovered sanitizer report aborts, as a
 * crash (fuzz_findings_stop): the engine saves it. */
int fuzz_run_bytes(const uint8_t *data, size_t size);
/* Sets saved_as for the runs of fuzz_run_bytes (libFuzzer's target). */
void fuzz_set_saved_as(const char *(*saved_as)(char *out, size_t len));

/* The exit status of a fuzzing engine the harness stops on a problem of
 * its own (not a finding: no input is saved), as for a bad adapter. */
#define FUZZ_EXIT_HARNESS 2
/* After an input under a fuzzing engine (ENGINE: its name, for the line):
 * once the kernel refused memory for maps.c's table (fuzz_maps_lost), every
 * later input would pass with its munmap calls unjudged, so this prints one
 * "halloc-fuzz: HARNESS ERROR: ..." line naming the cause and what to do,
 * passes it to also (unless NULL: AFL++'s target tells afl.sh), and _exits
 * with FUZZ_EXIT_HARNESS. Returns if the table is whole. (maps.c) */
void fuzz_stop_if_half_blind(const char *engine, void (*also)(const char *line));

/* After fuzz_run_program returned -1: one line naming the adapter, WHO
 * first, and why create() may fail after earlier inputs succeeded. */
void fuzz_report_create_failure(const char *who);

/* Totals since start, for bench-fuzz. */
struct fuzz_totals {
    unsigned long long programs, ops;
    unsigned long long block_bytes; /* bytes of blocks the harness filled or checked (whole or by samples) */
    double seconds; /* spent running programs (fuzz_totals_add), engine overhead excluded */
};
struct fuzz_totals fuzz_totals(void);
/* CLOCK_MONOTONIC, in seconds. */
double fuzz_seconds_now(void);
/* One program more in the totals, of ops ops, run since started
 * (fuzz_seconds_now): fuzz_run_program's, and a threaded input's, all its
 * threads' ops (threads-libfuzzer.c). */
void fuzz_totals_add(size_t ops, double started);
/* From a libFuzzer target's LLVMFuzzerInitialize: with HALLOC_FUZZ_STATS on,
 * the totals' line at exit (programs and ops, and their rates since this
 * call), whose ops fuzz/scripts/libfuzzer.sh's clean line gives and
 * bench-fuzz reads. */
void fuzz_totals_at_exit(void);

/* Replay only: print the running op's context when a sanitizer or a signal
 * ends the process (oracles print their own reports). */
void fuzz_install_crash_context(void);
/* The same for any other driver (verify-traces): print_context(why) says
 * where the program was; it runs after the sanitizer's report or on a fatal
 * signal, which is then re-raised. */
void fuzz_on_crash(void (*print_context)(const char *why));

/* libFuzzer: once its own signal handlers are in place (from the first
 * input), an abort() or trap inside the allocator prints the op it happened
 * in before libFuzzer's handler saves the input. Replay and verify-traces
 * get this from the two functions above. */
void fuzz_explain_allocator_stops(void);

/* AFL++'s target: the crash context of fuzz_install_crash_context, ending in
 * the replay line, and for a fault in sanitizer builds too (afl-fuzz turns
 * their signal handlers off). */
void fuzz_afl_on_crash(void);

/* Threaded runs (libFuzzer once its handlers are in place, and replay): an
 * abort(), trap or fault in the allocator is named, with the op its thread
 * was in (name_op: fuzz_threads_print_op, from threads.c, which this file's
 * other users do not link), and waits, as oracles do, for a report another
 * thread has started to be printed whole and abort. */
void fuzz_threads_on_crash(void (*name_op)(FILE *out, int thread));
/* Under ThreadSanitizer, with a death callback that names the stop (as
 * "the fault (SIGSEGV) of ThreadSanitizer's report above"): a SIGSEGV or
 * SIGBUS is left to it, not named before TSan's report as well (it was
 * said twice). */
void fuzz_threads_fault_named_at_death(void);
/* The calling thread and its op named as a crash's are ("halloc-fuzz: WHY in
 * thread T of N, in <the run>" and the op), for a sanitizer's death callback. */
void fuzz_threads_name_stop(const char *why);
/* The same line for the fuzzer's run, with raw write system calls and no
 * stdio, for its ThreadSanitizer death callback (threads-libfuzzer.c): it
 * runs while other threads go on, one of which may hold stderr's lock.
 * write_op: fuzz_threads_write_op (threads.c). */
void fuzz_threads_write_fuzzer_stop(const char *why, void (*write_op)(int thread));
/* What a ThreadSanitizer report that stops the run is, for the WHY of those
 * lines: the calling thread's fault (TSan's "SEGV on unknown address"), or
 * else (*fault 0) the first access of a data race. */
const char *fuzz_tsan_stop_why(int *fault);
/* text, or v in decimal, to stderr by the write system call (not
 * intercepted by a sanitizer, no lock taken). */
void fuzz_raw_write(const char *text);
void fuzz_raw_write_number(size_t v);

/* Which run of a threaded input is under way, for its reports to name, so
 * that make replay-threads can be pointed at it (threads.c sets it before
 * the run's create(): a stop there named no run, or the run before): run 0
 * is the lockstep run, run k >= 1 the kth with the threads at once, of runs
 * (0: the fuzzer's, which has no count). Until fuzz_threads_created, the
 * main thread is in the run's create(), which the reports say. */
#define HEAP_CREATE_STEP "create (the heap every thread shares, made before they start)"
void fuzz_threads_set_run(unsigned threads, long run, long runs);
void fuzz_threads_created(void);
/* 1 while the run's create() is under way (safe from any thread). */
int fuzz_threads_creating(void);
/* The calling thread's number in the run, 1 + its index (0: the main thread). */
void fuzz_threads_set_thread(int thread);
/* "  thread T of N, in <the run>" for an oracle's report on thread T's
 * (1 + index) program. */
void fuzz_print_thread_run(int thread);
/* The run alone ("the fuzzer's run with the threads at once ..."), to stderr. */
void fuzz_threads_print_run(void);

/* Replay: after seconds (0: never), print where the program is and end it
 * by SIGALRM. Each call starts the count again. */
void fuzz_set_timeout(unsigned seconds);
/* libFuzzer (timeout.c): an input its -timeout (seconds) ends is named at its
 * op before libFuzzer's own report. Called at the first input, once libFuzzer
 * has its SIGALRM handler (chained to); each input between the two below. */
void fuzz_name_libfuzzer_timeouts(unsigned seconds);
void fuzz_libfuzzer_input_starts(void);
void fuzz_libfuzzer_input_ends(void);
/* libFuzzer's -timeout as it reads it from its arguments: the last one
 * given, 1200 s (its default) if none; 0 (none) if not above 0. */
unsigned fuzz_libfuzzer_timeout_flag(int argc, char **argv);
/* A threaded run (no fuzz_running()): its timeout names where each thread
 * is (print_where: fuzz_threads_print_where), telling stuck from slow by
 * progress (fuzz_threads_progress), which moves whenever one does. */
void fuzz_timeouts_of_threads(uint64_t (*progress)(void), void (*print_where)(FILE *out, int stuck, unsigned earlier));
/* A threaded replay's -t (seconds), passed: looked at again for a while
 * (timeout.c says how long) to tell slow from stuck, its TIMEOUT line and
 * where each thread is printed, 1; 0, nothing printed, if still_set() says
 * the limit was set anew or taken off meanwhile (the run ended). cpu_at_set:
 * the process's CPU seconds when the limit was set; knob: how to give the
 * run a longer one. */
int fuzz_threads_limit_passed(unsigned seconds, double cpu_at_set, const char *knob, int (*still_set)(void));

#endif /* FUZZ_RUN_H */
