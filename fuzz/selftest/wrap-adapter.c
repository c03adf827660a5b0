/*
 * wrap-adapter.c - a bump arena over a caller's buffer whose sizing can wrap, for
 * fuzz-check-adapters: a block made for far less than its request must be
 * blamed on the sizing, not the heap's end (round 12). Every block has a
 * 16-byte header holding its usable size; frees do nothing; contains() is
 * the heap. Realloc keeps a block whose new size fits, shrinking it.
 * -DSIZE_IN_16_BITS: the rounded size is kept in a uint16_t, as an embedded
 * allocator's: malloc(65532) rounds to 65,536, which wraps to 0, and gets
 * the smallest block, which out_of_heap must name as made short by a 16-bit
 * size. Without it, huge-realloc max-0 (SIZE_MAX plus the header wraps to a
 * few bytes) is kept in place, shrunk: huge_accepted must say shrunk, not
 * grown in place. -DALIGNED_BY_OFFSET: aligned_alloc aligns the block's
 * offset from the heap's base (the buffer's start rounded up to 16), not its
 * address: on a buffer 41 bytes past a page misaligned must name the offset.
 * -DFIRST_BELOW: the heap keeps a 64-byte header at its start, and the first
 * block is handed out 32 bytes lower than carved, over that header, as a
 * merge back over a prologue tagged free: out_of_heap must say the block
 * starts before the heap, not that it runs past its end (round 16).
 * -DFOOTER_LEFT_OUT: each block also keeps a boundary tag {size, in use} in
 * its header's second word and again at its end (a footer), which usable_size
 * leaves out, but the block is sized without it (round 19's emmalloc-style
 * allocator): malloc(106) gets 104 bytes, its footer at 104, and
 * usable_too_small must name the footer, not a class edge.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "adapter.h"

#define ARENA (64 * 1024)
#define HEADER 16

static _Alignas(16) unsigned char arena[ARENA]; /* create()'s; create_in's buffer otherwise */
static unsigned char *base, *end;
static size_t used;

static size_t block_size(size_t n)
{
    size_t need = (n + HEADER + 15) & ~(size_t)15; /* no limit test: the wrap is the point */
#ifdef SIZE_IN_16_BITS
    need = (uint16_t)need;
#endif
    return need < 2 * HEADER ? 2 * HEADER : need;
}

static void *wrap_create_in(void *buffer, size_t bytes)
{
    uintptr_t at = ((uintptr_t)buffer + 15) & ~(uintptr_t)15;
    base = (unsigned char *)buffer + (at - (uintptr_t)buffer);
    end = (unsigned char *)buffer + bytes;
    used = 0;
    return base < end ? base : NULL;
}

static void *wrap_create(size_t bytes)
{
    (void)bytes;
#ifdef FIRST_BELOW
    return wrap_create_in(arena + 64, ARENA - 64); /* the heap's header first */
#else
    return wrap_create_in(arena, ARENA);
#endif
}

static void wrap_destroy(void *heap) { (void)heap; }

/* A block of `need` bytes whose payload lies `off` bytes past base. */
static void *carve(size_t off, size_t need)
{
    if (off < HEADER || need > (size_t)(end - base) || off - HEADER > (size_t)(end - base) - need) {
        errno = ENOMEM;
        return NULL;
    }
    used = off - HEADER + need;
#ifdef FOOTER_LEFT_OUT
    size_t usable = need - HEADER - sizeof(size_t), tag = need | 1;
    memcpy(base + off - sizeof tag, &tag, sizeof tag);
    memcpy(base + off + usable, &tag, sizeof tag);
#else
    size_t usable = need - HEADER;
#endif
    *(size_t *)(base + off - HEADER) = usable;
    return base + off;
}

static void *wrap_malloc(void *heap, size_t n)
{
    (void)heap;
#ifdef FIRST_BELOW
    if (used == 0) {
        unsigned char *p = carve(used + HEADER, block_size(n));
        return p ? p - 2 * HEADER : NULL;
    }
#endif
    return carve(used + HEADER, block_size(n));
}

static void *wrap_aligned(void *heap, size_t a, size_t n)
{
    size_t off = (used + HEADER + a - 1) & ~(a - 1);
    (void)heap;
#ifndef ALIGNED_BY_OFFSET
    off += (a - (uintptr_t)(base + off) % a) % a; /* the address, not the offset */
#endif
    return carve(off, block_size(n));
}

static int wrap_free(void *heap, void *p)
{
    (void)heap, (void)p;
    return 0;
}

static size_t wrap_usable(void *heap, void *p)
{
    (void)heap;
    return *(size_t *)((unsigned char *)p - HEADER);
}

static void *wrap_realloc(void *heap, void *p, size_t n)
{
    if (!p)
        return wrap_malloc(heap, n);
    size_t need = block_size(n), have = wrap_usable(heap, p);
    if (need - HEADER <= have) {
        *(size_t *)((unsigned char *)p - HEADER) = need - HEADER;
        return p;
    }
    void *q = wrap_malloc(heap, n);
    if (q)
        memcpy(q, p, have);
    return q;
}

static int wrap_contains(void *heap, const void *p, size_t n)
{
    const unsigned char *at = p;
    (void)heap;
    return at >= base && at <= end && n <= (size_t)(end - at);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "wrap",
    .alignment = 16,
#ifdef FIRST_BELOW
    .caps = FUZZ_HAS_BOUNDS,
#else
    .caps = FUZZ_HAS_BOUNDS | FUZZ_ANY_START,
#endif
    .create = wrap_create,
#ifndef FIRST_BELOW /* create()'s arena holds the header below the heap */
    .create_in = wrap_create_in,
#endif
    .destroy = wrap_destroy,
    .malloc = wrap_malloc,
    .free = wrap_free,
    .realloc = wrap_realloc,
    .aligned_alloc = wrap_aligned,
    .usable_size = wrap_usable,
    .contains = wrap_contains,
};
