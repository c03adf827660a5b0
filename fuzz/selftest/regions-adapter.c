/*
 * regions-adapter.c - for fuzz/scripts/check-sanitizer-places.sh: a bump
 * allocator over one mapping made in create(), each block a region of its
 * own, as an sbrk heap's growths are, GAP bytes apart (another user of the
 * break took them): a start word {the region's size, an
 * in-use bit}, then the block's header {its size, an in-use bit}, then the
 * block. A free marks the block free and, when the word below its header
 * says the memory below is free, merges with it: steps back by that word's
 * size and unlinks the chunk there, a doubly linked list's node {size, next,
 * prev}. Nothing is reused; the start words are in use, so no merge happens.
 * -DSTART_WORD_FREE: the start words of the regions after the first lack
 * their in-use bit (round 19's emmalloc-style allocator), so the free of a
 * block smaller than the one below it steps back into that live block and
 * unlinks its bytes as a node: the crash context must name a merge that
 * stepped back by a start word, past its region's start.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define HEAP_BYTES ((size_t)1 << 20)
#define USED ((size_t)1)
#define WORD sizeof(size_t)
#define GAP ((size_t)256)

static struct {
    unsigned char *base;
    size_t used;
} heap;

static size_t *word_at(unsigned char *at) { return (size_t *)(void *)at; }

static void *regions_create(size_t bytes)
{
    (void)bytes;
    void *m = mmap(NULL, HEAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    heap.base = m, heap.used = 0;
    return &heap;
}

static void regions_destroy(void *h)
{
    (void)h;
    munmap(heap.base, HEAP_BYTES);
}

static void *regions_malloc(void *h, size_t n)
{
    (void)h;
    size_t size = n > HEAP_BYTES ? 0 : 2 * WORD + ((n + 15) & ~(size_t)15);
    if (!size || size > HEAP_BYTES - heap.used) {
        errno = ENOMEM;
        return NULL;
    }
    if (heap.used && GAP > HEAP_BYTES - heap.used - size) {
        errno = ENOMEM;
        return NULL;
    }
    heap.used += heap.used ? GAP : 0;
    unsigned char *region = heap.base + heap.used;
#ifdef START_WORD_FREE
    *word_at(region) = size | (heap.used == 0 ? USED : 0);
#else
    *word_at(region) = size | USED;
#endif
    *word_at(region + WORD) = (size - WORD) | USED; /* from the header to the region's end */
    heap.used += size;
    return region + 2 * WORD;
}

/* The free chunk at c comes off its list: its neighbours link past it. */
static void unlink_chunk(unsigned char *c)
{
    unsigned char *next = (unsigned char *)word_at(c + WORD)[0], *prev = (unsigned char *)word_at(c + 2 * WORD)[0];
    if (prev)
        word_at(prev + WORD)[0] = (size_t)next;
    if (next)
        word_at(next + 2 * WORD)[0] = (size_t)prev;
}

static int regions_free(void *h, void *p)
{
    (void)h;
    if (!p)
        return 0;
    unsigned char *header = (unsigned char *)p - WORD;
    *word_at(header) &= ~USED;
    size_t below = *word_at(header - WORD);
    if (!(below & USED))
        unlink_chunk(header - (below & ~(size_t)15));
    return 0;
}

static size_t regions_usable(void *h, void *p)
{
    (void)h;
    return (*word_at((unsigned char *)p - WORD) & ~USED) - WORD;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "regions",
    .alignment = 16,
    .create = regions_create,
    .destroy = regions_destroy,
    .malloc = regions_malloc,
    .free = regions_free,
    .usable_size = regions_usable,
};
