/*
 * oracle-report.h - the report the oracles (oracles.c, oracle-calls.c)
 * print, laid out by oracle-report.c. Only those three files include it.
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

#endif /* FUZZ_ORACLE_REPORT_H */
