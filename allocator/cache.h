/*
 * cache.h - the cache in front of the free lists, static inline for the
 * malloc and free fast paths.
 *
 * Why: programs free and soon ask again for blocks of the same few small
 * sizes. Merging such a block on free and splitting it again on malloc costs
 * list surgery on three chunks each way; handing it straight back costs two
 * header writes.
 *
 * What: with config.cache_depth > 0, a freed chunk of at most
 * HL_CACHE_MAX_CHUNK bytes is not merged but pushed on a LIFO list for its
 * exact size (one list per 16 bytes), at most cache_depth deep; a malloc of
 * that chunk size pops it in O(1) without touching the free lists or the
 * neighbours. The chunk keeps a header with a valid check value and
 * HL_FLAG_CACHED set, so freeing it again is still EALREADY, and it is
 * poisoned like any freed memory. To its neighbours it is a used chunk:
 * nothing merges with it, its successor's PREV_FREE stays clear.
 *
 * The price is fragmentation: cached chunks are islands the free space
 * around them cannot merge across (README.md "The cache" has the figures), so
 * the cache is off by default.
 *
 * Flush: every cached chunk goes back to the free lists, merged with its
 * free neighbours, before the heap would grow or fail a request (so the
 * cache never causes an out-of-memory) and when the program frees its last
 * block (so a heap the program has emptied is pristine again).
 *
 * Part of internal.h, which includes it near its end.
 */
/* First, outside the guard: internal.h includes this file where its body
 * belongs, after what the body uses, even when this file comes first. */
#include "internal.h"
#ifndef HALLOC_CACHE_H
#define HALLOC_CACHE_H

/* The list for chunks of `size` bytes (a multiple of 16, 32..1024). */
static inline size_t hl_cache_index(size_t size) { return (size - HL_MIN_CHUNK) / HL_ALIGN; }
static inline size_t hl_cache_chunk_size(size_t index) { return HL_MIN_CHUNK + index * HL_ALIGN; }

/*
 * Cache links are stored XORed with the heap's link key and the address they
 * are stored at (safe-linking). The link shares its word with the first
 * bytes of the freed payload, where a write after free lands first; a value
 * written there decodes to a pointer into nowhere, which hl_cache_head_ok
 * refuses before it becomes a list head, whether the value written was a
 * plausible heap pointer or not.
 */
static inline uint64_t hl_cache_link_mask(const hl_heap *h, const hl_chunk *c)
{
    return h->link_key ^ (uint64_t)(uintptr_t)c;
}
static inline hl_chunk *hl_cache_link(const hl_heap *h, const hl_chunk *c)
{
    return (hl_chunk *)(uintptr_t)hl_fold(hl_peek((const char *)c + HL_OFF_NEXT) ^ hl_cache_link_mask(h, c));
}
static inline void hl_cache_set_link(const hl_heap *h, hl_chunk *c, const hl_chunk *next)
{
    hl_poke((char *)c + HL_OFF_NEXT, (uint64_t)(uintptr_t)next ^ hl_cache_link_mask(h, c));
}

/* Nonzero if a freed chunk of `size` bytes may be cached now. The unsigned
 * difference also rejects sizes below the minimum. */
HL_HOT int hl_cache_has_room(const hl_heap *h, size_t size)
{
    return h->cache && size - HL_MIN_CHUNK <= HL_CACHE_MAX_CHUNK - HL_MIN_CHUNK &&
           h->cache->count[hl_cache_index(size)] < (unsigned)h->config.cache_depth;
}

/* Caches the used chunk c (header word `word`, checked, with room). */
HL_HOT void hl_cache_push(hl_heap *h, hl_chunk *c, size_t word)
{
    size_t size = hl_word_size(word);
    size_t i = hl_cache_index(size);
    hl_track_user_free(h, hl_chunk_payload(c), size - HL_HEADER);
    hl_cache_set_link(h, c, h->cache->head[i]);
    hl_chunk_set_word(h, c, word | HL_FLAG_CACHED);
    h->cache->head[i] = c;
    h->cache->count[i]++;
    h->cache_map |= UINT64_C(1) << i;
    hl_used_chunk_forget(h, size);
    h->stats.chunks_cached++;
    h->stats.bytes_cached += size - HL_HEADER;
}

/* Nonzero, c's header word and its decoded link if c, the head of list i
 * (the heap has a cache table), is what the list promises: a chunk in the
 * heap, header valid, cached, of the list's size, counted, and its link NULL
 * or inside the heap (it becomes the head). region0_only (a constant): both
 * in region 0, which takes no call to tell. */
HL_HOT int hl_cache_head_sound(const hl_heap *h, size_t i, const hl_chunk *c, size_t *wordp, hl_chunk **nextp,
                               int region0_only)
{
    if (!(region0_only ? hl_region0_holds_chunk(h, c) : hl_heap_holds_chunk(h, c)))
        return 0;
    *nextp = hl_cache_link(h, c);
    if (*nextp && !(region0_only ? hl_region0_holds_chunk(h, *nextp) : hl_heap_holds_chunk(h, *nextp)))
        return 0;
    return hl_chunk_read(h, c, wordp) && (*wordp & ~HL_FLAG_PREV) == (hl_cache_chunk_size(i) | HL_FLAG_CACHED) &&
           h->cache->count[i] != 0;
}

/* hl_cache_head_sound, else -1 with a report: a write after free changed a
 * link. */
HL_HOT int hl_cache_head_ok(hl_heap *h, size_t i, const hl_chunk *c, size_t *wordp, hl_chunk **nextp,
                            const char *op)
{
    if (__builtin_expect(hl_cache_head_sound(h, i, c, wordp, nextp, 0), 1))
        return 0;
    return hl_report_corrupt_cache(h, op, c);
}

/* Takes the checked head (header word `word`, decoded link `next`) off list
 * i; its header still says cached. */
HL_HOT void hl_cache_unlink(hl_heap *h, size_t i, size_t word, hl_chunk *next)
{
    h->cache->head[i] = next;
    h->cache->count[i]--;
    if (!next)
        h->cache_map &= ~(UINT64_C(1) << i);
    h->stats.chunks_cached--;
    h->stats.bytes_cached -= hl_word_size(word) - HL_HEADER;
}

/* Takes the checked head c of list i (header word `word`, decoded link
 * `next`) for a malloc: a used chunk, not yet opened to the user. */
HL_HOT void hl_cache_take(hl_heap *h, size_t i, hl_chunk *c, size_t word, hl_chunk *next)
{
    hl_cache_unlink(h, i, word, next);
    hl_chunk_set_word(h, c, word & ~HL_FLAG_CACHED);
    h->stats.chunks_used++;
    h->stats.bytes_in_use += hl_word_size(word) - HL_HEADER;
}

/* A cached chunk of exactly `want` bytes, now used (not yet opened to the
 * user); NULL on a miss, NULL and *failed on a damaged cache (reported). */
HL_HOT hl_chunk *hl_cache_pop(hl_heap *h, size_t want, const char *op, int *failed)
{
    if (!h->cache || want > HL_CACHE_MAX_CHUNK)
        return NULL;
    size_t i = hl_cache_index(want);
    hl_chunk *c = h->cache->head[i];
    size_t word = 0;      /* both set by hl_cache_head_ok; gcc cannot see it */
    hl_chunk *next = NULL;
    if (!c)
        return NULL;
    if (hl_cache_head_ok(h, i, c, &word, &next, op)) {
        *failed = 1;
        return NULL;
    }
    hl_cache_take(h, i, c, word, next);
    return c;
}

/*
 * The cache's paths for a heap with nothing to leave (books.h): halloc_malloc
 * and halloc_free take them after the seal and before their tail call, and
 * so keep no frame: they call nothing, report nothing, and take only chunks
 * and links in region 0. Anything else - a miss, a list head or block past
 * region 0, damage, a full list - changes nothing and returns 0, and the
 * call goes on to hl_malloc or hl_free, which test it all again and report
 * what is wrong; a free the cache has no room for goes on to a free that
 * does not ask the cache again (free.c hl_free_past_cache). ASan, memcheck
 * and debug builds never come here; the fuzz run of the cache adapter built
 * with UBSan alone does (fuzz/CHECKS.md).
 */

/* A hit: the payload of a cached chunk for `size` bytes, taken as
 * hl_cache_pop takes it; NULL otherwise. */
HL_HOT void *hl_cache_quick_pop(hl_heap *h, size_t size)
{
    /* One compare refuses 0 and anything the cache holds no chunk for. */
    if (size - 1 >= HL_CACHE_MAX_CHUNK - HL_HEADER)
        return NULL;
    /* hl_cache_index(hl_chunk_size_for(size)) in one shift: 16 bytes of
     * header and a minimum chunk one step more. */
    _Static_assert(HL_HEADER == HL_ALIGN && HL_MIN_CHUNK == HL_HEADER + HL_ALIGN, "the cache's index of a request");
    size_t i = (size - 1) / HL_ALIGN;
    hl_chunk *c = h->cache->head[i], *next;
    size_t word;
    if (!c || !hl_cache_head_sound(h, i, c, &word, &next, 1))
        return NULL;
    hl_cache_take(h, i, c, word, next);
    void *p = hl_chunk_payload(c);
    hl_track_user_alloc(h, p, hl_cache_chunk_size(i) - HL_HEADER);
    return p;
}

/* The free of p into the cache, with every check hl_free's lookup and
 * hl_free_checked make before a push: p's header valid, live, its chunk
 * within region 0, the header after it valid; another block live (the
 * free of the last one flushes). Nonzero if p was cached. A block the cache
 * has no room for is told by its header word alone, read before it is
 * checked (p's chunk is in region 0), and sets *no_room, so that its free,
 * which goes on to hl_free past the cache, tests little twice. */
HL_HOT int hl_cache_quick_push(hl_heap *h, const void *p, int *no_room)
{
    hl_chunk *c = hl_chunk_from_payload(p); /* p may be NULL: the region test refuses it */
    if (!hl_region0_holds_chunk(h, c))
        return 0;
    size_t word = hl_chunk_word(c), size = hl_word_size(word);
    if (!hl_cache_has_room(h, size)) {
        *no_room = 1;
        return 0;
    }
    if (h->stats.chunks_used <= 1 || !hl_chunk_is_valid(h, c) ||
        (word & (HL_FLAG_FREE | HL_FLAG_CACHED)) || !hl_chunk_ends_in(&h->region0, c, size) ||
        !hl_chunk_is_valid(h, hl_chunk_at(c, size)))
        return 0;
    hl_cache_push(h, c, word);
    return 1;
}

#endif /* HALLOC_CACHE_H */
