/*
 * unsafe-adapter.c - libc malloc behind an adapter that does not claim
 * FUZZ_THREAD_SAFE: fuzz/scripts/check-threads.sh checks that the threaded
 * harness refuses it in one line naming the flag, with status 2.
 */
#include <stdlib.h>

#include "adapter.h"

static char token;

static void *unsafe_create(size_t bytes)
{
    (void)bytes;
    return &token;
}

static void unsafe_destroy(void *heap) { (void)heap; }

static void *unsafe_malloc(void *heap, size_t size)
{
    (void)heap;
    return malloc(size);
}

static int unsafe_free(void *heap, void *ptr)
{
    (void)heap;
    free(ptr);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "unsafe: libc malloc, not claimed thread-safe",
    .alignment = 16,
    .create = unsafe_create,
    .destroy = unsafe_destroy,
    .malloc = unsafe_malloc,
    .free = unsafe_free,
};
