/*
 * cache.c - the largest cached chunk for halloc_get_stats, off the hot
 * path. cache.h explains the cache and when it is flushed; the flush, which
 * returns every cached chunk to the free lists, is in free.c beside the
 * merge it compiles in.
 */
#include "internal.h"

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
