/*
 * kept-state-adapter.c - an allocator whose bug needs an input run before
 * it, for fuzz-check-libfuzzer. An aligned request of 32 KiB alignment sets
 * up state (as an arena for large alignments would be) that destroy() keeps
 * and the next create() never resets; a malloc on any later heap of the
 * process then crashes, unless that heap asked the alignment itself first
 * (it set the arena up anew). The heap that set it up does not crash, so
 * every input passes alone in a fresh process, even run twice as libFuzzer
 * does to look for leaks, and even when several seeds ask that alignment:
 * the runner must find the earlier input that makes it fail and print a
 * replay that runs that input first.
 */
#include <stdint.h>
#include <stdlib.h>

#include "adapter.h"

enum { BIG_ALIGNMENT = 32768 };

static int heap_token;
static int big_aligned_here;   /* this heap served a BIG_ALIGNMENT request */
static int big_aligned_before; /* an earlier heap did: the bug, never cleared */

static void *kept_create(size_t bytes)
{
    (void)bytes;
    big_aligned_here = 0;
    return &heap_token;
}

static void kept_destroy(void *heap)
{
    (void)heap;
    big_aligned_before |= big_aligned_here;
}

static void *kept_malloc(void *heap, size_t size)
{
    (void)heap;
    if (big_aligned_before && !big_aligned_here) {
        /* An address computed at run time: a plain SIGSEGV, as a write
         * through a pointer into the arena a destroyed heap gave back. */
        char *volatile wild = (char *)(uintptr_t)(size | 16);
        *wild = 1;
    }
    return malloc(size);
}

static void *kept_aligned_alloc(void *heap, size_t alignment, size_t size)
{
    (void)heap;
    void *block = NULL;
    big_aligned_here |= alignment >= BIG_ALIGNMENT;
    if (alignment < sizeof(void *))
        alignment = sizeof(void *);
    return posix_memalign(&block, alignment, size) == 0 ? block : NULL;
}

static int kept_free(void *heap, void *ptr)
{
    (void)heap;
    free(ptr);
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "kept-state",
    .alignment = 16,
    /* Its blocks are libc's, which grows: no size near 4 GiB is asked of it (fuzz/ops.h). */
    .caps = FUZZ_CAN_GROW,
    .create = kept_create,
    .destroy = kept_destroy,
    .malloc = kept_malloc,
    .free = kept_free,
    .aligned_alloc = kept_aligned_alloc,
};
