/*
 * bins-adapter.c - for check-mappings.sh: a size-class allocator whose
 * record, made in create() in a mapping of its own, holds a bitmap and a
 * circular list per class of free blocks, each headed by a sentinel node in
 * the record (dlmalloc's small bins, made small); blocks of 32 to 256 bytes
 * behind a 16-byte header are carved from a second mapping, the heap's only
 * memory by contains(), and a free block's header is its list node.
 * -DBIT_LEFT_SET: a malloc that takes a class's last free block leaves the
 * class's bit set, so the next malloc of that class unlinks the empty list's
 * sentinel and hands out the record's bytes past it (round 15b's
 * dlmalloc-style bins): out_of_heap must name the record, not the alignment
 * of the sentinel's place in it nor contains().
 * -DPRISTINE_TOP: a free of the block right below the room never carved
 * gives it back to that room, as dlmalloc's top takes its neighbour, so a
 * class's list can end empty with its bit left set once every block is
 * freed; and it claims FUZZ_PRISTINE_AFTER_FREE_ALL, so the harness's own
 * malloc(1) after the free-all takes the sentinel: it must be judged as an
 * op's block is (it ended on a bare UBSan line in that malloc(1)'s free).
 * -DSEARCH_ONE_CLASS_LOW: a malloc whose class's list is empty takes the head
 * of the list one class below, smaller than the request (round 16b's shm
 * heap searched from a class whose head may be smaller): a block at the
 * arena's end then runs past it, and out_of_heap must blame the search,
 * not an end-of-heap test.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "adapter.h"

#define CLASSES 4
#define HEADER 16

struct node {
    struct node *next, *prev;
};

struct record {
    size_t map; /* bit k: class k's list holds a block; first, so the sentinels lie 8 past 16 */
    struct node bin[CLASSES];
    unsigned char *top, *end; /* the arena's room never carved */
    unsigned char *arena;
    size_t arena_bytes;
};

static size_t class_size(unsigned k) { return (size_t)32 << k; }

static void *bins_create(size_t bytes)
{
    struct record *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r == MAP_FAILED)
        return NULL;
    r->arena = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r->arena == MAP_FAILED) {
        munmap(r, sizeof *r);
        return NULL;
    }
    r->arena_bytes = bytes, r->top = r->arena, r->end = r->arena + bytes;
    for (unsigned k = 0; k < CLASSES; k++)
        r->bin[k].next = r->bin[k].prev = &r->bin[k];
    return r;
}

static void bins_destroy(void *heap)
{
    struct record *r = heap;
    munmap(r->arena, r->arena_bytes);
    munmap(r, sizeof *r);
}

static void *bins_malloc(void *heap, size_t n)
{
    struct record *r = heap;
    unsigned k = 0;
    while (k < CLASSES && class_size(k) < n)
        k++;
    if (k == CLASSES) {
        errno = ENOMEM;
        return NULL;
    }
    struct node *b;
    if (r->map >> k & 1) {
        b = r->bin[k].next;
        b->prev->next = b->next, b->next->prev = b->prev;
#ifndef BIT_LEFT_SET
        if (r->bin[k].next == &r->bin[k])
            r->map &= ~((size_t)1 << k);
#endif
#ifdef SEARCH_ONE_CLASS_LOW
    } else if (k > 0 && (r->map >> (k - 1) & 1)) {
        b = r->bin[k - 1].next;
        b->prev->next = b->next, b->next->prev = b->prev;
        if (r->bin[k - 1].next == &r->bin[k - 1])
            r->map &= ~((size_t)1 << (k - 1));
        k--;
#endif
    } else if ((size_t)(r->end - r->top) >= HEADER + class_size(k)) {
        b = (struct node *)r->top;
        r->top += HEADER + class_size(k);
    } else {
        errno = ENOMEM;
        return NULL;
    }
    *(size_t *)b = k; /* the header: the class, while the block is live */
    return (unsigned char *)b + HEADER;
}

static int bins_free(void *heap, void *p)
{
    struct record *r = heap;
    if (!p)
        return 0;
    struct node *b = (struct node *)((unsigned char *)p - HEADER);
    unsigned k = (unsigned)*(size_t *)b;
#ifdef PRISTINE_TOP
    if ((unsigned char *)p + class_size(k) == r->top) {
        r->top = (unsigned char *)b;
        return 0;
    }
#endif
    b->next = r->bin[k].next, b->prev = &r->bin[k];
    r->bin[k].next->prev = b, r->bin[k].next = b;
    r->map |= (size_t)1 << k;
    return 0;
}

static size_t bins_usable(void *heap, void *p)
{
    (void)heap;
    return class_size((unsigned)*(size_t *)((unsigned char *)p - HEADER));
}

static int bins_contains(void *heap, const void *p, size_t n)
{
    const struct record *r = heap;
    const unsigned char *at = p;
    return at >= r->arena && at <= r->end && n <= (size_t)(r->end - at);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "bins",
    .alignment = 16,
#ifdef PRISTINE_TOP
    .caps = FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS | FUZZ_PRISTINE_AFTER_FREE_ALL,
#else
    .caps = FUZZ_REPORTS_ENOMEM | FUZZ_HAS_BOUNDS,
#endif
    .create = bins_create,
    .destroy = bins_destroy,
    .malloc = bins_malloc,
    .free = bins_free,
    .usable_size = bins_usable,
    .contains = bins_contains,
};
