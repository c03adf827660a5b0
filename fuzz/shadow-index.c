/*
 * shadow-index.c - the shadow model's address-ordered index of live blocks
 * (a treap, so checking a new block for overlap costs O(log n), not a scan
 * of every pair), and the pattern checks of the blocks it orders; the
 * patterns themselves are shadow.c's.
 */
#include <stdint.h>

#include "harness.h"
#include "shadow-model.h"

/* ---- the address index ----
 *
 * A treap over the live keys, ordered by (address, key): O(log n) expected
 * per insert, remove and lookup, however many blocks are live (verify-traces
 * replays traces with hundreds of thousands). A key's priority is a hash of
 * the key, so the shape - and every report - is the same on every run. The
 * harness's own bookkeeping: kept out of libFuzzer's coverage, so the shape
 * of this tree never counts as a new path in the allocator. */

#define NIL UINT32_MAX

FUZZ_NO_COVERAGE static uintptr_t addr_of(const struct fuzz_index *ix, uint32_t k)
{
    return (uintptr_t)ix->blocks[k].ptr;
}

/* A block's extent for overlap: a zero-byte block still owns its address. */
FUZZ_NO_COVERAGE static uintptr_t block_end(const struct fuzz_block *b)
{
    return (uintptr_t)b->ptr + (b->usable ? b->usable : 1);
}

FUZZ_NO_COVERAGE static uint32_t priority(uint32_t k)
{
    uint32_t x = k * 0x9e3779b1u;
    x ^= x >> 15;
    x *= 0x85ebca77u;
    return x ^ (x >> 13);
}

/* a comes before b: lower address, or the same address and a lower key. */
FUZZ_NO_COVERAGE static int before(const struct fuzz_index *ix, uint32_t a, uint32_t b)
{
    uintptr_t pa = addr_of(ix, a), pb = addr_of(ix, b);
    return pa != pb ? pa < pb : a < b;
}

void fuzz_index_init(struct fuzz_index *ix, struct fuzz_block *blocks, uint32_t (*links)[2])
{
    *ix = (struct fuzz_index){blocks, links, NIL, 0, 0};
}

/* Splits tree t into the keys before k (*l) and the others (*r). */
FUZZ_NO_COVERAGE static void split(struct fuzz_index *ix, uint32_t t, uint32_t k, uint32_t *l, uint32_t *r)
{
    if (t == NIL) {
        *l = *r = NIL;
    } else if (before(ix, t, k)) {
        *l = t;
        split(ix, ix->links[t][1], k, &ix->links[t][1], r);
    } else {
        *r = t;
        split(ix, ix->links[t][0], k, l, &ix->links[t][0]);
    }
}

/* One tree of a's keys and then b's (every key of a comes first). */
FUZZ_NO_COVERAGE static uint32_t merge(struct fuzz_index *ix, uint32_t a, uint32_t b)
{
    if (a == NIL || b == NIL)
        return a == NIL ? b : a;
    if (priority(a) > priority(b)) {
        ix->links[a][1] = merge(ix, ix->links[a][1], b);
        return a;
    }
    ix->links[b][0] = merge(ix, a, ix->links[b][0]);
    return b;
}

/* The last key before k (prev) or the first after it (!prev), k itself
 * excluded, whether or not k is in the tree; NIL if none. */
FUZZ_NO_COVERAGE static uint32_t beside(const struct fuzz_index *ix, uint32_t k, int prev)
{
    uint32_t best = NIL;
    for (uint32_t t = ix->root; t != NIL;) {
        int go_right = prev ? before(ix, t, k) : !before(ix, k, t);
        if (go_right == prev)
            best = t;
        t = ix->links[t][go_right];
    }
    return best;
}

/* The first key whose block starts at or after address p (at_or_after), or
 * the last one starting at or before it; NIL if none. */
FUZZ_NO_COVERAGE static uint32_t by_address(const struct fuzz_index *ix, uintptr_t p, int at_or_after)
{
    uint32_t best = NIL;
    for (uint32_t t = ix->root; t != NIL;) {
        int take = at_or_after ? addr_of(ix, t) >= p : addr_of(ix, t) <= p;
        if (take)
            best = t;
        t = ix->links[t][take != at_or_after];
    }
    return best;
}

FUZZ_NO_COVERAGE int fuzz_index_insert(struct fuzz_index *ix, unsigned key)
{
    const struct fuzz_block *b = &ix->blocks[key];
    uint32_t prev = beside(ix, key, 1), next = beside(ix, key, 0), l, r;
    int other = -1;
    if (prev != NIL && block_end(&ix->blocks[prev]) > (uintptr_t)b->ptr)
        other = (int)prev;
    else if (next != NIL && addr_of(ix, next) < block_end(b))
        other = (int)next;
    split(ix, ix->root, key, &l, &r);
    ix->links[key][0] = ix->links[key][1] = NIL;
    ix->root = merge(ix, merge(ix, l, key), r);
    ix->live++;
    ix->in_use += b->usable;
    return other;
}

FUZZ_NO_COVERAGE void fuzz_index_remove(struct fuzz_index *ix, unsigned key)
{
    uint32_t *at = &ix->root;
    while (*at != NIL && *at != key)
        at = &ix->links[*at][before(ix, *at, key)];
    if (*at == NIL)
        return;
    *at = merge(ix, ix->links[key][0], ix->links[key][1]);
    ix->live--;
    ix->in_use -= ix->blocks[key].usable;
}

FUZZ_NO_COVERAGE int fuzz_index_find(const struct fuzz_index *ix, const void *p)
{
    uint32_t k = by_address(ix, (uintptr_t)p, 0); /* the last block starting at or before p */
    return k != NIL && (uintptr_t)p < block_end(&ix->blocks[k]) ? (int)k : -1;
}

FUZZ_NO_COVERAGE void fuzz_index_neighbours(const struct fuzz_index *ix, unsigned key, int *prev, int *next)
{
    /* By address, so it also works for a block not (yet) in the index. */
    uintptr_t p = addr_of(ix, key);
    uint32_t before_p = p ? by_address(ix, p - 1, 0) : NIL, from_p = by_address(ix, p, 1);
    if (from_p == key)
        from_p = beside(ix, key, 0);
    *prev = before_p == NIL ? -1 : (int)before_p;
    *next = from_p == NIL ? -1 : (int)from_p;
}

FUZZ_NO_COVERAGE void fuzz_index_around(const struct fuzz_index *ix, const void *p, int *prev, int *next)
{
    uint32_t below = by_address(ix, (uintptr_t)p, 0), above = by_address(ix, (uintptr_t)p + 1, 1);
    *prev = below == NIL ? -1 : (int)below;
    *next = above == NIL || (uintptr_t)p == UINTPTR_MAX ? -1 : (int)above;
}

/* Keys in address order from t (in-order walk); n counts them. */
FUZZ_NO_COVERAGE static void collect(const struct fuzz_index *ix, uint32_t t, uint32_t *out, size_t *n)
{
    for (; t != NIL; t = ix->links[t][1]) {
        collect(ix, ix->links[t][0], out, n);
        out[(*n)++] = t;
    }
}

FUZZ_NO_COVERAGE size_t fuzz_index_keys(const struct fuzz_index *ix, uint32_t *out)
{
    size_t n = 0;
    collect(ix, ix->root, out, &n);
    return n;
}

FUZZ_NO_COVERAGE static int damaged(const struct fuzz_index *ix, uint32_t k, struct fuzz_budget *budget,
                                     struct fuzz_damage *d)
{
    const struct fuzz_block *b = &ix->blocks[k];
    return fuzz_check_block(b, b->ptr, b->usable, budget, d);
}

/* The first damaged block from t in address order, or NIL. */
FUZZ_NO_COVERAGE static uint32_t first_damaged(const struct fuzz_index *ix, uint32_t t, struct fuzz_budget *budget,
                                               struct fuzz_damage *d)
{
    for (; t != NIL; t = ix->links[t][1]) {
        uint32_t k = first_damaged(ix, ix->links[t][0], budget, d);
        if (k != NIL)
            return k;
        if (damaged(ix, t, budget, d))
            return t;
    }
    return NIL;
}

FUZZ_NO_COVERAGE int fuzz_verify_all(const struct fuzz_index *ix, struct fuzz_budget *budget, struct fuzz_damage *d)
{
    uint32_t k = first_damaged(ix, ix->root, budget, d);
    return k == NIL ? -1 : (int)k;
}

FUZZ_NO_COVERAGE int fuzz_verify_near(const struct fuzz_index *ix, const void *p, struct fuzz_budget *budget, struct fuzz_damage *d)
{
    uint32_t near[4], k = by_address(ix, (uintptr_t)p, 1); /* the two before p's position, two from it */
    near[2] = k;
    near[3] = k != NIL ? beside(ix, k, 0) : NIL;
    near[1] = k != NIL ? beside(ix, k, 1) : (uintptr_t)p ? by_address(ix, (uintptr_t)p - 1, 0) : NIL;
    near[0] = near[1] != NIL ? beside(ix, near[1], 1) : NIL;
    for (int i = 0; i < 4; i++)
        if (near[i] != NIL && damaged(ix, near[i], budget, d))
            return (int)near[i];
    return -1;
}
