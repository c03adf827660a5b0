/* progress.h - verify-traces' progress lines, driven by a timer: one every
 * -p seconds of a replay, from the replay's loop while its ops move on, and
 * from the timer's signal while a single op runs on (fuzz/progress.c says
 * why both). */
#ifndef FUZZ_PROGRESS_H
#define FUZZ_PROGRESS_H

#include <stddef.h>

#define PROGRESS_EVERY_DEFAULT 10.0
/* The shortest -p but 0: each tick interrupts whatever system call the
 * allocator is in (those not restarted return EINTR: fuzz/LAB-TRACES.md on -p), and a slow op's
 * lines would flood stderr. */
#define PROGRESS_MIN_SECONDS 0.1

/* Arms the timer for a replay of `total` ops of trace `path` (lines: each
 * op's file line, or NULL), every `every` seconds (> 0). Returns 0, or -1
 * with errno when the timer cannot be had (the replay then runs silent). */
int progress_start(const char *path, size_t total, const size_t *lines, double every);
/* Op `op` begins: the line a tick asked for is printed here, between ops. */
void progress_op(size_t op);
/* No more lines (the replay ended, or a report of its own begins). */
void progress_stop(void);

#endif
