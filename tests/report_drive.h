/*
 * report_drive.h - provokes every report the public API can reach, each with
 * the longest arguments it allows, for a harness to check that none was cut
 * at its buffer: tests/test_report_whole.c (Criterion, LP64) and
 * tests/ilp32_limits.c (make check-m32, where the buffers differ).
 */
#ifndef HALLOC_TESTS_REPORT_DRIVE_H
#define HALLOC_TESTS_REPORT_DRIVE_H

/* Called after each provoking call. refused: the call failed as it should;
 * msg: halloc_last_error's text then; tail: the last words its format ends
 * with. */
typedef void report_seen_fn(const char *what, int refused, const char *msg, const char *tail);

/* What is wrong with msg as a whole report ending in tail, or NULL. */
const char *report_cut_problem(const char *msg, const char *tail);

void report_drive_no_heap(report_seen_fn *seen);   /* the thread's buffer: call once per process */
void report_drive_refusals(report_seen_fn *seen);  /* bad size, alignment, too large, calloc */
void report_drive_no_memory(report_seen_fn *seen); /* out of memory, each reason but the system's */
void report_drive_pointers(report_seen_fn *seen);  /* misuse: bad pointers, double free */

#endif /* HALLOC_TESTS_REPORT_DRIVE_H */
