/*
 * lookaside-check.c - lkh_check: the segments tile into blocks whose sizes
 * chain, no two free blocks adjacent, every free block on the list of its size
 * and nothing else there, the bitmap matching the lists, the lookaside lists
 * holding busy blocks of their size flagged LOOKASIDE up to LA_DEPTH, and the
 * counters matching the walk.
 */
#include "lookaside-internal.h"

#include <stdio.h>

/* Walk facts for the check: what the segments hold. */
struct walk {
    size_t free_blocks, la_blocks, live, in_use;
};

static int fail(char *msg, size_t len, const char *what, const void *at)
{
    snprintf(msg, len, "%s (block at %p)", what, at);
    return 1;
}

static int check_segment(struct seg *s, struct walk *w, char *msg, size_t len)
{
    uint32_t prev = 0, prev_free = 0;
    struct hdr *h = seg_first(s);
    for (; (char *)h < seg_end(s); h = next_hdr(h)) {
        if (h->units < MIN_UNITS || (size_t)h->units * UNIT > (size_t)(seg_end(s) - (char *)h))
            return fail(msg, len, "block size out of its segment", h);
        if (h->prev_units != prev)
            return fail(msg, len, "prev_units does not match the block below", h);
        int is_free = !(h->flags & BUSY);
        if (is_free && prev_free)
            return fail(msg, len, "two free blocks adjacent", h);
        if (is_free)
            w->free_blocks++;
        else if (h->flags & LOOKASIDE)
            w->la_blocks++;
        else {
            w->live++;
            w->in_use += usable(h);
        }
        prev = h->units;
        prev_free = is_free;
    }
    return (char *)h == seg_end(s) ? 0 : fail(msg, len, "blocks run past the segment's end", h);
}

static int check_lists(struct lkh *H, size_t *listed, char *msg, size_t len)
{
    for (unsigned i = 0; i < LISTS; i++) {
        if (!H->lists[i] != !(H->nonempty & (1ull << i)))
            return fail(msg, len, "a list's bitmap bit does not say whether it holds blocks", H->lists[i]);
        struct fblk *back = NULL;
        for (struct fblk *b = H->lists[i]; b; back = b, b = b->next) {
            struct seg *s;
            if (lkh_block_at(H, payload(&b->h), &s) != &b->h || (b->h.flags & BUSY))
                return fail(msg, len, "a list holds what is no free block", b);
            if (list_index(b->h.units) != i || b->prev != back)
                return fail(msg, len, "a free block misfiled or mislinked", b);
            if (++*listed > (size_t)1 << 32)
                return fail(msg, len, "a free list runs round a cycle", b);
        }
    }
    return 0;
}

static int check_lookaside(struct lkh *H, size_t *held, char *msg, size_t len)
{
    for (unsigned i = MIN_UNITS; i <= LA_MAX_UNITS; i++) {
        unsigned n = 0;
        for (char *p = H->la[i]; p; p = *(char **)p) {
            struct seg *s;
            struct hdr *h = lkh_block_at(H, p, &s);
            if (!h || h->units != i || (h->flags & (BUSY | LOOKASIDE)) != (BUSY | LOOKASIDE))
                return fail(msg, len, "a lookaside list holds what is no lookaside block of its size", p);
            if (++n > LA_DEPTH)
                return fail(msg, len, "a lookaside list deeper than LA_DEPTH", p);
        }
        if (n != H->la_count[i])
            return fail(msg, len, "a lookaside list's count is not its length", H->la[i]);
        *held += n;
    }
    return 0;
}

int lkh_check(struct lkh *H, char *msg, size_t len)
{
    struct walk w = {0, 0, 0, 0};
    size_t listed = 0, held = 0;
    for (struct seg *s = H->segs; s; s = s->next)
        if (check_segment(s, &w, msg, len))
            return 1;
    for (struct big *g = H->bigs; g; g = g->next) {
        w.live++;
        w.in_use += lkh_big_usable(g);
    }
    if (check_lists(H, &listed, msg, len) || check_lookaside(H, &held, msg, len))
        return 1;
    if (listed != w.free_blocks)
        return snprintf(msg, len, "%zu free blocks, %zu on the lists", w.free_blocks, listed), 1;
    if (held != w.la_blocks)
        return snprintf(msg, len, "%zu blocks flagged LOOKASIDE, %zu on the lists", w.la_blocks, held), 1;
    if (w.live != H->live || w.in_use != H->in_use)
        return snprintf(msg, len, "counted %zu live blocks of %zu bytes, the walk found %zu of %zu", H->live,
                        H->in_use, w.live, w.in_use), 1;
    return 0;
}
