/*
 * causes.c - an oracle report's "cause:" line, picked from cause-table.c's
 * rows by the words of its "what" line (oracles.c prints it under "what";
 * the clauses the model's blocks give that line come from causes-blocks.c),
 * or read from the checker's own message; the "sized:" line of an adapter
 * whose frees are sized; and what an errno the allocator returned means,
 * named rather than a bare number.
 */
#include <stdio.h>
#include <string.h>

#include "../allocator/errno_names.h"
#include "cause-table.h"
#include "harness.h"

/* For checker_failed, the cause is read from the checker's message (halloc's
 * "invariant: what the walk saw"): keyed on the invariant and its numbers,
 * not on one bug. A boundary-tag failure names the footer, but when the
 * footer is itself a chunk size (16-byte granularity, 32 at least: halloc's)
 * it is one of the two sizes a carve leaves: smaller, the footer of a free
 * chunk ending where this header says this one ends (the header is the stale
 * one); larger, the size of the chunk this one is the tail of, which a split
 * that carved a block off its front never rewrote (not_pristine blamed a
 * leak for it). Other failures have no guess here; their "what" stands alone. */
int fuzz_print_checker_cause(const char *message)
{
    size_t size, footer;
    if (sscanf(message, "boundary-tag: free chunk of %zu bytes has footer %zu", &size, &footer) != 2 ||
        footer < 32 || footer % 16 != 0 || footer == size)
        return 0;
    if (footer < size)
        fprintf(stderr, "  cause: likely a stale header, not a damaged footer: the last %zu bytes of the span this "
                        "header claims are a free chunk of their own, so the %zu bytes in front of them were taken "
                        "out of this chunk (a block carved from inside it) and the header never rewritten - a "
                        "remainder in front of a carved block (an aligned allocation's leading gap, the front of a "
                        "split) not made a free chunk of its own and given back\n", footer, size - footer);
    else
        fprintf(stderr, "  cause: likely a stale footer, not a damaged header: it still holds %zu, the size of a "
                        "free chunk this one is the last %zu bytes of, so a split carved the %zu bytes in front of "
                        "it off as a block (a malloc, calloc or realloc served from that chunk) and wrote the "
                        "remainder's header but not its footer; a free of the chunk after it finds its neighbour's "
                        "start by that footer, %zu bytes too far down, over the carved block: write the footer with "
                        "the header at every split\n", footer, size, footer - size, footer - size);
    return 1;
}

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
    const char *message = strstr(what, FUZZ_CHECK_FAILED);
    if (strcmp(oracle, "checker_failed") == 0)
        fuzz_print_checker_cause(message ? message + strlen(FUZZ_CHECK_FAILED) : what);
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
