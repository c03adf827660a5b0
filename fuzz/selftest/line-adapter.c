/*
 * line-adapter.c - for fuzz/scripts/check-adapters.sh: a pool of 64-byte
 * cache lines (one line a block; anything larger refused) over a caller's
 * buffer, through create_in: the harness places the buffer where the input's
 * op heap says (fuzz/ops.h, LEAD). The pool starts at the buffer's first line
 * and ends at its last whole one. -DSTART_NOT_ROUNDED: it starts at the
 * buffer itself, so every block is off its line by the buffer's lead - the
 * bug round 7 of fuzz/ADAPTER-ROUNDS.md planted, which a buffer from malloc
 * (aligned far past 64) never shows and a lead does (misaligned).
 * -DLENGTH_KEPT: it rounds the start up but counts its blocks from the whole
 * length, so its last block ends past the buffer by up to the bytes the
 * rounding skipped (round 10's heap_4-style end marker): past_mapping must
 * name the length kept. -DSTART_ROUNDED_DOWN: it rounds the start down, so
 * its first block lies in the lead before the buffer (round 10b's pools bug):
 * past_mapping must name the bytes before the buffer, without ASan too.
 * -DHEADER=N: it keeps an N-byte header (a magic word first) at its start and
 * places its first block past it; a header no whole line puts its blocks off
 * the line grid, and it promises 16. With -DSTART_ROUNDED_DOWN and HEADER=64
 * its header, not a block, lies in the lead (heap_5's region header at its
 * start masked down): only ASan's poisoned lead sees it, and the crash must
 * name the rounding. -DHEADER_SUBTRACTED: the first block is placed back over
 * the header, before the start, not past it: on a buffer that starts aligned
 * no rounding explains it, and past_mapping must say so; with HEADER=64 on a
 * buffer off the line, the block lies where the start rounded down would
 * put it, and past_mapping must name both. -DBOUNDS: it claims
 * FUZZ_HAS_BOUNDS, its contains() the buffer as given (round 16's gen pool),
 * so out_of_heap meets a block outside it before past_mapping could: with
 * -DLENGTH_KEPT it must name the buffer and the length kept in the same words,
 * with -DHEADER_SUBTRACTED the buffer and a pointer computed below it.
 */
#include <stdint.h>
#include <stdlib.h>

#include "adapter.h"
#include "pool-core.h" /* pool_malloc, pool_free, pool_usable */

#define LINE POOL_BLOCK /* a block is a cache line */
#ifndef HEADER
#define HEADER 0
#endif

struct pool {
    struct pool_core core; /* first: the heap pool-core.h's calls take */
    void *own;             /* create()'s buffer (make bench, verify-traces); NULL for create_in's */
    uintptr_t start, end;  /* the buffer as given */
};

static void *pool_create_in(void *buffer, size_t bytes)
{
    struct pool *p = calloc(1, sizeof *p);
    uintptr_t at = (uintptr_t)buffer, end = at + bytes;
    if (!p)
        return NULL;
    p->start = at, p->end = end;
#if defined(START_ROUNDED_DOWN)
    at &= ~(uintptr_t)(LINE - 1);
#elif !defined(START_NOT_ROUNDED)
    at = (at + LINE - 1) & ~(uintptr_t)(LINE - 1);
#endif
    unsigned char *start = (unsigned char *)buffer + (at - (uintptr_t)buffer);
#ifdef LENGTH_KEPT
    end += at - (uintptr_t)buffer;
#endif
    if (HEADER)
        *(uint64_t *)start = UINT64_C(0x11e5ea1ed11e5ea1);
#ifdef HEADER_SUBTRACTED
    p->core.first = start - HEADER;
#else
    p->core.first = start + HEADER;
#endif
    at += HEADER;
    p->core.nblocks = end > at ? (end - at) / LINE : 0;
    return p;
}

static void *pool_create(size_t bytes)
{
    void *own = malloc(bytes);
    struct pool *p = own ? pool_create_in(own, bytes) : NULL;
    if (!p)
        free(own);
    else
        p->own = own;
    return p;
}

static void pool_destroy(void *heap)
{
    struct pool *p = heap;
    free(p->own);
    free(p);
}

#ifdef BOUNDS
static int pool_contains(void *heap, const void *ptr, size_t n)
{
    const struct pool *p = heap;
    uintptr_t at = (uintptr_t)ptr;
    return at >= p->start && at <= p->end && n <= p->end - at;
}
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "line64",
    .alignment = HEADER % LINE ? 16 : LINE,
#ifdef BOUNDS
    .caps = FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS,
    .contains = pool_contains,
#else
    .caps = FUZZ_REPORTS_ENOMEM,
#endif
    .create = pool_create,
    .destroy = pool_destroy,
    .create_in = pool_create_in,
    .malloc = pool_malloc,
    .free = pool_free,
    .usable_size = pool_usable,
};
