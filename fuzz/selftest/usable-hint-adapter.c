/*
 * usable-hint-adapter.c - for fuzz/scripts/check-usable-hint.sh: when a
 * crash's context offers HALLOC_FUZZ_USABLE=off. Blocks are carved from one
 * static area, each behind a header that names it, in size classes of 64
 * bytes (coarse, as glibc's 24 usable bytes for 8 asked) whose whole room
 * usable_size reports; realloc keeps a block in place while the size fits
 * its class, its room and usable size as they were; free checks the block's
 * header and the next block's (as a merge reads them) and crashes on one
 * that does not name its block. Freed room is never reused.
 * -DUSABLE_OVER: usable_size also claims the header of the block after, once
 * there is one (a realloc in place asks again), which the harness's fill
 * then overwrites: a free that reads it crashes, and the context must offer
 * HALLOC_FUZZ_USABLE=off.
 * -DOWN_HEADER_ONLY: free checks only the block's own header: the damage a
 * block's fill did stays after its free, for the next block's free to meet.
 * -DCRASH_AT_FREE=N, -DCRASH_AT_MALLOC=N: the Nth free or malloc crashes, a
 * bug that no fill had a part in.
 */
#include <stdint.h>
#include <string.h>

#include "adapter.h"

#define CLASS 64

struct header {
    char *payload; /* the block it heads: anything else means it was overwritten */
    size_t size;   /* its class's room */
};

static _Alignas(16) char area[16384];
static size_t used; /* bytes of area carved since create */
static unsigned mallocs, frees;

static void crash(void)
{
    char *volatile wild = (char *)(uintptr_t)16; /* a plain SIGSEGV, as an allocator bug gives */
    *wild = 1;
}

static struct header *header_of(void *p) { return (struct header *)p - 1; }

static void *hint_create(size_t bytes)
{
    (void)bytes;
    used = 0, mallocs = frees = 0;
    return area;
}

static void hint_destroy(void *heap) { (void)heap; }

static void *hint_malloc(void *heap, size_t size)
{
    (void)heap;
#ifdef CRASH_AT_MALLOC
    if (++mallocs == CRASH_AT_MALLOC)
        crash();
#endif
    size_t room = size ? (size + CLASS - 1) / CLASS * CLASS : CLASS;
    if (size > sizeof area || used + sizeof(struct header) + room > sizeof area)
        return NULL;
    struct header *h = (struct header *)(area + used);
    *h = (struct header){(char *)(h + 1), room};
    used += sizeof *h + room;
    return h + 1;
}

static int hint_free(void *heap, void *p)
{
    (void)heap;
    if (!p)
        return 0;
#ifdef CRASH_AT_FREE
    if (++frees == CRASH_AT_FREE)
        crash();
#endif
    struct header *h = header_of(p);
    if (h->payload != p)
        crash();
#ifndef OWN_HEADER_ONLY
    struct header *next = (struct header *)((char *)p + h->size);
    if ((char *)next < area + used && next->payload != (char *)(next + 1))
        crash();
#endif
    return 0;
}

static void *hint_realloc(void *heap, void *p, size_t size)
{
    if (p && size && size <= header_of(p)->size)
        return p;
    void *q = hint_malloc(heap, size);
    if (q && p) {
        memcpy(q, p, header_of(p)->size < size ? header_of(p)->size : size);
        hint_free(heap, p);
    }
    return q;
}

static size_t hint_usable_size(void *heap, void *p)
{
    (void)heap;
    size_t room = header_of(p)->size;
#ifdef USABLE_OVER
    if ((char *)p + room < area + used)
        return room + sizeof(struct header);
#endif
    return room;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "usable-hint",
    .alignment = 16,
    .create = hint_create,
    .destroy = hint_destroy,
    .malloc = hint_malloc,
    .free = hint_free,
    .realloc = hint_realloc,
    .usable_size = hint_usable_size,
};
