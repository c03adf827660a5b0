/*
 * cache-adapter.c - blocks from libc's malloc behind a one-block cache, for
 * check-reports.sh: free keeps the block it is given in the cache, marked
 * freed so a second free of it is refused, and gives the one it held back to
 * libc; malloc hands the cached block out again when it is big enough, and
 * leaves the mark on it (round 20's lookaside heap, a block popped from a
 * lookaside list with its LOOKASIDE flag still set). The next free of that
 * block is refused: free_rejected must name the block freed at that address
 * before, and the mark left on it, not a lookup or a header overwritten.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

#include "adapter.h"

static void *cached, *marked; /* the block in the cache; the one marked freed */

static void *cache_create(size_t bytes)
{
    (void)bytes;
    cached = marked = NULL;
    return &cached;
}

static void cache_destroy(void *heap)
{
    (void)heap;
    free(cached);
}

static void *cache_malloc(void *heap, size_t n)
{
    (void)heap;
    if (cached && malloc_usable_size(cached) >= n) {
        void *p = cached;
        cached = NULL; /* the bug: marked stays p */
        return p;
    }
    return malloc(n ? n : 1);
}

static int cache_free(void *heap, void *p)
{
    (void)heap;
    if (!p)
        return 0;
    if (p == marked)
        return EINVAL;
    free(cached);
    cached = marked = p;
    return 0;
}

static size_t cache_usable(void *heap, void *p)
{
    (void)heap;
    return malloc_usable_size(p);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "cache-keeps-mark",
    .alignment = 16,
    .caps = FUZZ_DETECTS_DOUBLE_FREE,
    .double_free_errno = EINVAL,
    .create = cache_create,
    .destroy = cache_destroy,
    .malloc = cache_malloc,
    .free = cache_free,
    .usable_size = cache_usable,
};
