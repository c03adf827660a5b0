/*
 * dropin-adapter.c - fuzz an allocator that defines malloc itself
 * (dropin-malloc.c), as fuzz/DROPIN.md shows: make fuzz
 * TARGET=fuzz/selftest/dropin-adapter.c, no SRCS.
 *
 * Linked as it is, its malloc would replace the sanitizer's and the
 * harness's own. Included here under other names instead, it is only the
 * allocator under test, and its statics are in reach for create() to reset.
 */
#include <errno.h> /* first, every system header the allocator includes: */
#include <malloc.h> /* their declarations keep libc's names */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapter.h"

#if defined(__SANITIZE_ADDRESS__)
#define DROPIN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DROPIN_ASAN 1
#endif
#endif
#ifdef DROPIN_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

/* Its sbrk gets a break of its own: libc's malloc grows the process's break
 * too (libFuzzer's data, without ASan), and every input must start on an
 * empty heap. Past the break is poisoned under ASan, as the kernel faults. */
#ifndef DROPIN_BREAK_MAX
#define DROPIN_BREAK_MAX (64u << 20) /* make bench's traces fit */
#endif
static _Alignas(4096) unsigned char break_area[DROPIN_BREAK_MAX];
static size_t break_used;

static void *dropin_sbrk(intptr_t incr)
{
    unsigned char *old = break_area + break_used;
    if (incr > 0 ? (size_t)incr > DROPIN_BREAK_MAX - break_used : (size_t)-incr > break_used) {
        errno = ENOMEM;
        return (void *)-1;
    }
    if (incr > 0) {
        ASAN_UNPOISON_MEMORY_REGION(old, (size_t)incr);
        memset(old, 0, (size_t)incr); /* fresh, as the kernel's pages are */
    } else {
        ASAN_POISON_MEMORY_REGION(old + incr, (size_t)-incr);
    }
    break_used += (size_t)incr;
    return old;
}

/* Every libc name the file defines (valloc, reallocarray... too, if it has them):
 * one left out takes libc's place in the whole process, the sanitizer's too. */
#define malloc dropin_malloc
#define free dropin_free
#define calloc dropin_calloc
#define realloc dropin_realloc
#define posix_memalign dropin_posix_memalign
#define aligned_alloc dropin_aligned_alloc
#define memalign dropin_memalign
#define malloc_usable_size dropin_malloc_usable_size
#define sbrk dropin_sbrk
#include "dropin-malloc.c"
#undef malloc
#undef free
#undef calloc
#undef realloc
#undef posix_memalign
#undef aligned_alloc
#undef memalign
#undef malloc_usable_size
#undef sbrk

static char token; /* one global heap: the handle only has to be non-NULL */

static void *dropin_create(size_t bytes)
{
    static int started;
    (void)bytes; /* grows on demand */
    /* the last input's break, or all of it at first: past the break faults */
    ASAN_POISON_MEMORY_REGION(break_area, started ? break_used : sizeof break_area);
    started = 1;
    break_used = 0;
    heap_start = heap_end = NULL; /* dropin-malloc.c's statics, as at startup */
    return &token;
}

static void dropin_destroy(void *heap) { (void)heap; }
static void *dm_malloc(void *heap, size_t n) { (void)heap; return dropin_malloc(n); }
static int dm_free(void *heap, void *p) { (void)heap; dropin_free(p); return 0; }
static void *dm_calloc(void *heap, size_t n, size_t size) { (void)heap; return dropin_calloc(n, size); }
static void *dm_realloc(void *heap, void *p, size_t n) { (void)heap; return dropin_realloc(p, n); }
static size_t dm_usable(void *heap, void *p) { (void)heap; return dropin_malloc_usable_size(p); }
static size_t dm_high_water(void *heap) { (void)heap; return break_used; }

static void *dm_aligned(void *heap, size_t align, size_t n)
{
    void *p = NULL;
    int rc = dropin_posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, n);
    (void)heap;
    errno = rc ? rc : errno; /* posix_memalign returns its errno */
    return rc ? NULL : p;
}

static int dm_contains(void *heap, const void *p, size_t n)
{
    uintptr_t at = (uintptr_t)p, lo = (uintptr_t)break_area;
    (void)heap;
    return at >= lo && at - lo <= break_used && n <= break_used - (at - lo);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "dropin",
    .alignment = 16,
    .caps = FUZZ_CAN_GROW | FUZZ_HAS_BOUNDS | FUZZ_REPORTS_ENOMEM | FUZZ_REALLOC_ZERO_FREES |
            FUZZ_PRISTINE_AFTER_FREE_ALL,
    .create = dropin_create,
    .destroy = dropin_destroy,
    .malloc = dm_malloc,
    .free = dm_free,
    .calloc = dm_calloc,
    .realloc = dm_realloc,
    .aligned_alloc = dm_aligned,
    .usable_size = dm_usable,
    .contains = dm_contains,
    .high_water = dm_high_water,
};
