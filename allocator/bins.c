/*
 * bins.c - the free-list operations that are off the hot path: the bounded
 * first-fit scan behind hl_bin_find's no-spurious-OOM guarantee, and the
 * largest free chunk for halloc_get_stats. bins.h explains the classes.
 */
#include "internal.h"

/* Calls fn(c, c's header word, ctx) for each chunk of list (fl, sl) in list
 * order until fn returns nonzero, which is then returned. Every node is
 * range-checked, its header validated and its FREE flag confirmed before fn
 * sees it or its link is followed, and the walk is bounded by the free-chunk
 * count (a longer list has a cycle): a damaged list ends it with -1, and
 * *bad (may be NULL) is the node that failed. */
int hl_bin_walk(const hl_heap *h, unsigned fl, unsigned sl, hl_bin_visit fn, void *ctx, const hl_chunk **bad)
{
    size_t budget = h->stats.chunks_free + 1;
    for (hl_chunk *c = h->heads[fl][sl]; c; c = hl_link_next(c)) {
        size_t word;
        if (budget-- == 0 || !hl_heap_holds_chunk(h, c) || !hl_chunk_read(h, c, &word) || !(word & HL_FLAG_FREE)) {
            if (bad)
                *bad = c;
            return -1;
        }
        int rc = fn(c, word, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

struct hl_first_fit {
    size_t size;
    hl_chunk *found;
};

static int hl_take_if_fits(hl_chunk *c, size_t word, void *ctx)
{
    struct hl_first_fit *fit = ctx;
    if (hl_word_size(word) < fit->size)
        return 0;
    fit->found = c;
    return 1;
}

/* First fit inside size's own class (the chunks the rounded search skips). */
hl_chunk *hl_bin_scan(const hl_heap *h, size_t size, int *damaged)
{
    unsigned fl, sl;
    struct hl_first_fit fit = {size, NULL};
    hl_size_class(size, &fl, &sl);
    if (fl >= h->fl_count)
        return NULL;
    if (hl_bin_walk(h, fl, sl, hl_take_if_fits, &fit, NULL) < 0)
        *damaged = 1;
    return fit.found;
}

static int hl_note_largest(hl_chunk *c, size_t word, void *ctx)
{
    size_t *best = ctx;
    (void)c;
    if (hl_word_size(word) > *best)
        *best = hl_word_size(word);
    return 0;
}

/* The size of the largest free chunk, the maximum over the highest non-empty
 * class, in *largest (0 if nothing is free). 0, or -1 if the bitmaps name a
 * list that is not there or that list is damaged (*bad: its node at fault,
 * NULL for the bitmaps). */
int hl_bin_largest(const hl_heap *h, size_t *largest, const hl_chunk **bad)
{
    *largest = 0;
    *bad = NULL;
    if (!h->fl_bitmap)
        return 0;
    unsigned fl = 63u - (unsigned)__builtin_clzll(h->fl_bitmap);
    if (fl >= h->fl_count || !h->sl_bitmap[fl])
        return -1;
    unsigned sl = 31u - (unsigned)__builtin_clz(h->sl_bitmap[fl]);
    if (sl >= HL_SL_COUNT) /* a stray bit above the row's classes */
        return -1;
    if (hl_bin_walk(h, fl, sl, hl_note_largest, largest, bad) < 0)
        return -1;
    return *largest ? 0 : -1; /* an empty list its bit says is not */
}
