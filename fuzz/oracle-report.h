/*
 * oracle-report.h - the report the oracles (oracles.c, oracle-place.c,
 * oracle-calls.c, oracle-counts.c) print, laid out by oracle-report.c. Only
 * those five files and recheck.c include it.
 */
#ifndef FUZZ_ORACLE_REPORT_H
#define FUZZ_ORACLE_REPORT_H

#include "harness.h"

/* The report of ORACLE, fired at the op under way or in c's phase: "what"
 * (FMT...), its likely cause, block SLOT and OTHER (-1: none; with no other,
 * SLOT's neighbours), the heap, the last ops, the allocator's own check and
 * the replay command. The caller aborts after it. */
void fuzz_report(const struct fuzz_ctx *c, const char *oracle, int slot, int other, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A block another thread allocated and gave (threads.c) names that thread
 * and its op: where a thread cache goes wrong, the report's thread is the
 * one that frees or reallocs it, the other half of the story. Empty else. */
const char *fuzz_block_origin(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len);

/* Before a report of a refused request: the adapter's own line on why it
 * refused (why_refused), printed under "what": an allocator that names the
 * damage it believed it found tells the reader where its wrong answer came
 * from. */
void fuzz_note_refusal(const struct fuzz_ctx *c);

/* The next report's cause line (a string that outlives it: the oracle
 * reports and aborts), picked by the oracle from the facts it has (which
 * count is off, by how much, at which op) where cause-table.c's rows, keyed
 * on the words of "what", cannot. A failing allocator check still comes
 * first where checker_before_cause says so. */
void fuzz_note_cause(const char *cause);

/* recheck.c: a report of a free-all's broken heap off a replay (the checker
 * runs only after its last free) says which op or free broke it, found by
 * running the input again in a child checked after each (a line; nothing
 * when that does not apply). In that child, fuzz_recheck_record keeps its
 * first report for the parent and ends the child; elsewhere it returns 0. */
void fuzz_recheck_print(const struct fuzz_ctx *c, const char *oracle);
int fuzz_recheck_record(const struct fuzz_ctx *c, const char *oracle, const char *what);

#endif /* FUZZ_ORACLE_REPORT_H */
