/*
 * cause-table.h - the rows of cause-table.c and cause-likely.c, from which
 * causes.c picks an oracle report's "cause:" line.
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

/* Row text both tables use. The other fix of every alloc_wrong_errno cause but a wrapped product's
 * (which the claim finds): the oracle runs only on the adapter's claim, and
 * a course allocator's adapter copied with the claim in it must be told
 * which of the two to fix. */
#define ENOMEM_CLAIM_OUT \
    "; or, if the allocator is meant to refuse so, take FUZZ_REPORTS_ENOMEM out of the adapter's caps"
/* A fit search's way to a block short of the request, in usable_too_small's causes: round 13b
 * TLSF handed out free blocks 48 bytes short of 4000 and 16 of 196,608, told of a class edge or a
 * header, where the list's first block was taken untested. */
#define FUZZ_OWN_LIST_SEARCH "a segregated fit's search in the request's own list, not rounded up to the next " \
                             "list's floor first, as TLSF's mapping_search must, or a list's first block taken " \
                             "without a test of its size"

extern const struct fuzz_likely_cause fuzz_likely_causes[];
extern const size_t fuzz_likely_causes_count;
extern const struct fuzz_specific_cause fuzz_specific_causes[];
extern const size_t fuzz_specific_causes_count;

#endif
