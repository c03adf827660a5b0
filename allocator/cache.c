/*
 * cache.c - the cache operations off the hot path: the flush that returns
 * every cached chunk to the free lists, and the largest cached chunk for
 * halloc_get_stats. cache.h explains the cache and when it is flushed.
 */
#include "lookup.h"

/* Returns the head of list i to the free lists, merged with its free
 * neighbours; 0, or -1 with a report and the chunk still cached. */
static int hl_cache_return_head(hl_heap *h, unsigned i, const char *op)
{
    hl_chunk *c = h->cache->head[i];
    size_t word = 0;      /* both set by hl_cache_head_ok; gcc cannot see it */
    hl_chunk *next = NULL;
    if (hl_cache_head_ok(h, i, c, &word, &next, op))
        return -1;
    hl_region *r = hl_region_of(h, c);
    if (hl_neighbours_ok(h, r, c, hl_chunk_payload(c), op) || hl_emptying_check(h, r, c, word, op))
        return -1;
    hl_cache_unlink(h, i, word, next);
    hl_coalesce(h, r, c, word & ~HL_FLAG_CACHED);
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

/* The size of the largest cached chunk in *largest (0 if none). 0, or -1 if
 * the cache map names a list that is not there. */
int hl_cache_largest(const hl_heap *h, size_t *largest)
{
    *largest = 0;
    if (!h->cache_map)
        return 0;
    unsigned i = 63u - (unsigned)__builtin_clzll(h->cache_map);
    if (!h->cache || i >= HL_CACHE_CLASSES || !h->cache->head[i])
        return -1;
    *largest = hl_cache_chunk_size(i);
    return 0;
}
