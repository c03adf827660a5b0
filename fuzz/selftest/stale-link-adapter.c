/*
 * stale-link-adapter.c - for check-adapters-calls.sh: each block a page of
 * its own (mmap), behind a 16-byte header; freed blocks kept for reuse on a
 * list linked through their first word, newest first, at most two: a third
 * free unmaps the oldest. malloc takes the oldest kept, walking the list
 * to its end.
 * -DSTALE_LINK: the oldest is unmapped, but the link to it is left in the
 * block before it (round 14b's SLOB page left on its list), so the next
 * malloc walks into the unmapped page: the report must name the freed block
 * that held the link, and the link.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>

#include "adapter.h"

#define PAGE 4096
#define HEADER 16
#define KEPT_MAX 2

static struct {
    void *kept; /* the newest freed block kept; its first word links to the next older */
    int count;
} heap;

static void *sl_create(size_t bytes)
{
    heap.kept = NULL, heap.count = 0;
    return bytes ? &heap : NULL;
}

static void sl_unmap(void *p) { munmap((char *)p - HEADER, PAGE); }

/* The kept blocks are unmapped with the heap: nothing outlives destroy(). */
static void sl_destroy(void *h)
{
    (void)h;
    for (void *p = heap.kept, *next; p && heap.count-- > 0; p = next) {
        next = *(void **)p;
        sl_unmap(p);
    }
}

static void *sl_malloc(void *h, size_t n)
{
    (void)h;
    if (n > PAGE - HEADER) {
        errno = ENOMEM;
        return NULL;
    }
    if (heap.kept) {
        void **link = &heap.kept;
        while (*(void **)*link) /* the oldest: the end of the list */
            link = (void **)*link;
        void *oldest = *link;
        *link = NULL;
        heap.count--;
        return oldest;
    }
    char *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return page == MAP_FAILED ? NULL : page + HEADER;
}

static int sl_free(void *h, void *p)
{
    (void)h;
    if (!p)
        return 0;
    *(void **)p = heap.kept;
    heap.kept = p;
    if (++heap.count <= KEPT_MAX)
        return 0;
    void **link = &heap.kept;
    while (*(void **)*link) /* to the link to the oldest */
        link = (void **)*link;
    sl_unmap(*link);
#ifndef STALE_LINK
    *link = NULL;
#endif
    heap.count--;
    return 0;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "stale-link",
    .alignment = 16,
    .create = sl_create,
    .destroy = sl_destroy,
    .malloc = sl_malloc,
    .free = sl_free,
};
