/*
 * check_lists.c - the segregated free lists and their bitmaps (steps 3 and 4
 * of the order in check.h). Links are range-checked before they are read and
 * followed at most once per chunk in the heap, so a damaged list cannot send
 * the checker astray or around forever.
 */
#include "check.h"

static int check_bitmap_level(hl_check *x, unsigned fl)
{
    const hl_heap *h = x->h;
    int fl_bit = (int)((h->fl_bitmap >> fl) & 1);
    uint32_t slmap = h->sl_bitmap[fl];
    if (fl_bit != (slmap != 0))
        return hl_check_fail(x, HALLOC_INV_BITMAP, NULL, NULL,
                             "first-level bit %u is %d but second-level map %u is %#x", fl, fl_bit, fl, slmap);
    if (slmap >> HL_SL_COUNT)
        return hl_check_fail(x, HALLOC_INV_BITMAP, NULL, NULL, "second-level map %u has bits above %u: %#x", fl,
                             HL_SL_COUNT - 1, slmap);
    for (unsigned sl = 0; sl < HL_SL_COUNT; sl++) {
        int sl_bit = (int)((slmap >> sl) & 1);
        if (sl_bit != (h->heads[fl][sl] != NULL))
            return hl_check_fail(x, HALLOC_INV_BITMAP, NULL, NULL, "bit for class (%u,%u) is %d but its list is %s",
                                 fl, sl, sl_bit, h->heads[fl][sl] ? "non-empty" : "empty");
    }
    return 0;
}

int hl_check_bitmap(hl_check *x)
{
    const hl_heap *h = x->h;
    if (h->fl_bitmap >> h->fl_count)
        return hl_check_fail(x, HALLOC_INV_BITMAP, NULL, NULL,
                             "first-level bitmap has bits above %u, the table's last level: %#llx", h->fl_count - 1,
                             (unsigned long long)h->fl_bitmap);
    for (unsigned fl = 0; fl < h->fl_count; fl++)
        if (check_bitmap_level(x, fl))
            return -1;
    for (unsigned fl = h->fl_count; fl < HL_FL_COUNT; fl++)
        if (h->sl_bitmap[fl])
            return hl_check_fail(x, HALLOC_INV_BITMAP, NULL, NULL,
                                 "second-level map %u is %#x but the table has only %u levels", fl, h->sl_bitmap[fl],
                                 h->fl_count);
    return 0;
}

/* A link may be read only if it is a 16-aligned address in some chunk area
 * with room for a free chunk's header and links. */
static int check_list_link(hl_check *x, const hl_chunk *from, const hl_chunk *node, unsigned fl, unsigned sl)
{
    if (hl_heap_holds_chunk(x->h, node))
        return 0;
    const hl_region *r = from ? hl_region_of(x->h, from) : NULL;
    return hl_check_fail(x, HALLOC_INV_LIST_LINKS, r, from, "list (%u,%u): %s links to %p, outside every chunk area",
                         fl, sl, from ? "a node" : "the head", (const void *)node);
}

static int check_list_node_is_chunk(hl_check *x, const hl_chunk *node, unsigned fl, unsigned sl)
{
    if (hl_chunk_is_valid(x->h, node))
        return 0;
    return hl_check_fail(x, HALLOC_INV_USED_IN_LIST, hl_region_of(x->h, node), node,
                         "list (%u,%u) holds %p, which has no valid chunk header", fl, sl, (const void *)node);
}

/* Pass 1: follows next links only, so a cycle is found before any prev link
 * disagrees. More steps than chunks in the heap means a loop. */
static int check_list_cycle(hl_check *x, unsigned fl, unsigned sl)
{
    const hl_chunk *from = NULL;
    size_t steps = 0;
    for (const hl_chunk *c = x->h->heads[fl][sl]; c; from = c, c = hl_link_next(c)) {
        if (check_list_link(x, from, c, fl, sl) || check_list_node_is_chunk(x, c, fl, sl))
            return -1;
        if (++steps > x->chunks)
            return hl_check_fail(x, HALLOC_INV_LIST_CYCLE, hl_region_of(x->h, c), c,
                                 "list (%u,%u) loops: more than %zu steps", fl, sl, x->chunks);
    }
    return 0;
}

static int check_used_in_list(hl_check *x, const hl_region *r, const hl_chunk *c, unsigned fl, unsigned sl)
{
    if (!hl_chunk_is_free(c))
        return hl_check_fail(x, HALLOC_INV_USED_IN_LIST, r, c, "list (%u,%u) holds a used chunk of %zu bytes", fl,
                             sl, hl_chunk_size(c));
    return 0;
}

static int check_wrong_list(hl_check *x, const hl_region *r, const hl_chunk *c, unsigned fl, unsigned sl)
{
    unsigned cfl, csl;
    hl_size_class(hl_chunk_size(c), &cfl, &csl);
    if (cfl != fl || csl != sl)
        return hl_check_fail(x, HALLOC_INV_WRONG_LIST, r, c, "chunk of %zu bytes (class %u,%u) is in list (%u,%u)",
                             hl_chunk_size(c), cfl, csl, fl, sl);
    return 0;
}

static int check_list_links(hl_check *x, const hl_region *r, const hl_chunk *c, const hl_chunk *prev, unsigned fl,
                            unsigned sl)
{
    const hl_chunk *back = hl_link_prev(c);
    if (back != prev)
        return hl_check_fail(x, HALLOC_INV_LIST_LINKS, r, c, "list (%u,%u): prev link is %p, expected %p", fl, sl,
                             (const void *)back, (const void *)prev);
    return 0;
}

/* Pass 2: the list is finite and every node is a chunk; now its contents. */
static int check_list_members(hl_check *x, unsigned fl, unsigned sl)
{
    const hl_chunk *prev = NULL;
    for (const hl_chunk *c = x->h->heads[fl][sl]; c; prev = c, c = hl_link_next(c)) {
        const hl_region *r = hl_region_of(x->h, c);
        if (check_used_in_list(x, r, c, fl, sl) || check_wrong_list(x, r, c, fl, sl) ||
            check_list_links(x, r, c, prev, fl, sl))
            return -1;
        x->listed++;
    }
    return 0;
}

int hl_check_lists(hl_check *x)
{
    for (unsigned fl = 0; fl < x->h->fl_count; fl++)
        for (unsigned sl = 0; sl < HL_SL_COUNT; sl++)
            if (check_list_cycle(x, fl, sl) || check_list_members(x, fl, sl))
                return -1;
    return 0;
}
