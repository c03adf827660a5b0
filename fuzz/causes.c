/*
 * causes.c - an oracle report's "cause:" line, picked from cause-table.c's
 * rows by the words of its "what" line (oracles.c prints it under "what";
 * the clauses the model's blocks give that line come from causes-blocks.c;
 * a checker's message is read in causes-checker.c); the "sized:" line of an adapter
 * whose frees are sized; and what an errno the allocator returned means,
 * named rather than a bare number.
 */
#include <stdio.h>
#include <string.h>

#include "../allocator/errno_names.h"
#include "cause-table.h"
#include "harness.h"

/* A row of oracle `row` serves a report of `oracle`: its own, and
 * past_mapping's rows an out_of_heap that names create_in's buffer in the
 * same words (oracle-place.c: a contains() that knows the buffer meets the
 * block first). */
static int row_serves(const char *row, const char *oracle, const char *what)
{
    return strcmp(row, oracle) == 0 || (strcmp(row, "past_mapping") == 0 && strcmp(oracle, "out_of_heap") == 0 &&
                                        strstr(what, FUZZ_BUFFER_GIVEN) != NULL);
}

void fuzz_print_cause(const char *oracle, const char *what)
{
    for (size_t i = 0; i < fuzz_specific_causes_count; i++) {
        const struct fuzz_specific_cause *row = &fuzz_specific_causes[i];
        if (!row_serves(row->oracle, oracle, what) ||
            !(row->at_start ? strncmp(what, row->mark, strlen(row->mark)) == 0 : strstr(what, row->mark) != NULL) ||
            (row->unless && strstr(what, row->unless)))
            continue;
        if (row->cause)
            fprintf(stderr, "  cause: %s\n", row->cause);
        return;
    }
    for (size_t i = 0; i < fuzz_likely_causes_count; i++)
        if (strcmp(fuzz_likely_causes[i].oracle, oracle) == 0)
            fprintf(stderr, "  cause: %s\n", fuzz_likely_causes[i].cause);
}

/* Under the cause, for an adapter whose frees go through free_sized: the size and alignment it is
 * given are this harness's, and a sized free that files a block by them differently from how its
 * allocation did gives back memory it does not own, or keeps some, which nothing above names (a
 * headerless size-class allocator met each of these oracles so). */
void fuzz_print_sized_free_cause(const struct fuzz_ctx *c, const char *oracle)
{
    static const char *const met_by_sized_frees[] = {"overlap", "not_pristine", "pattern_corrupted", "spurious_oom"};
    if (!c->a->free_sized)
        return;
    for (size_t i = 0; i < sizeof met_by_sized_frees / sizeof met_by_sized_frees[0]; i++)
        if (strcmp(oracle, met_by_sized_frees[i]) == 0) {
            fprintf(stderr, "  sized: this adapter frees through free_sized, given the size last asked for the block "
                    "and aligned_alloc's alignment (0 for other blocks, and after a realloc): a free that files a "
                    "block by them under another size class or page count than its allocation did (a size at a "
                    "class's edge rounded the other way, the alignment left out, a run of whole pages counted one "
                    "page long or short) does this (fuzz/ADAPTERS.md, \"Sized frees\")\n");
            return;
        }
}

const char *fuzz_errno_said(char *buf, size_t len, int err)
{
    const struct hl_errno_name *known = hl_errno_lookup(err);
    snprintf(buf, len, "%d (%s%s%s)", err, known ? known->name : "", known ? ": " : "", strerror(err));
    return buf;
}

const char *fuzz_free_errno_meaning(const struct fuzz_ctx *c, int err)
{
    int freed = (c->a->caps & FUZZ_DETECTS_DOUBLE_FREE) && err == c->a->double_free_errno;
    int foreign = (c->a->caps & FUZZ_DETECTS_BAD_FREE) && err == c->a->bad_free_errno;
    return freed && foreign ? "a freed block or no block of its own (the adapter's double_free_errno and "
                              "bad_free_errno)"
           : freed          ? "a freed one (the adapter's double_free_errno)"
           : foreign        ? "no block of its own (the adapter's bad_free_errno)"
                            : NULL;
}
