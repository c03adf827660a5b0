/*
 * reserve-adapter.c - for fuzz/scripts/check-discard.sh: a reserve/commit
 * bump allocator (VirtualAlloc's style, on POSIX). create() reserves the
 * heap PROT_NONE at the address a heap it unmapped just before had, as the
 * pristine probe's heap leaves it to the next (round 15's reserve/commit
 * heap, whose faults were blamed on that unmap); malloc commits the pages
 * a 16-byte header and the block reach (mprotect read/write); freeing the
 * newest block decommits the pages wholly above the blocks below it
 * (MADV_DONTNEED, then PROT_NONE) and marks the freed block's header.
 * -DCOMMIT_SHORT: malloc's page count is rounded down, so the header of a
 * block in a page not committed yet is written into reserved memory.
 * -DDECOMMIT_FIRST: the free decommits from the freed block's header on,
 * then marks the header there.
 * -DMAP_OVERRUN: the commit map (a byte a page, from malloc in create) is
 * marked one page past those committed, past its end when a block reaches
 * the heap's (round 15's reserve/commit heap, whose overflow of its map was
 * called the block being made).
 * -DTOP_KEPT: the free decommits those pages but keeps its mark of what is
 * committed, so the next malloc places a block there without committing
 * them again (round 15's realloc grown into pages decommitted ops before,
 * offered a guard page as cause).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "adapter.h"

#define PAGE 4096u
#define HEAD 16u
#ifdef MAP_OVERRUN
#define MAP_SLACK 1u
#else
#define MAP_SLACK 0u
#endif

static struct {
    char *base, *brk, *top; /* reserved from base; blocks to brk; committed to top */
    unsigned char *committed; /* a byte a page */
    size_t len, live;
} heap;

static size_t page_up(size_t n) { return (n + PAGE - 1) / PAGE * PAGE; }

static void *reserve_create(size_t bytes)
{
    size_t len = page_up(bytes);
    void *gone = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (gone == MAP_FAILED || munmap(gone, len) != 0)
        return NULL;
    void *base = mmap(gone, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    heap.committed = calloc(len / PAGE, 1);
    if (!heap.committed) {
        munmap(base, len);
        return NULL;
    }
    heap.base = heap.brk = heap.top = base;
    heap.len = len;
    heap.live = 0;
    return &heap;
}

static void reserve_destroy(void *h)
{
    (void)h;
    munmap(heap.base, heap.len);
    free(heap.committed);
}

static void *reserve_malloc(void *h, size_t n)
{
    (void)h;
    size_t need = HEAD + (n + 15) / 16 * 16;
    if (n > heap.len || need > (size_t)(heap.base + heap.len - heap.brk)) {
        errno = ENOMEM;
        return NULL;
    }
    char *end = heap.brk + need;
    if (end > heap.top) {
#ifdef COMMIT_SHORT
        size_t pages = (size_t)(end - heap.top) / PAGE;
#else
        size_t pages = (size_t)(end - heap.top + PAGE - 1) / PAGE;
#endif
        mprotect(heap.top, pages * PAGE, PROT_READ | PROT_WRITE);
        size_t first = (size_t)(heap.top - heap.base) / PAGE;
        for (size_t i = first; i < first + pages + MAP_SLACK; i++)
            heap.committed[i] = 1;
        heap.top += pages * PAGE;
    }
    *(size_t *)heap.brk = need;
    heap.brk = end;
    heap.live++;
    return end - need + HEAD;
}

static int reserve_free(void *h, void *p)
{
    (void)h;
    if (!p)
        return 0;
    char *block = (char *)p - HEAD;
    size_t size = *(size_t *)block;
    heap.live--;
    if (block + size != heap.brk)
        return 0; /* only the newest block goes back: the rest stay used */
    heap.brk = block;
#ifdef DECOMMIT_FIRST
    char *from = (char *)((uintptr_t)block / PAGE * PAGE);
#else
    char *from = heap.base + page_up((size_t)(block + HEAD - heap.base));
#endif
    if (from < heap.top) {
        madvise(from, (size_t)(heap.top - from), MADV_DONTNEED);
        mprotect(from, (size_t)(heap.top - from), PROT_NONE);
        for (size_t i = (size_t)(from - heap.base) / PAGE; i < (size_t)(heap.top - heap.base) / PAGE; i++)
            heap.committed[i] = 0;
#ifndef TOP_KEPT
        heap.top = from;
#endif
    }
    *(volatile size_t *)block = size | 1; /* free, for a walk of the heap; -DDECOMMIT_FIRST: in a page decommitted */
    return 0;
}

static int reserve_stats(void *h, struct fuzz_stats *out)
{
    (void)h;
    out->live_blocks = heap.live;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "reserve",
    .alignment = 16,
    .caps = FUZZ_REPORTS_ENOMEM,
    .create = reserve_create,
    .destroy = reserve_destroy,
    .malloc = reserve_malloc,
    .free = reserve_free,
    .stats = reserve_stats,
};
