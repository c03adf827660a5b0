/*
 * bins.c - TLSF-style segregated free lists: size classes, bitmaps, O(1)
 * insert / remove / find.
 *
 * Classes: chunk sizes below HL_SMALL_LIMIT (256) map linearly, one class per
 * 16 bytes (first level 0). Larger sizes: first level = floor(log2(size)) - 7,
 * second level = the next HL_SL_LOG2 bits below the leading one, so each
 * power-of-two range is cut into 16 classes. fl_bitmap bit fl is set iff
 * sl_bitmap[fl] is nonzero; sl_bitmap[fl] bit sl is set iff heads[fl][sl] is
 * non-empty. Lists are doubly linked through the free chunks' link words.
 *
 * This file never touches the counters: a chunk moved between lists keeps
 * its free/used accounting (chunk.c does that).
 */
#include "internal.h"

/* The smallest size of the class after size's own, unless size already starts
 * its class: every chunk in the class of the result is >= size. */
static size_t hl_class_round_up(size_t size)
{
    if (size < HL_SMALL_LIMIT)
        return size; /* classes are exactly 16 wide: every member fits */
    unsigned log2 = 63u - (unsigned)__builtin_clzll(size);
    return size + (((size_t)1 << (log2 - HL_SL_LOG2)) - 1);
}

void hl_bin_insert_at(hl_heap *h, hl_chunk *c, unsigned fl, unsigned sl)
{
    hl_chunk *head = h->heads[fl][sl];
    hl_set_link_next(c, head);
    hl_set_link_prev(c, NULL);
    if (head)
        hl_set_link_prev(head, c);
    h->heads[fl][sl] = c;
    h->fl_bitmap |= UINT64_C(1) << fl;
    h->sl_bitmap[fl] |= UINT32_C(1) << sl;
}

void hl_bin_insert(hl_heap *h, hl_chunk *c)
{
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(c), &fl, &sl);
    hl_bin_insert_at(h, c, fl, sl);
}

/* Unlinks c from its class list; the caller has checked hl_bin_links_ok. */
void hl_bin_remove(hl_heap *h, hl_chunk *c)
{
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(c), &fl, &sl);
    hl_chunk *next = hl_link_next(c);
    hl_chunk *prev = hl_link_prev(c);
    if (next)
        hl_set_link_prev(next, prev);
    if (prev) {
        hl_set_link_next(prev, next);
        return;
    }
    h->heads[fl][sl] = next;
    if (!next) {
        h->sl_bitmap[fl] &= ~(UINT32_C(1) << sl);
        if (!h->sl_bitmap[fl])
            h->fl_bitmap &= ~(UINT64_C(1) << fl);
    }
}

/* Safe unlinking: c's neighbours in its list must point back at it (a write
 * after free into c's links would otherwise send the unlink anywhere). */
int hl_bin_links_ok(const hl_heap *h, const hl_chunk *c)
{
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(c), &fl, &sl);
    if (fl >= HL_FL_COUNT)
        return 0;
    hl_chunk *next = hl_link_next(c);
    hl_chunk *prev = hl_link_prev(c);
    if (prev ? !(hl_heap_holds_chunk(h, prev) && hl_link_next(prev) == c) : h->heads[fl][sl] != c)
        return 0;
    if (next && !(hl_heap_holds_chunk(h, next) && hl_link_prev(next) == c))
        return 0;
    return 1;
}

/* Head of the first non-empty class at or after (fl, sl), via the bitmaps. */
static hl_chunk *hl_bin_first_from(const hl_heap *h, unsigned fl, unsigned sl)
{
    uint32_t slmap = h->sl_bitmap[fl] & (~UINT32_C(0) << sl);
    if (!slmap) {
        uint64_t flmap = h->fl_bitmap & (~UINT64_C(0) << (fl + 1));
        if (!flmap)
            return NULL;
        fl = (unsigned)__builtin_ctzll(flmap);
        if (fl >= HL_FL_COUNT)
            return NULL; /* damaged bitmap: the caller validates what we return */
        slmap = h->sl_bitmap[fl];
        if (!slmap)
            return NULL;
    }
    return h->heads[fl][__builtin_ctz(slmap)];
}

/* First fit inside size's own class (the chunks the rounded search skips). */
static hl_chunk *hl_bin_scan(const hl_heap *h, size_t size, int *damaged)
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

/*
 * A free chunk of at least `size` bytes, still in its list; NULL if none
 * (*damaged set if a list turned out to be corrupt).
 *
 * Guarantee - no spurious out-of-memory: this returns a chunk whenever some
 * free chunk can hold `size`. Good fit in O(1): round size up to the next
 * class boundary, so every chunk of the class found fits, and take the head
 * of the first non-empty class from there. That skips only size's own class
 * (when size is not a class boundary), whose chunks may or may not fit; if
 * nothing else is free, scan that one list first-fit.
 */
hl_chunk *hl_bin_find(hl_heap *h, size_t size, int *damaged)
{
    unsigned fl, sl;
    *damaged = 0;
    hl_size_class(hl_class_round_up(size), &fl, &sl);
    if (fl < HL_FL_COUNT) {
        hl_chunk *c = hl_bin_first_from(h, fl, sl);
        if (c)
            return c;
    }
    return hl_bin_scan(h, size, damaged);
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
