/*
 * adapter.c - plugs the buddy allocator (examples/buddy/buddy.c) into the
 * fuzzing harness. Unlike examples/teach's, this allocator can say a lot
 * about itself: it refuses bad and double frees, has a checker, exact
 * stats and bounds, so the adapter claims all of it and the harness checks
 * all of it.
 */
#include "adapter.h" /* fuzz/adapter.h: the harness puts fuzz/ on the include path */
#include "buddy.h"

#include <errno.h>

static void *b_create(size_t bytes) { return buddy_create(bytes); }
static void b_destroy(void *heap) { buddy_destroy(heap); }
static void *b_malloc(void *heap, size_t size) { return buddy_malloc(heap, size); }
static int b_free(void *heap, void *ptr) { return buddy_free(heap, ptr); }
static void *b_realloc(void *heap, void *ptr, size_t size) { return buddy_realloc(heap, ptr, size); }
static void *b_aligned(void *heap, size_t align, size_t size) { return buddy_aligned(heap, align, size); }
static size_t b_usable(void *heap, void *ptr) { return buddy_usable(heap, ptr); }
static int b_check(void *heap, char *msg, size_t len) { return buddy_check(heap, msg, len); }
static int b_contains(void *heap, const void *p, size_t n) { return buddy_contains(heap, p, n); }

static int b_stats(void *heap, struct fuzz_stats *out)
{
    buddy_stats(heap, &out->bytes_in_use, &out->largest_free, &out->live_blocks);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "buddy (examples/buddy)",
    .alignment = BUDDY_ALIGNMENT,
    /* Never grows. A block is its whole order (usable_size), the stats
     * count those bytes, and a heap emptied of blocks merges back into one. */
    .caps = FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE | FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS |
            FUZZ_PRISTINE_AFTER_FREE_ALL | FUZZ_REALLOC_ZERO_FREES | FUZZ_EXACT_STATS | FUZZ_UNMAPS_ON_DESTROY,
    .bad_free_errno = EINVAL,
    .double_free_errno = EINVAL,
    .create = b_create,
    .destroy = b_destroy,
    .malloc = b_malloc,
    .free = b_free,
    .realloc = b_realloc,
    .aligned_alloc = b_aligned,
    .usable_size = b_usable,
    .check = b_check,
    .stats = b_stats,
    .contains = b_contains,
    /* No calloc (the harness emulates it with malloc + memset). */
};
