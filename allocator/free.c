/*
 * free.c - pointer validation (its hot part inline in lookup.h), error
 * classification, free with immediate coalescing through the boundary tags,
 * and the cache's flush, which frees every cached chunk so.
 *
 * Validation is O(1): find the region holding p, check alignment, check the
 * header at p - 16. Merged-away headers are invalidated (internal.h, header
 * hygiene), so a valid header there proves p is a chunk's payload. Only an
 * invalid one makes us walk the region to say why (errors only).
 */
#include "lookup.h"

/* The damaged header at or before c, or NULL: walks r from its start. */
static const hl_chunk *hl_first_damage_upto(const hl_heap *h, const hl_region *r, const hl_chunk *c,
                                            const hl_chunk **holder)
{
    const hl_chunk *fence = hl_region_fence(r);
    const hl_chunk *pos = hl_region_first(h, r);
    while (pos <= c) {
        size_t size = hl_chunk_size(pos);
        if (!hl_chunk_is_valid(h, pos) || size < HL_MIN_CHUNK || size % HL_ALIGN ||
            size > (size_t)((const char *)fence - (const char *)pos))
            return pos;
        if ((const char *)c < (const char *)pos + size) {
            *holder = pos;
            return NULL;
        }
        pos = hl_chunk_at(pos, size);
    }
    return pos; /* the walk overshot the fence: damaged */
}

/* p lies in r's chunk area but its header does not validate: corruption,
 * freed memory, or an interior pointer? */
HL_COLD int hl_classify_bad_pointer(hl_heap *h, const hl_region *r, const void *p, const char *op)
{
    /* Walk up to p itself, not its would-be header at p - 16: a damaged
     * header there is still met on the way, but p is classified by the chunk
     * it lies in (p - 16 may sit in a free neighbour while p is a used block's
     * header: EINVAL, not a double free). */
    const hl_chunk *holder = NULL;
    const hl_chunk *bad = hl_first_damage_upto(h, r, (const hl_chunk *)p, &holder);
    if (bad)
        return hl_report_corrupt_header(h, op, p, bad);
    int holder_freed = hl_chunk_is_free(holder) || hl_chunk_is_cached(holder);
    if (holder_freed && (const char *)p >= (const char *)holder + HL_HEADER)
        return hl_report_double_free(h, op, p);
    return hl_report_invalid_pointer(h, op, p, "points inside a block, not at its start");
}

/* p's header is not where a chunk of the heap may start: why. */
HL_COLD int hl_refuse_pointer(hl_heap *h, const void *p, const char *op)
{
    const hl_region *r = hl_region_of(h, p);
    if (!r)
        return hl_report_not_in_heap(h, op, p);
    if ((uintptr_t)p % HL_ALIGN)
        return hl_report_invalid_pointer(h, op, p, "is not 16-byte aligned, so no allocation returned it");
    return hl_report_invalid_pointer(h, op, p, "points into the heap's bookkeeping");
}

int hl_lookup_live(hl_heap *h, const void *p, const char *op, hl_region **rp, hl_chunk **cp)
{
    size_t word = 0;
    return hl_lookup(h, p, op, rp, cp, &word);
}

/* The free chunk before c (header word `word`, with PREV_FREE), checked
 * through its footer (or PREV_MIN) and header; NULL if either is damaged. */
HL_HOT hl_chunk *hl_checked_prev(const hl_heap *h, const hl_region *r, const hl_chunk *c, size_t c_word)
{
    size_t room = (size_t)((const char *)c - (const char *)hl_region_first(h, r));
    size_t size = hl_chunk_prev_size(c, c_word), word;
    if (size < HL_MIN_CHUNK || size % HL_ALIGN || size > room)
        return NULL;
    hl_chunk *prev = (hl_chunk *)((char *)(uintptr_t)c - size);
    if (!hl_chunk_read(h, prev, &word) || !(word & HL_FLAG_FREE) || hl_word_size(word) != size)
        return NULL;
    return prev;
}

/* What merging c with the chunk before it trusts: when c has PREV_FREE, that
 * chunk's footer, header and list links. 0 or -1 with a report. */
HL_HOT int hl_prev_check(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op)
{
    if (!(word & HL_FLAG_PREV_FREE))
        return 0;
    hl_chunk *prev = hl_checked_prev(h, r, c, word);
    if (!prev)
        return hl_report_corrupt_footer(h, op, p, c);
    if (!hl_bin_links_ok(h, prev))
        return hl_report_corrupt_list(h, op, prev);
    return 0;
}

/* Everything freeing c (header word `word`) will trust about its neighbours,
 * checked before anything changes. 0 or -1 with a report. */
HL_HOT int hl_neighbours_check(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p,
                               const char *op)
{
    if (hl_next_check(h, r, c, word, p, op))
        return -1;
    return hl_prev_check(h, r, c, word, p, op);
}

int hl_prev_ok(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op)
{
    return hl_prev_check(h, r, c, word, p, op);
}

/* Nonzero if freeing c (header word `word`, neighbours checked) leaves r's
 * chunk area one free chunk: c, merged with a free chunk on either side,
 * spans it from the first chunk to the fence. */
static inline int hl_frees_whole_region(const hl_heap *h, const hl_region *r, const hl_chunk *c, size_t word)
{
    const hl_chunk *start = word & HL_FLAG_PREV_FREE ? hl_chunk_prev(c, word) : c;
    const hl_chunk *end = hl_chunk_at(c, hl_word_size(word));
    if (hl_chunk_is_free(end))
        end = hl_chunk_next(end);
    return start == hl_region_first(h, r) && end == hl_region_fence(r);
}

/* r, a region past 0, is about to become wholly free: -1 with a report if
 * the policy unmaps a region (r, or under HALLOC_TRIM_KEEP_ONE the one kept
 * before) and something unmapping it trusts is damaged (hl_emptying_plan). */
static HL_COLD int hl_emptying_refused(hl_heap *h, hl_region *r, const char *op)
{
    hl_emptying e;
    if (h->in_buffer || h->config.trim == HALLOC_TRIM_NEVER || !hl_emptying_plan(h, r, &e))
        return 0;
    return e.bad_region ? hl_report_corrupt_region(h, op, e.bad_region) : hl_report_corrupt_list(h, op, e.bad_list);
}

int hl_emptying_check_past0(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const char *op)
{
    return hl_frees_whole_region(h, r, c, word) ? hl_emptying_refused(h, r, op) : 0;
}

/* Nonzero if the chunk [c, c+size) spans all of r, a region past 0, under a
 * trim policy that unmaps (hl_region_emptied decides what). */
static inline int hl_region_is_whole(const hl_heap *h, const hl_region *r, const hl_chunk *c, size_t size)
{
    return c == hl_region_first(h, r) && hl_chunk_at(c, size) == hl_region_fence(r) && !h->in_buffer &&
           h->config.trim != HALLOC_TRIM_NEVER;
}

/* Merges the chunk c (header word `word`; neither used nor cached any more,
 * neighbours checked) with its free neighbours and lists the result, or
 * unmaps a region that became empty. A big one gives its pages back.
 * past0: r is not region 0, the only region that may be unmapped (the
 * caller has tested it already). */
HL_HOT void hl_coalesce_chunk(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, int past0)
{
    size_t size = hl_word_size(word);
    const hl_chunk *block = c;
    size_t block_size = size;
    hl_chunk *next = hl_chunk_at(c, size);
    size_t next_word = hl_chunk_word(next), next_size = 0;
    if (next_word & HL_FLAG_FREE) {
        next_size = hl_free_chunk_absorb(h, next);
        size += next_size;
    }
    if (word & HL_FLAG_PREV_FREE) {
        hl_chunk *prev = hl_chunk_prev(c, word);
        size += hl_free_chunk_absorb(h, prev); /* prev's header is rewritten below */
        hl_chunk_invalidate(c);
        c = prev;
    }
    if (past0 && hl_region_is_whole(h, r, c, size) && hl_region_emptied(h, r))
        return;
    hl_free_chunk_list(h, c, size);
    /* An absorbed free successor's own successor has PREV_FREE already, and
     * PREV_MIN, now wrong, if it was a minimum chunk (checked beforehand:
     * hl_next_check). */
    if (!next_size)
        hl_chunk_set_word(h, next, next_word | hl_prev_flags(size));
    else if (next_size == HL_MIN_CHUNK)
        hl_chunk_set_prev(h, hl_chunk_at(c, size), size);
    hl_release_given_up(h, c, size, block, block_size);
}

/* Returns the head of cache list i to the free lists, merged with its free
 * neighbours, with the checks a free of it makes; 0, or -1 with a report and
 * the chunk still cached. Here, beside the free, so that those checks and the
 * merge are compiled into the flush, not called for each chunk (57 of a
 * flushed chunk's 355 instructions: bench/RESULTS.md "Why halloc is slower",
 * its table). */
static int hl_cache_return_head(hl_heap *h, unsigned i, const char *op)
{
    hl_chunk *c = h->cache->head[i];
    size_t word = 0;      /* both set by hl_cache_head_ok; gcc cannot see it */
    hl_chunk *next = NULL;
    if (hl_cache_head_ok(h, i, c, &word, &next, op))
        return -1;
    hl_region *r = hl_region_holding(h, c); /* as the head check found it */
    if (hl_neighbours_check(h, r, c, word, hl_chunk_payload(c), op) || hl_emptying_check(h, r, c, word, op))
        return -1;
    hl_cache_unlink(h, i, word, next);
    hl_coalesce_chunk(h, r, c, word & ~HL_FLAG_CACHED, r != &h->region0);
    return 0;
}

/* Every step empties one chunk out of the cache, and a chunk whose header
 * no longer says cached stops the flush, so a looping list cannot keep it
 * going. */
int hl_cache_flush(hl_heap *h, const char *op)
{
    if (h->cache_map && !h->cache)
        return hl_report_corrupt_cache(h, op, NULL);
    while (h->cache_map) {
        unsigned i = (unsigned)__builtin_ctzll(h->cache_map);
        if (i >= HL_CACHE_CLASSES || !h->cache->head[i])
            return hl_report_corrupt_cache(h, op, NULL);
        if (hl_cache_return_head(h, i, op))
            return -1;
    }
    return 0;
}

/*
 * Frees the live chunk c (header word `word`, checked) of payload p: into the
 * cache when its list has room, else merged into the free lists. The cache
 * touches no neighbour, but the header after c is still checked, so an
 * overflow out of the block is caught at its free either way. Freeing the
 * last live block flushes the cache first (cache.h). may_cache (a constant):
 * 0 when the caller has found that the cache has no room for c, so that the
 * free does not ask again. 0, or -1 with a report and nothing changed for c.
 */
HL_HOT int hl_free_checked(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op,
                           int may_cache)
{
    size_t size = hl_word_size(word);
    /* One test for a heap without a cache, the default, and its path laid
     * out straight: fewer instructions a free with a cache too (bench/RESULTS.md
     * "Why halloc is slower", its table). */
    if (may_cache && __builtin_expect(h->cache != NULL, 0) && h->stats.chunks_used > 1 &&
        hl_cache_has_room(h, size)) {
        hl_chunk *next = hl_chunk_at(c, size);
        if (!hl_chunk_is_valid(h, next))
            return hl_report_corrupt_header(h, op, p, next);
        hl_cache_push(h, c, word);
        return 0;
    }
    /* Not under h->cache: a cache map set on a heap without a cache is damage
     * that the flush reports. */
    if (h->cache_map && h->stats.chunks_used == 1) {
        if (hl_cache_flush(h, op))
            return -1;
        word = hl_chunk_word(c); /* a flushed neighbour may have set PREV_FREE */
    }
    if (hl_neighbours_check(h, r, c, word, p, op))
        return -1;
    /* Emptying a region past 0 unmaps it: checked before anything changes.
     * The merge is written twice so that a free in region 0 tests no more. */
    if (r != &h->region0) {
        if (hl_frees_whole_region(h, r, c, word) && hl_emptying_refused(h, r, op))
            return -1;
        hl_track_user_free(h, hl_chunk_payload(c), size - HL_HEADER);
        hl_used_chunk_forget(h, size);
        hl_coalesce_chunk(h, r, c, word, 1);
        return 0;
    }
    hl_track_user_free(h, hl_chunk_payload(c), size - HL_HEADER);
    hl_used_chunk_forget(h, size);
    hl_coalesce_chunk(h, r, c, word, 0);
    return 0;
}

int hl_free_chunk(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, const void *p, const char *op)
{
    return hl_free_checked(h, r, c, word, p, op, 1);
}

/* Frees p: 0, or -1 with a report; may_cache as for hl_free_checked.
 * Inlined into hl_free, which realloc calls, hl_free_named and
 * hl_free_past_cache, which halloc_free calls, and hl_free_entering: a
 * call inside them would cost register saves. hl_malloc is not inlined alike: that made malloc longer
 * (bench/RESULTS.md "Why halloc is slower"). */
HL_HOT int hl_free_inline(hl_heap *h, void *p, const char *op, int may_cache)
{
    hl_region *r = NULL;
    hl_chunk *c = NULL;
    size_t word = 0;
    if (!p)
        return 0;
    if (hl_lookup(h, p, op, &r, &c, &word))
        return -1;
    return hl_free_checked(h, r, c, word, p, op, may_cache);
}

int hl_free(hl_heap *h, void *p, const char *op)
{
    return hl_free_inline(h, p, op, 1);
}

/* hl_free for halloc_free alone: its op a constant, which no register then
 * keeps through the call (2 instructions fewer a free, bench/RESULTS.md
 * "Why halloc is slower"; the same copy of hl_malloc made malloc longer). */
static __attribute__((noinline)) int hl_free_named(hl_heap *h, void *p)
{
    return hl_free_inline(h, p, "free", 1);
}

/* hl_free_named for a block the cache has no room for (its list full, or
 * none for its size), as hl_cache_quick_push found: the cache's commonest
 * refusal, which then does not ask again (bench/RESULTS.md "Why halloc is
 * slower", its table). */
static __attribute__((noinline)) int hl_free_past_cache(hl_heap *h, void *p)
{
    return hl_free_inline(h, p, "free", 0);
}

/* halloc_free on a heap with nothing to leave that is not plain: with a
 * cache, a push takes no frame (cache.h). */
static __attribute__((noinline)) int hl_free_cached(hl_heap *h, void *p)
{
    if (!hl_sealed(h, "free"))
        return -1;
    if (!h->cache)
        return hl_free_named(h, p);
    int no_room = 0;
    if (hl_cache_quick_push(h, p, &no_room))
        return 0;
    return no_room ? hl_free_past_cache(h, p) : hl_free_named(h, p);
}

/* halloc_free on a live heap with a lock, books or a debug check. */
static __attribute__((noinline)) int hl_free_entering(hl_heap *h, void *p)
{
    if (hl_enter_live(h, "free"))
        return -1;
    int rc = hl_free_inline(h, p, "free", 1);
    hl_check_heap(h, "free");
    hl_leave(h);
    return rc;
}

/* As halloc_malloc: without a lock, books, a debug check or a cache, the seal
 * and a tail call; under ASan and memcheck halloc_free stays in their stacks. */
int halloc_free(halloc_heap *h, void *p)
{
    if (!hl_heap_ok(h))
        return hl_report_bad_heap("free");
    if (!hl_plain(h)) {
        if (hl_nothing_to_leave(h))
            return hl_free_cached(h, p);
        int rc = hl_free_entering(h, p);
        HL_TRACK_KEEP_CALLER_FRAME();
        return rc;
    }
    return hl_sealed(h, "free") ? hl_free_named(h, p) : -1;
}
