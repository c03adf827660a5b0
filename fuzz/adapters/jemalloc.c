/*
 * jemalloc.c - jemalloc (Debian's libjemalloc-dev) through its own API, one
 * arena per heap:
 *
 *     make fuzz TARGET=fuzz/adapters/jemalloc.c LDLIBS=-ljemalloc
 *
 * A third-party allocator the harness was not written around: every heap is
 * a fresh arena (mallctl "arenas.create", destroyed with the heap), every
 * call bypasses the thread cache, so nothing leaks from one input to the
 * next. jemalloc-tcache.c includes this file with FUZZ_JEMALLOC_TCACHE set:
 * the calls go through the calling thread's cache, flushed before destroy.
 * Blocks go back through sdallocx, jemalloc's sized free, so the harness's
 * free_sized path runs against a real allocator. jemalloc cannot detect bad
 * frees and keeps no per-arena block count cheap enough to ask after every
 * op, so only the model's oracles apply.
 * Its 8-byte size class is aligned to 8 only (C17 allows it: no object of 8
 * bytes needs more), hence FUZZ_SMALL_ALIGNED_TO_SIZE.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>

#if !__has_include(<jemalloc/jemalloc.h>)
#error "jemalloc's header is missing: apt-get install -y libjemalloc-dev"
#endif
#include <jemalloc/jemalloc.h>

#include "../adapter.h"

#ifndef FUZZ_JEMALLOC_TCACHE
#define FUZZ_JEMALLOC_TCACHE 0
#endif
#ifndef FUZZ_JEMALLOC_NO_FLUSH
#define FUZZ_JEMALLOC_NO_FLUSH 0 /* 1: the planted bug of fuzz/selftest/jemalloc-tcache-no-flush.c */
#endif

static unsigned arena; /* one heap at a time: the harness destroys before it creates */

/* With the thread cache, a free parks the block in the calling thread's
 * cache and a malloc may return a block parked there, whichever arena it came
 * from; the block goes back to its own arena when the cache is flushed. */
static int flags(void)
{
    return (int)(MALLOCX_ARENA(arena) | (FUZZ_JEMALLOC_TCACHE ? 0 : MALLOCX_TCACHE_NONE));
}

static void *jm_create(size_t bytes)
{
    size_t len = sizeof arena;
    (void)bytes; /* an arena grows as it needs */
    return mallctl("arenas.create", &arena, &len, NULL, 0) == 0 ? &arena : NULL;
}

static void arena_ctl(const char *what)
{
    char name[48];
    snprintf(name, sizeof name, "arena.%u.%s", arena, what);
    mallctl(name, NULL, NULL, NULL, 0);
}

/* arena.<i>.destroy requires every thread cache used with the arena flushed
 * first (jemalloc(3), arena.<i>.reset), or a cache later hands out memory of
 * the destroyed arena. A thread flushes its cache when it exits, and the
 * harness calls destroy only after its other threads have exited, so the
 * calling thread's cache is the one left to flush. */
static void jm_destroy(void *heap)
{
    (void)heap;
    if (FUZZ_JEMALLOC_TCACHE && !FUZZ_JEMALLOC_NO_FLUSH)
        mallctl("thread.tcache.flush", NULL, NULL, NULL, 0);
    arena_ctl("destroy");
}

/* mallocx and rallocx leave size 0 undefined; malloc(0) may return a block. */
static void *jm_malloc(void *heap, size_t size)
{
    (void)heap;
    return mallocx(size ? size : 1, flags());
}

/* jemalloc's sized deallocation: the size asked for (0 stands for the 1
 * byte malloc(0) got) and the alignment aligned_alloc was asked. */
static int jm_free_sized(void *heap, void *ptr, size_t size, size_t alignment)
{
    (void)heap;
    if (ptr)
        sdallocx(ptr, size ? size : 1, flags() | (alignment ? (int)MALLOCX_ALIGN(alignment) : 0));
    return 0;
}

/* Without FUZZ_REALLOC_ZERO_FREES the harness never asks for size 0 here. */
static void *jm_realloc(void *heap, void *ptr, size_t size)
{
    return ptr ? rallocx(ptr, size, flags()) : jm_malloc(heap, size);
}

static void *jm_aligned_alloc(void *heap, size_t alignment, size_t size)
{
    (void)heap;
    return mallocx(size ? size : 1, flags() | (int)MALLOCX_ALIGN(alignment));
}

static size_t jm_usable_size(void *heap, void *ptr)
{
    (void)heap;
    return sallocx(ptr, 0);
}

static int jm_trim(void *heap)
{
    (void)heap;
    arena_ctl("purge");
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = FUZZ_JEMALLOC_TCACHE ? "jemalloc-tcache" : "jemalloc",
    .alignment = alignof(max_align_t),
    /* FUZZ_NO_HEAP_LIMIT: an arena maps extents as it needs, with no cap of its own. */
    .caps = FUZZ_CAN_GROW | FUZZ_NO_HEAP_LIMIT | FUZZ_SMALL_ALIGNED_TO_SIZE | FUZZ_THREAD_SAFE,
    .create = jm_create,
    .destroy = jm_destroy,
    .malloc = jm_malloc,
    .free_sized = jm_free_sized,
    .realloc = jm_realloc,
    .aligned_alloc = jm_aligned_alloc,
    .usable_size = jm_usable_size,
    .trim = jm_trim,
};
