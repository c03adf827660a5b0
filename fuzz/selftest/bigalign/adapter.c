/*
 * adapter.c - the toy bigalign allocator (bigalign.c), fuzzed as a user's
 * allocator is: make fuzz TARGET=fuzz/selftest/bigalign/adapter.c
 * SRCS=fuzz/selftest/bigalign/bigalign.c [CFLAGS=-DBUG_BIG_ALIGN_LEAD]
 * [CFLAGS=-DBUG_REALLOC_FROM_BASE].
 */
#include "adapter.h"
#include "bigalign.h"

static char token;

static void *ba_create(size_t bytes)
{
    (void)bytes;
#ifdef CRASH_ALIGN_GRID
    ba_grid_reset();
#endif
    return &token;
}
static void ba_destroy(void *heap) { (void)heap; }
static void *ad_malloc(void *heap, size_t size) { (void)heap; return ba_malloc(size); }
static int ad_free(void *heap, void *p) { (void)heap; ba_free(p); return 0; }
static void *ad_aligned(void *heap, size_t alignment, size_t size)
{
    (void)heap;
    return ba_aligned_alloc(alignment, size);
}
static void *ad_realloc(void *heap, void *p, size_t size) { (void)heap; return ba_realloc(p, size); }
static size_t ad_usable(void *heap, void *p) { (void)heap; return ba_usable_size(p); }

const struct fuzz_allocator fuzz_allocator = {
    .name = "bigalign (fuzz/selftest/bigalign)",
    .alignment = BA_ALIGNMENT,
    .caps = FUZZ_CAN_GROW,
    .create = ba_create,
    .destroy = ba_destroy,
    .malloc = ad_malloc,
    .free = ad_free,
    .realloc = ad_realloc,
    .aligned_alloc = ad_aligned,
    .usable_size = ad_usable,
};
