/*
 * regions.c - which region past region 0 holds an address: the region index
 * that answers at once, and the walk of the region list that decides when
 * it cannot.
 *
 * A heap that grew has a free-list table of its own mapping (heap.c,
 * hl_table_grow), of which the rows use 5 KiB; the region index takes the
 * rest of it: the chunk area of each region past 0, in creation order, each
 * entry sealed with the heap's secret. A lookup goes to the entry holding
 * its address (the newest regions are the largest, so it looks there
 * first), checks that entry's seal before it reads the region's header, then
 * the region's own seal, and trusts nothing else: one region seal a lookup,
 * where walking the list back from the last region checked one per region
 * passed (bench/RESULTS.md, "Why halloc is slower"). Whatever the index
 * cannot vouch for - no entry holds the address (a pointer not ours), an
 * entry or its region fails its seal, the index is full - is the walk's to
 * decide, so the index changes no lookup's answer but a found block's
 * beyond a damaged region, which the walk would have stopped at.
 */
#include "internal.h"

/* An entry's seal: its two fields folded as the heap's are (seal.h), never
 * 0, so that a cleared entry does not pass. */
static inline uint64_t hl_bounds_seal(const hl_heap *h, uintptr_t first, uintptr_t room)
{
    uint64_t key = h->secret; /* odd (heap.c) */
    return hl_seal_end(hl_seal_step((uint64_t)first ^ h->secret, key, room), key) | 1;
}

hl_index *hl_index_of(const hl_heap *h)
{
    if ((const void *)h->heads == (const void *)h->heads_inline)
        return NULL;
    return (hl_index *)((char *)h->heads + HL_TABLE_BYTES);
}

int hl_bounds_intact(const hl_heap *h, const hl_bounds *b) { return b->seal == hl_bounds_seal(h, b->first, b->room); }

/* Entries the index holds, as far as they may be read: its count is not sealed. */
static inline size_t hl_index_count(const hl_index *x) { return x->count < HL_INDEX_MAX ? x->count : HL_INDEX_MAX; }

/* Lists r, a region past 0 whose header is sealed, after the regions
 * listed; a full index leaves it to the walk. */
void hl_index_add(hl_heap *h, const hl_region *r)
{
    hl_index *x = hl_index_of(h);
    if (!x || x->count >= HL_INDEX_MAX)
        return;
    hl_bounds *b = &x->at[x->count++];
    b->first = (uintptr_t)hl_region_first(h, r);
    b->room = (uintptr_t)hl_region_fence(r) - b->first - HL_MIN_CHUNK;
    b->seal = hl_bounds_seal(h, b->first, b->room);
}

/* The index made again from the region list, leaving out `dropped` (about
 * to be unmapped) if not NULL: after the table's move, every region grown
 * while the rows fitted region 0; after a drop, the rest in order, and a
 * region a full index had left out. Every slot is cleared first: an entry
 * of an unmapped region must never pass its seal. The list is followed only
 * as far as the seals hold; a damaged region and those after it are left to
 * the walk, which stops at it. */
void hl_index_rebuild(hl_heap *h, const hl_region *dropped)
{
    hl_index *x = hl_index_of(h);
    if (!x)
        return;
    memset(x, 0, sizeof *x + HL_INDEX_MAX * sizeof x->at[0]);
    for (const hl_region *r = h->region0.next; r && hl_region_intact(h, r); r = r->next)
        if (r != dropped)
            hl_index_add(h, r);
}

/* The region the index vouches for as holding a, its seal checked; NULL
 * when it vouches for none. An entry holds a when a lies at most `past`
 * bytes beyond the last place a minimum chunk fits: 0 for a chunk, up to
 * the fence for any address. Inlined into both lookups, so that `past` is a
 * constant. */
static inline hl_region *hl_index_find(const hl_heap *h, uintptr_t a, uintptr_t past)
{
    const hl_index *x = hl_index_of(h);
    for (size_t i = x ? hl_index_count(x) : 0; i-- > 0;) {
        const hl_bounds *b = &x->at[i];
        if (a - b->first <= b->room + past) {
            hl_region *r = (hl_region *)(b->first - HL_REGION_HDR);
            return hl_bounds_intact(h, b) && hl_region_intact(h, r) ? r : NULL;
        }
    }
    return NULL;
}

/* The walk of the region list, for what the index does not vouch for: every
 * header on the way is checked against its seal before its size and prev
 * link are used. It starts at the last region, which the heap's seal vouches
 * for; that seal is not checked again here: every caller runs inside a call
 * that checked it on entry (hl_enter) or in the checker after
 * check_heap_header did, and nothing a call writes between reaches the
 * sealed fields (growth and trimming reseal them). Only another thread's
 * stray write within the call could, and one landing just after a check
 * here would pass it too (allocator/README.md, "Hardening: what is
 * detected"). */
static hl_region *hl_region_walk(const hl_heap *h, uintptr_t a)
{
    for (const hl_region *r = h->last; r != &h->region0 && hl_region_intact(h, r); r = r->prev)
        if (a >= (uintptr_t)hl_region_first(h, r) && a < (uintptr_t)hl_region_fence(r))
            return (hl_region *)(uintptr_t)r;
    return NULL;
}

/* hl_region_of past region 0. */
hl_region *hl_region_past0(const hl_heap *h, const void *addr)
{
    hl_region *r = hl_index_find(h, (uintptr_t)addr, HL_MIN_CHUNK - 1);
    return r ? r : hl_region_walk(h, (uintptr_t)addr);
}

/* hl_region_holding past region 0: the index's entries bound where a
 * minimum chunk fits, the walk's regions are tested for it. */
hl_region *hl_region_holding_past0(const hl_heap *h, const hl_chunk *c)
{
    if ((uintptr_t)c % HL_ALIGN)
        return NULL;
    hl_region *r = hl_index_find(h, (uintptr_t)c, 0);
    if (r)
        return r;
    r = hl_region_walk(h, (uintptr_t)c);
    return r && (uintptr_t)c + HL_MIN_CHUNK <= (uintptr_t)hl_region_fence(r) ? r : NULL;
}
