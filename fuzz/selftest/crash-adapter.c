/*
 * crash-adapter.c - an allocator that crashes inside its 100th malloc, for
 * fuzz-check-verify: verify-traces must name the trace line it died at.
 * -DCRASH_BY_UBSAN: a signed overflow there instead, which only UBSan sees.
 */
#include <stdint.h>
#include <stdlib.h>

#include "adapter.h"

static unsigned calls;

static void *crash_create(size_t bytes)
{
    (void)bytes;
    calls = 0;
    return &calls;
}

static void crash_destroy(void *heap) { (void)heap; }

static void *crash_malloc(void *heap, size_t size)
{
    (void)heap;
    if (++calls == 100) {
#ifdef CRASH_BY_UBSAN
        volatile int big = INT32_MAX - 100 + (int)calls;
        size += (size_t)(big + 1);
#else
        /* An address computed at run time, so no compiler or sanitizer sees a
         * null store coming: a plain SIGSEGV, as an allocator bug would give. */
        char *volatile wild = (char *)(uintptr_t)(calls - 84);
        *wild = 1;
#endif
    }
    return malloc(size);
}

static int crash_free(void *heap, void *ptr)
{
    (void)heap;
    free(ptr);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "crash-at-100th-malloc",
    .alignment = 16,
    .create = crash_create,
    .destroy = crash_destroy,
    .malloc = crash_malloc,
    .free = crash_free,
};
