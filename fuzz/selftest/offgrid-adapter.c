/*
 * offgrid-adapter.c - the adapter of fuzz/selftest/offgrid-lib.c, linked as
 * a library (LDLIBS=-loffgrid): malloc, free, aligned allocation and usable
 * sizes; realloc and calloc are the harness's emulation over them.
 */
#include <stdalign.h>
#include <stddef.h>

#include "../adapter.h"

void *offgrid_malloc(size_t size);
void *offgrid_aligned(size_t alignment, size_t size);
void offgrid_free(void *p);
size_t offgrid_usable(void *p);

static char process_heap; /* one heap: the handle is a token */

static void *og_create(size_t bytes)
{
    (void)bytes;
    return &process_heap;
}

static void og_destroy(void *heap) { (void)heap; }

static void *og_malloc(void *heap, size_t size)
{
    (void)heap;
    return offgrid_malloc(size);
}

static int og_free(void *heap, void *ptr)
{
    (void)heap;
    offgrid_free(ptr);
    return 0;
}

static void *og_aligned(void *heap, size_t alignment, size_t size)
{
    (void)heap;
    return offgrid_aligned(alignment, size);
}

static size_t og_usable(void *heap, void *ptr)
{
    (void)heap;
    return offgrid_usable(ptr);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "offgrid",
    .alignment = alignof(max_align_t),
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT,
    .create = og_create,
    .destroy = og_destroy,
    .malloc = og_malloc,
    .free = og_free,
    .aligned_alloc = og_aligned,
    .usable_size = og_usable,
};
