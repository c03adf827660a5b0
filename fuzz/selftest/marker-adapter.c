/*
 * marker-adapter.c - for fuzz/scripts/check-adapters.sh: a heap in the style
 * of FreeRTOS's heap_4 over a caller's buffer (create_in): a header {next,
 * size} in front of each block, one free list kept in address order and
 * merged on insert, and an end marker (a header of size 0, next NULL) at the
 * buffer's end that ends the list, so no walk tests for NULL. Round 10's
 * rtos allocator without its check crashed in the pristine check's free and
 * was told only that the calls before it may have broken what it met.
 * -DMERGE_INTO_END: a free block that ends where the end marker starts is
 * merged with it (no test that the next block is the end), taking its NULL
 * link: the list then ends at NULL, and the next walk past its last block
 * reads the header at address 0. -DCLASS_BEFORE_END_TEST: malloc takes the
 * class (highest bit) of the block its walk stopped at before it tests for
 * the end marker, whose size 0 no class has: clz(0), which UBSan stops at
 * (round 16b's shm heap did so of a header past its end): the report must
 * say what a zero there means.
 * -DGROW_LEFT_LISTED: a realloc grows a block in place into the free block
 * right after it, taken whole, and leaves that block on the free list
 * (round 19's emmalloc-style allocator, bug 7); the harness's fill of the
 * grown block writes over the listed block's header, and the next stats()
 * walks on through the fill as a link: the crash's context must name the
 * realloc that handed out the listed block, not only the op before stats().
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"

struct block {
    struct block *next; /* the next free block, by address; NULL in the end marker only */
    size_t size;        /* the header's bytes included; 0 in the end marker */
};

#define HEADER sizeof(struct block)
#define ALIGN 16

struct heap {
    struct block start; /* the list's head: size 0, never handed out */
    struct block *end;  /* the end marker, at the buffer's end */
    size_t live;        /* blocks handed out and not freed */
};

static void insert_free(struct heap *h, struct block *b)
{
    struct block *at = &h->start;
    while (at->next < b)
        at = at->next;
    if (at != &h->start && (unsigned char *)at + at->size == (unsigned char *)b) {
        at->size += b->size;
        b = at;
    }
    struct block *next = at->next;
#ifndef MERGE_INTO_END
    if (next != h->end && (unsigned char *)b + b->size == (unsigned char *)next) {
#else
    if ((unsigned char *)b + b->size == (unsigned char *)next) {
#endif
        b->size += next->size;
        b->next = next->next;
    } else {
        b->next = next;
    }
    if (at != b)
        at->next = b;
}

static void *marker_create_in(void *buffer, size_t bytes)
{
    uintptr_t at = ((uintptr_t)buffer + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    uintptr_t end = ((uintptr_t)buffer + bytes) & ~(uintptr_t)(ALIGN - 1);
    struct heap *h = malloc(sizeof *h);
    if (!h || end < at + 2 * HEADER) {
        free(h);
        return NULL;
    }
    h->end = (struct block *)(end - HEADER);
    *h->end = (struct block){NULL, 0};
    struct block *first = (struct block *)at;
    *first = (struct block){h->end, (uintptr_t)h->end - at};
    h->start = (struct block){first, 0};
    h->live = 0;
    return h;
}

static void *own_buffer; /* create()'s (one heap at a time); NULL for create_in's */

static void *marker_create(size_t bytes)
{
    own_buffer = malloc(bytes);
    void *h = own_buffer ? marker_create_in(own_buffer, bytes) : NULL;
    if (!h) {
        free(own_buffer);
        own_buffer = NULL;
    }
    return h;
}

static void marker_destroy(void *heap)
{
    free(heap);
    free(own_buffer);
    own_buffer = NULL;
}

#ifdef CLASS_BEFORE_END_TEST
/* The class of a block of size bytes: its highest bit (undefined for 0). */
static unsigned class_of(size_t size) { return (unsigned)(sizeof(long) * 8 - 1) - (unsigned)__builtin_clzl(size); }
#endif

static void *marker_malloc(void *heap, size_t size)
{
    struct heap *h = heap;
    if (size > SIZE_MAX / 2) {
        errno = ENOMEM;
        return NULL;
    }
    size_t want = (size + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct block *prev = &h->start, *b = h->start.next;
    while (b->size < want && b->next) /* the end marker (size 0, next NULL) ends the walk */
        prev = b, b = b->next;
#ifdef CLASS_BEFORE_END_TEST
    if (class_of(b->size) < class_of(want) || b == h->end || b->size < want) {
#else
    if (b == h->end || b->size < want) {
#endif
        errno = ENOMEM;
        return NULL;
    }
    prev->next = b->next;
    if (b->size - want >= 2 * HEADER) { /* a remainder worth a block of its own */
        struct block *rest = (struct block *)((unsigned char *)b + want);
        rest->size = b->size - want;
        b->size = want;
        insert_free(h, rest);
    }
    h->live++;
    return b + 1;
}

static int marker_free(void *heap, void *ptr)
{
    struct heap *h = heap;
    if (ptr) {
        insert_free(h, (struct block *)ptr - 1);
        h->live--;
    }
    return 0;
}

#ifdef GROW_LEFT_LISTED
/* Keeps a block that holds size bytes, grows it into the free block right after it, taken whole, or
 * moves it. The bug: the block taken into it stays on the free list. */
static void *marker_realloc(void *heap, void *ptr, size_t size)
{
    struct heap *h = heap;
    if (!ptr || size > SIZE_MAX / 2)
        return marker_malloc(heap, size);
    struct block *b = (struct block *)ptr - 1, *after = (struct block *)((unsigned char *)b + b->size);
    size_t want = (size + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (want <= b->size)
        return ptr;
    struct block *f = h->start.next;
    while (f != h->end && f < after)
        f = f->next;
    if (f == after && b->size + after->size >= want) {
        b->size += after->size; /* the bug: no unlink of after */
        return ptr;
    }
    void *moved = marker_malloc(heap, size);
    if (moved) {
        memcpy(moved, ptr, b->size - HEADER);
        marker_free(heap, ptr);
    }
    return moved;
}
#define MARKER_REALLOC marker_realloc
#else
#define MARKER_REALLOC NULL
#endif

/* As heap_4's statistics walk its list: the largest free block, less its header. */
static int marker_stats(void *heap, struct fuzz_stats *out)
{
    struct heap *h = heap;
    size_t largest = 0;
    for (struct block *b = h->start.next; b && b != h->end; b = b->next)
        if (b->size - HEADER > largest)
            largest = b->size - HEADER;
    *out = (struct fuzz_stats){0, largest, h->live};
    return 0;
}

static size_t marker_usable(void *heap, void *ptr)
{
    (void)heap;
    return ((struct block *)ptr - 1)->size - HEADER;
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "marker",
    .alignment = ALIGN,
    .caps = FUZZ_REPORTS_ENOMEM | FUZZ_PRISTINE_AFTER_FREE_ALL,
    .create = marker_create,
    .create_in = marker_create_in,
    .destroy = marker_destroy,
    .malloc = marker_malloc,
    .free = marker_free,
    .usable_size = marker_usable,
    .realloc = MARKER_REALLOC,
    .stats = marker_stats,
};
