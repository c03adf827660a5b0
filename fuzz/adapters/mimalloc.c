/*
 * mimalloc.c - mimalloc (Debian's libmimalloc-dev) through its heap API, one
 * mi_heap per heap:
 *
 *     make fuzz TARGET=fuzz/adapters/mimalloc.c LDLIBS=-lmimalloc
 *
 * An instance API like halloc's: mi_heap_new / mi_heap_destroy (which frees
 * whatever is left), allocation in that heap, mi_heap_check_owned for
 * bounds. mimalloc cannot detect bad frees, and its heap calls do not
 * promise errno, so those oracles stay off. Its 8-byte size class is aligned
 * to 8 only (C17 allows it), hence FUZZ_SMALL_ALIGNED_TO_SIZE. No
 * FUZZ_THREAD_SAFE: an mi_heap allocates only in the thread that made it
 * (mimalloc's rule; any thread may free), so make fuzz-threads refuses it.
 *
 * Debian 12's mimalloc 2.0.9 has a known bug this adapter finds on the seed
 * corpus/aligned-grid.txt (fuzz/FOREIGN.md): aligned
 * allocations of 256 to 1024 bytes at an alignment of 256 to 1024 that divides
 * them come back aligned to 128 only.
 */
#if !__has_include(<mimalloc.h>)
#error "mimalloc's header is missing: apt-get install -y libmimalloc-dev"
#endif
#include <mimalloc.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include "../adapter.h"

static void *mim_create(size_t bytes)
{
    (void)bytes; /* a heap grows as it needs */
    return mi_heap_new();
}

static void mim_destroy(void *heap) { mi_heap_destroy(heap); }

static void *mim_malloc(void *heap, size_t size) { return mi_heap_malloc(heap, size); }

static int mim_free(void *heap, void *ptr)
{
    (void)heap;
    mi_free(ptr);
    return 0;
}

static void *mim_realloc(void *heap, void *ptr, size_t size) { return mi_heap_realloc(heap, ptr, size); }

static void *mim_calloc(void *heap, size_t n, size_t size) { return mi_heap_calloc(heap, n, size); }

static void *mim_aligned_alloc(void *heap, size_t alignment, size_t size)
{
    return mi_heap_malloc_aligned(heap, size, alignment);
}

static size_t mim_usable_size(void *heap, void *ptr)
{
    (void)heap;
    return mi_usable_size(ptr);
}

/* mi_heap_check_owned answers only for word-aligned addresses. */
static int mim_contains(void *heap, const void *p, size_t n)
{
    uintptr_t last = ((uintptr_t)p + (n ? n - 1 : 0)) & ~(uintptr_t)(sizeof(void *) - 1);
    return mi_heap_check_owned(heap, p) && mi_heap_check_owned(heap, (const void *)last);
}

static int mim_trim(void *heap)
{
    mi_heap_collect(heap, true);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "mimalloc",
    .alignment = alignof(max_align_t),
    /* FUZZ_NO_HEAP_LIMIT: an mi_heap takes pages from segments it maps as it needs, with no cap. */
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT | FUZZ_HAS_BOUNDS | FUZZ_SMALL_ALIGNED_TO_SIZE,
    .create = mim_create,
    .destroy = mim_destroy,
    .malloc = mim_malloc,
    .free = mim_free,
    .realloc = mim_realloc,
    .calloc = mim_calloc,
    .aligned_alloc = mim_aligned_alloc,
    .usable_size = mim_usable_size,
    .contains = mim_contains,
    .trim = mim_trim,
};
