/*
 * slow-adapter.c - libc malloc behind an adapter whose realloc never
 * returns: a stand-in for an allocator too slow to finish a workload (a
 * first-fit list on 100,000 live blocks). bench/adapter-test.sh checks that
 * make bench stops its row on a trace with realloc at the -t limit and
 * still prints every other row.
 */
#include <stdlib.h>
#include <unistd.h>

#include "adapter.h"

static char token;

static void *slow_create(size_t bytes)
{
    (void)bytes;
    return &token;
}

static void slow_destroy(void *heap) { (void)heap; }

static void *slow_malloc(void *heap, size_t size)
{
    (void)heap;
    return malloc(size);
}

static int slow_free(void *heap, void *ptr)
{
    (void)heap;
    free(ptr);
    return 0;
}

static volatile int forever = 1;

static void *slow_realloc(void *heap, void *ptr, size_t size)
{
    (void)heap, (void)size;
    while (forever)
        pause();
    return ptr;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "slow: libc malloc, a realloc that never returns",
    .alignment = 16,
    .create = slow_create,
    .destroy = slow_destroy,
    .malloc = slow_malloc,
    .free = slow_free,
    .realloc = slow_realloc,
};
