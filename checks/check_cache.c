/*
 * check_cache.c - the cache of freed chunks (step 6 of the order in check.h).
 * Each list is followed at most depth + 1 steps and every link is
 * range-checked before it is read, so a damaged cache cannot send the
 * checker astray or around forever.
 */
#include "check.h"

static int check_cache_map_bit(hl_check *x, unsigned i)
{
    const hl_heap *h = x->h;
    int bit = (int)((h->cache_map >> i) & 1);
    if (bit != (h->cache->head[i] != NULL))
        return hl_check_fail(x, HALLOC_INV_CACHE_COUNT, NULL, NULL,
                             "cache map bit for %zu-byte chunks is %d but that list is %s", hl_cache_chunk_size(i),
                             bit, h->cache->head[i] ? "non-empty" : "empty");
    return 0;
}

/* A node is a cached chunk of list i's size, and may be followed. */
static int check_cache_node(hl_check *x, unsigned i, const hl_chunk *from, const hl_chunk *c)
{
    size_t want = hl_cache_chunk_size(i);
    if (!hl_heap_holds_chunk(x->h, c)) {
        const hl_region *r = from ? hl_region_of(x->h, from) : NULL;
        return hl_check_fail(x, HALLOC_INV_CACHE_ENTRY, r, from,
                             "cache list for %zu-byte chunks: %s links to %p, outside every chunk area", want,
                             from ? "a node" : "the head", (const void *)c);
    }
    const hl_region *r = hl_region_of(x->h, c);
    size_t word = hl_chunk_word(c);
    if (!hl_chunk_is_valid(x->h, c))
        return hl_check_fail(x, HALLOC_INV_CACHE_ENTRY, r, c,
                             "cache list for %zu-byte chunks holds %p, which has no valid chunk header", want,
                             (const void *)c);
    if ((word & ~HL_FLAG_PREV) != (want | HL_FLAG_CACHED))
        return hl_check_fail(x, HALLOC_INV_CACHE_ENTRY, r, c,
                             "cache list for %zu-byte chunks holds a %s chunk of %zu bytes", want,
                             word & HL_FLAG_FREE ? "free" : word & HL_FLAG_CACHED ? "cached" : "used",
                             hl_word_size(word));
    return 0;
}

static int check_cache_list(hl_check *x, unsigned i)
{
    const hl_heap *h = x->h;
    size_t count = h->cache->count[i], limit = (size_t)h->config.cache_depth, steps = 0;
    const hl_chunk *from = NULL;
    if (check_cache_map_bit(x, i))
        return -1;
    for (const hl_chunk *c = h->cache->head[i]; c; from = c, c = hl_cache_link(h, c)) {
        if (check_cache_node(x, i, from, c))
            return -1;
        if (++steps > count || steps > limit)
            return hl_check_fail(x, HALLOC_INV_CACHE_COUNT, hl_region_of(h, c), c,
                                 "cache list for %zu-byte chunks has more than %zu nodes (count %zu, depth %zu): "
                                 "it loops, or a node was linked without being counted",
                                 hl_cache_chunk_size(i), count < limit ? count : limit, count, limit);
    }
    if (steps != count)
        return hl_check_fail(x, HALLOC_INV_CACHE_COUNT, NULL, NULL,
                             "cache list for %zu-byte chunks has %zu nodes but its count is %zu",
                             hl_cache_chunk_size(i), steps, count);
    x->cache_listed += steps;
    return 0;
}

int hl_check_cache(hl_check *x)
{
    if (x->h->cache_map >> HL_CACHE_CLASSES || (x->h->cache_map && !x->h->cache))
        return hl_check_fail(x, HALLOC_INV_CACHE_COUNT, NULL, NULL,
                             "cache map %#llx has bits above list %u or in a heap without a cache",
                             (unsigned long long)x->h->cache_map, HL_CACHE_CLASSES - 1);
    for (unsigned i = 0; x->h->cache && i < HL_CACHE_CLASSES; i++)
        if (check_cache_list(x, i))
            return -1;
    if (x->cache_listed != x->chunks_cached)
        return hl_check_fail(x, HALLOC_INV_CACHE_UNLISTED, NULL, NULL,
                             "%zu chunks are marked cached but the cache lists hold %zu", x->chunks_cached,
                             x->cache_listed);
    return 0;
}
