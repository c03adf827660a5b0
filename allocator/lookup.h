/*
 * lookup.h - what free and realloc check before they change anything: the
 * pointer's own header, and the chunk after it. Static inline so that both
 * compile them into their hot paths (bench/RESULTS.md "Realloc" has what the
 * calls cost); the error classification behind them stays out of line in
 * free.c.
 */
#ifndef HALLOC_LOOKUP_H
#define HALLOC_LOOKUP_H

#include "internal.h"

/* free.c: why p's header did not validate, or was not where a chunk may
 * start; each reports and returns -1. */
HL_COLD int hl_classify_bad_pointer(hl_heap *h, const hl_region *r, const void *p, const char *op);
HL_COLD int hl_refuse_pointer(hl_heap *h, const void *p, const char *op);

/* 0, the live chunk holding payload p and its header word (read once,
 * validated), or -1 with errno and a report. */
HL_HOT int hl_lookup(hl_heap *h, const void *p, const char *op, hl_region **rp, hl_chunk **cp, size_t *wordp)
{
    hl_chunk *c = hl_chunk_from_payload(p);
    hl_region *r = hl_region_holding(h, c);
    if (__builtin_expect(!r, 0))
        return hl_refuse_pointer(h, p, op);
    if (!hl_chunk_read(h, c, wordp))
        return hl_classify_bad_pointer(h, r, p, op);
    if (*wordp & (HL_FLAG_FREE | HL_FLAG_CACHED))
        return hl_report_double_free(h, op, p);
    *rp = r;
    *cp = c;
    if (!hl_chunk_ends_in(r, c, hl_word_size(*wordp)))
        return hl_report_corrupt_header(h, op, p, c);
    return 0;
}

/* What changing c in place trusts about the chunk after it (c's header word
 * is `word`): its header, and its list links when it is free, since it may be
 * absorbed; absorbing a minimum chunk clears PREV_MIN in the header after
 * that one, so that header too. 0 or -1 with a report. */
HL_HOT int hl_next_check(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op)
{
    hl_chunk *next = hl_chunk_at(c, hl_word_size(word));
    size_t next_word;
    if (!hl_chunk_read(h, next, &next_word))
        return hl_report_corrupt_header(h, op, p, next);
    if (!(next_word & HL_FLAG_FREE))
        return 0;
    if (!hl_chunk_ends_in(r, next, hl_word_size(next_word)))
        return hl_report_corrupt_header(h, op, p, next);
    if (!hl_bin_links_ok(h, next))
        return hl_report_corrupt_list(h, op, next);
    if (hl_word_size(next_word) == HL_MIN_CHUNK && !hl_chunk_is_valid(h, hl_chunk_at(next, HL_MIN_CHUNK)))
        return hl_report_corrupt_header(h, op, p, hl_chunk_at(next, HL_MIN_CHUNK));
    return 0;
}

/* Freeing c (header word `word`, neighbours checked) would leave r, a region
 * past 0, one free chunk, which trimming unmaps: unlinking it rewrites its
 * neighbours' headers and region 0's (the last region), so a damaged one
 * refuses the free before anything changes - unmapping would write through
 * it, and keeping r mapped would hide it (free.c). Region 0 is never
 * unmapped: one compare. 0 or -1 with a report. */
int hl_emptying_check_past0(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const char *op);
HL_HOT int hl_emptying_check(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const char *op)
{
    return r == &h->region0 ? 0 : hl_emptying_check_past0(h, r, c, word, op);
}

#endif /* HALLOC_LOOKUP_H */
