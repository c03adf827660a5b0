/*
 * cause-table.h - the rows of cause-table.c, from which causes.c picks an
 * oracle report's "cause:" line.
 */
#ifndef FUZZ_CAUSE_TABLE_H
#define FUZZ_CAUSE_TABLE_H

#include <stddef.h>

/* An oracle and its usual cause (the cause: line when no fuzz_specific_cause
 * serves the report). */
struct fuzz_likely_cause {
    const char *oracle, *cause;
};

/* A cause a report's "what" pins down better than its oracle's general one:
 * the first row whose oracle matches and whose mark "what" holds (at its
 * start, with at_start), and not its unless, is the cause; a row without
 * one says none, as "what" names it already. */
struct fuzz_specific_cause {
    const char *oracle, *mark;
    int at_start;
    const char *unless, *cause;
};

extern const struct fuzz_likely_cause fuzz_likely_causes[];
extern const size_t fuzz_likely_causes_count;
extern const struct fuzz_specific_cause fuzz_specific_causes[];
extern const size_t fuzz_specific_causes_count;

#endif
