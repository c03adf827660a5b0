/*
 * bins.c - the free-list operations that are off the hot path: the bounded
 * first-fit scan behind hl_bin_find's no-spurious-OOM guarantee, and the
 * largest free chunk for halloc_get_stats. bins.h explains the classes.
 */
#include "internal.h"

/* First fit inside size's own class (the chunks the rounded search skips).
 * Every node is range-checked and validated before it is followed, and the
 * walk is bounded by the free-chunk count, so a damaged list ends it. */
hl_chunk *hl_bin_scan(const hl_heap *h, size_t size, int *damaged)
{
    unsigned fl, sl;
    hl_size_class(size, &fl, &sl);
    if (fl >= HL_FL_COUNT)
        return NULL;
    size_t budget = h->stats.chunks_free + 1; /* a longer list has a cycle */
    for (hl_chunk *c = h->heads[fl][sl]; c; c = hl_link_next(c)) {
        if (budget-- == 0 || !hl_heap_holds_chunk(h, c) || !hl_chunk_is_valid(h, c)) {
            *damaged = 1;
            return NULL;
        }
        if (hl_chunk_size(c) >= size)
            return c;
    }
    return NULL;
}

/* Size of the largest free chunk: the maximum over the highest non-empty
 * class (0 if nothing is free). */
size_t hl_bin_largest(const hl_heap *h)
{
    if (!h->fl_bitmap)
        return 0;
    unsigned fl = 63u - (unsigned)__builtin_clzll(h->fl_bitmap);
    if (fl >= HL_FL_COUNT || !h->sl_bitmap[fl])
        return 0;
    unsigned sl = 31u - (unsigned)__builtin_clz(h->sl_bitmap[fl]);
    size_t best = 0, budget = h->stats.chunks_free + 1;
    for (hl_chunk *c = h->heads[fl][sl]; c && budget--; c = hl_link_next(c)) {
        if (!hl_heap_holds_chunk(h, c) || !hl_chunk_is_valid(h, c))
            break;
        if (hl_chunk_size(c) > best)
            best = hl_chunk_size(c);
    }
    return best;
}
