/*
 * replay-run.h - what replay's two files share: the command's flags and
 * verdicts, the memory a forked run shares with replay for -v, and the runs
 * (replay-run.c) that replay.c's inputs go through. What one file defines
 * for the other is named replay_*: the binary links an allocator's own
 * sources (SRCS), whose names it must not take.
 */
#ifndef FUZZ_REPLAY_RUN_H
#define FUZZ_REPLAY_RUN_H

#include <stddef.h>

#include "harness.h"
#include "trace.h"

enum { CLEAN = 0, FIRED = 1, UNREADABLE = 2, UNJUDGED = 3, REPORTED = 4 /* the last two reported as FIRED */ };

struct flags {
    int verbose, quiet, no_fork, engine_schedule;
    int schedule_too; /* a clean run checked after every op runs again on the engines' schedule (replay.c) */
    unsigned timeout, runs;
    const char *self; /* argv[0], for the command that prints a whole trace */
};

/* -v prints a trace of more than TRACE_SHOWN_MAX ops as its first
 * TRACE_HEAD and last TRACE_TAIL: with the report after it (whose history
 * has the ops up to the one that failed) that fits on one screen, where a
 * long-churn seed's 942 ops pushed everything but the report off it. */
enum { TRACE_HEAD = 12, TRACE_TAIL = 6, TRACE_SHOWN_MAX = 24 };

/* -v without -n: the child prints each op's line as the op starts, so a hang
 * or a kill (of the child, or of replay itself) leaves the ops up to it on
 * the screen. Those of a long trace past its head are not printed then (the
 * middle is left out, and which ops end it is known only when the run ends):
 * the child keeps the last TRACE_RING of them here, in memory it shares with
 * the parent, which prints the trace's end from it when the child has ended,
 * under the child's report, with the op it stopped at (run.h's progress). */
enum { TRACE_RING = TRACE_SHOWN_MAX - TRACE_HEAD, TRACE_LINE_MAX = FUZZ_OP_TEXT_MAX + FUZZ_DRY_NOTE_MAX };
struct shared {
    size_t progress;
    char ring[TRACE_RING][TRACE_LINE_MAX];
};
extern struct shared *replay_shared;
/* The sanitizer reports a run went on past (sanitizer-reports.c counts them): a
 * forked run leaves its count here, in memory this process shares (main
 * maps it); with -n it is the count itself. */
extern struct fuzz_findings *replay_findings_seen;
/* -n: the input whose run here went past such a report. The sanitizer
 * reports a place once per process (UBSan marks the source location
 * reported, ASan with halt_on_error=0 skips a PC it reported), so a later
 * input here meeting the same place would run on unreported, judged clean:
 * the inputs after it are not run (replay_path). */
extern char replay_reported_here[4096];

/* replay.c's: run.h's starting hook, in the child. */
void replay_op_starting(size_t i, const struct fuzz_op *op, const char *not_run);
/* replay-run.c's, which says what each does; a run's few words fit in
 * REPLAY_WHY_MAX bytes. */
enum { REPLAY_WHY_MAX = 320 };
int replay_run_program(const char *path, const struct fuzz_program *prog, const struct flags *f, char *why,
                       size_t why_len);
void replay_settle_usable_hint(const char *path, const struct fuzz_program *prog, const struct flags *f);

#endif
