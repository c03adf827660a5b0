/*
 * threads.h - threaded runs: one heap, a few threads at once (fuzz/threads.c,
 * where the input format is documented). Used by fuzz/threads-libfuzzer.c
 * and fuzz/threads-replay.c.
 */
#ifndef FUZZ_THREADS_H
#define FUZZ_THREADS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "run.h"

#define FUZZ_THREADS_MIN 2
#define FUZZ_THREADS_MAX 4

/* Exits with status 2 and one line naming FUZZ_THREAD_SAFE if the adapter
 * does not claim it (after fuzz_require_valid_adapter's checks). */
void fuzz_require_thread_safe_adapter(void);

/* At exit of a clean threaded libFuzzer run: fuzz_print_unjudged's line,
 * naming also the oracles off while the threads run at once, then the
 * aligned_alloc calls refused with EINVAL (fuzz_einval_print). */
void fuzz_threads_print_unjudged(void);

/* Runs a threaded input on one fresh heap and destroys it. Run 0 is the
 * lockstep run: the threads take turns, one op at a time in input order
 * (deterministic, each op still on its own thread); run k >= 1 is the kth
 * with the threads at once, of runs (0: the fuzzer's, no count). Reports
 * name the run (fuzz_threads_set_run). An oracle that fires prints its
 * report and aborts. Returns 0, or -1 if create() failed. */
int fuzz_run_threads(const uint8_t *data, size_t size, const struct fuzz_options *opt, long run, long runs);

/* The ops of a threaded input, all threads together; *threads: how many
 * threads run them (unless NULL). */
size_t fuzz_thread_ops(const uint8_t *data, size_t size, unsigned *threads);

/* The input's programs, one per thread, as text (give/take named), to out. */
void fuzz_print_thread_programs(const uint8_t *data, size_t size, FILE *out);

/* Where each thread of the run under way is (an op that has not returned,
 * a lockstep turn awaited, all ops run) and the main thread's step of the
 * final phase, one line each, taking no lock: for a replay's -t limit
 * (stuck: an op in progress is said to be stuck) and a sanitizer's stop.
 * Each thread's line is followed by the last earlier ops it ran (up to
 * that many), one line each. */
void fuzz_threads_print_where(FILE *out, int stuck, unsigned earlier);
/* A count that grows whenever a thread of the run under way begins an op
 * or the main thread a step of the final phase: a timeout tells threads
 * stuck from slow by it (timeout.c). */
uint64_t fuzz_threads_progress(void);

/* The op thread (1-based, as fuzz_threads_set_thread) was running, one line,
 * if it was in one: for a crash's report, which otherwise named only the
 * thread, leaving the user to list its program (-v) and guess. */
void fuzz_threads_print_op(FILE *out, int thread);
/* The same op's name and slot, its arguments left out (they take
 * snprintf), by raw writes to stderr: fuzz_threads_write_fuzzer_stop's
 * write_op, for a death callback. */
void fuzz_threads_write_op(int thread);
/* Where the calling thread is ("thread 1 of 4, in its op #0: malloc 0 24",
 * or the main thread's step), into out: a threaded driver hands it to
 * fuzz_findings_where, for the line that fails a run past a sanitizer's
 * recovered report. */
void fuzz_threads_describe_now(char *out, size_t len);

#endif /* FUZZ_THREADS_H */
