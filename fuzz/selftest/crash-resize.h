/*
 * crash-resize.h - the planted bugs of crash-adapter.c in calloc and
 * realloc, built on its crash_malloc and crash_free. Included by
 * crash-adapter.c only, after those two; it defines CRASH_CALLOC and
 * CRASH_REALLOC for the adapter's table, NULL when none of its -D is given
 * (the realloc of -DCRASH_AT_BIG_REALLOC is crash-depth.h's probe, that of
 * -DREALLOC_KEEPS_MOVED_POINTER crash-mappings.h's CRASH_MAPPINGS_REALLOC, that of
 * -DREALLOC_GROWS_OVER_NEXT crash-carved.h's CRASH_CARVED_REALLOC; that of
 * -DLEAKS_UNSEEN=5, its shrink in place, is here, for crash-adapter.c's leak).
 * -DCALLOC_NOT_ZEROED: no crash; calloc is malloc without the memset, so a
 * block recycled from a free shows its old bytes: calloc_not_zero must fire.
 * -DCALLOC_JUNK_FILLED: no crash; calloc fills its block with 0xa5 and does
 * not zero it, as a debugging allocator's junk fill on allocation (round 17):
 * the report must name a fill of the allocator's, not recycled memory.
 * -DCALLOC_ROUNDS_DOWN: no crash; calloc zeroes n * size rounded down to 8
 * bytes: the report must say the bytes left are the request's last.
 * -DCALLOC_ONE_ELEMENT: no crash; calloc zeroes one element (size bytes),
 * not n * size: calloc_not_zero must say the first element alone is zero.
 * -DCALLOC_EVEN_ELEMENTS: no crash; calloc zeroes every other element, the
 * first, third, ...: calloc_not_zero must say which are zero, not the first
 * alone, nor blame a memset of one element.
 * -DCALLOC_LINK_LEFT: no crash; calloc zeroes nothing but the first word, as
 * the NULL link a headerless allocator's free left at a recycled block's
 * start: calloc_not_zero of calloc(8, 8) must offer that, not only a memset
 * of one element.
 * -DCALLOC_ROUNDS_UP: calloc zeroes n * size rounded up to 16 bytes: built
 * with ASan, its memset writes past the block it has not yet returned, and
 * the context must say so, not place it by the nearest live block.
 * -DCALLOC_PRODUCT_WRAPS: no crash; calloc allocates n * size unchecked,
 * so an overflowing request gets the small block it wraps to: huge_accepted
 * must blame the multiplication, not a header's rounding.
 * -DREALLOC_FREES_FIRST: no crash; realloc moves every block, and its copy
 * finds the old block's first word already overwritten by the link its free
 * writes, as a realloc that frees before it copies: realloc_lost_data must
 * fire with that among its likely causes.
 * -DREALLOC_NO_COPY: no crash; realloc moves every block and copies
 * nothing: realloc_lost_data must say no copy was made.
 * -DREALLOC_COPIES_SHIFTED: no crash; realloc moves every block and copies
 * from 8 bytes into the old one: realloc_lost_data must say the old bytes
 * are there, shifted, not that no copy was made.
 * -DREALLOC_COPIES_SHORT: no crash; realloc moves every block and copies
 * 16 bytes less than glibc's usable size, as an allocator whose block is
 * smaller than its request: realloc_lost_data must say the copy stopped
 * short, and at which byte.
 * -DREALLOC_COPIES_NEW_SIZE: realloc moves every block and copies the new
 * size, not the old block's: built with ASan, its memcpy reads past the old
 * block, and the context must place ASan's address (no signal gives it).
 * -DCRASH_IN_REALLOC: realloc of a block crashes, as one that reads a
 * broken header: the context must name the block and the size asked for.
 * -DREALLOC_GROWS_UNCHECKED: no crash; realloc hands back the block itself
 * whatever the size, as a grow in place that never looks at the room after
 * it: huge_accepted must say so, not only blame a size that wrapped.
 */
#ifndef CRASH_RESIZE_H
#define CRASH_RESIZE_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef CALLOC_NOT_ZEROED
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    return n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_JUNK_FILLED)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    unsigned char *p = n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
    if (p)
        memset(p, 0xa5, n * size); /* a debugging malloc's junk, never zeroed after */
    return p;
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_PRODUCT_WRAPS)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    void *p = crash_malloc(heap, n * size);
    return p ? memset(p, 0, n * size) : NULL;
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_ONE_ELEMENT)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    void *p = n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
    return p ? memset(p, 0, size) : NULL; /* one element's bytes, not n * size */
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_EVEN_ELEMENTS)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    char *p = n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
    for (size_t e = 0; p && e < n; e += 2) /* a stride of two elements */
        memset(p + e * size, 0, size);
    return p;
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_LINK_LEFT)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    void *p = n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
    if (p && n * size >= 2 * sizeof(void *)) {
        *(void **)p = NULL; /* the end of a free list, as it was left */
        memset((char *)p + sizeof(void *), 0x5f, sizeof(void *)); /* old bytes (glibc's reuse zeroes them) */
    }
    return p;
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_ROUNDS_UP)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    void *p = n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
    return p ? memset(p, 0, (n * size + 15) & ~(size_t)15) : NULL; /* past the block, unless a multiple of 16 */
}
#define CRASH_CALLOC crash_calloc
#elif defined(CALLOC_ROUNDS_DOWN)
static void *crash_calloc(void *heap, size_t n, size_t size)
{
    void *p = n && size > SIZE_MAX / n ? NULL : crash_malloc(heap, n * size);
    return p ? memset(p, 0, n * size & ~(size_t)7) : NULL;
}
#define CRASH_CALLOC crash_calloc
#else
#define CRASH_CALLOC NULL
#endif

#ifdef REALLOC_FREES_FIRST
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    void *moved = crash_malloc(heap, size);
    if (!moved || !ptr)
        return moved;
    size_t old = malloc_usable_size(ptr);
    *(void **)ptr = moved; /* the free-list link of a free that came too early */
    memcpy(moved, ptr, old < size ? old : size);
    crash_free(heap, ptr);
    return moved;
}
#define CRASH_REALLOC crash_realloc
#elif defined(REALLOC_NO_COPY)
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    void *moved = crash_malloc(heap, size);
    if (moved && ptr)
        crash_free(heap, ptr); /* the memcpy between the two left out */
    return moved;
}
#define CRASH_REALLOC crash_realloc
#elif defined(REALLOC_COPIES_SHIFTED)
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    void *moved = crash_malloc(heap, size);
    if (!moved || !ptr)
        return moved;
    size_t old = malloc_usable_size(ptr), keep = old < size ? old : size;
    memcpy(moved, (char *)ptr + 8, keep > 8 ? keep - 8 : 0); /* from past a header the pointer had already passed */
    crash_free(heap, ptr);
    return moved;
}
#define CRASH_REALLOC crash_realloc
#elif defined(REALLOC_COPIES_SHORT)
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    void *moved = crash_malloc(heap, size);
    if (!moved || !ptr)
        return moved;
    size_t old = malloc_usable_size(ptr) - 16; /* the block's size as an allocator short of a header keeps it */
    memcpy(moved, ptr, old < size ? old : size);
    crash_free(heap, ptr);
    return moved;
}
#define CRASH_REALLOC crash_realloc
#elif defined(REALLOC_COPIES_NEW_SIZE)
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    void *moved = crash_malloc(heap, size);
    if (moved && ptr) {
        memcpy(moved, ptr, size);
        crash_free(heap, ptr);
    }
    return moved;
}
#define CRASH_REALLOC crash_realloc
#elif defined(CRASH_IN_REALLOC)
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    if (ptr) {
        char *volatile wild = (char *)(uintptr_t)(size + 16);
        *wild = 1;
    }
    return crash_malloc(heap, size);
}
#define CRASH_REALLOC crash_realloc
#elif defined(CRASH_AT_BIG_REALLOC)
#define CRASH_REALLOC big_realloc_probe
#elif defined(CRASH_AT_REALLOC_CREEP)
#define CRASH_REALLOC creep_realloc_probe
#elif defined(REALLOC_GROWS_UNCHECKED)
static void *crash_realloc(void *heap, void *ptr, size_t size)
{
    return ptr ? ptr : crash_malloc(heap, size);
}
#define CRASH_REALLOC crash_realloc
#elif defined(LEAKS_UNSEEN) && LEAKS_UNSEEN == 5
static void *shrink_realloc(void *heap, void *ptr, size_t size)
{
    size_t usable = ptr ? malloc_usable_size(ptr) : 0;
    if (ptr && size && size < usable) { /* in place, the old size kept: its free loses the tail */
        tail_lost = usable - size, last_small = ptr;
        return ptr;
    }
    void *moved = crash_malloc(heap, size);
    if (moved && ptr) {
        memcpy(moved, ptr, usable < size ? usable : size);
        crash_free(heap, ptr);
    }
    return moved;
}
#define CRASH_REALLOC shrink_realloc
#elif defined(CRASH_MAPPINGS_REALLOC) /* crash-mappings.h's, for its own bug */
#define CRASH_REALLOC CRASH_MAPPINGS_REALLOC
#elif defined(CRASH_CARVED_REALLOC) /* crash-carved.h's, for its own bug */
#define CRASH_REALLOC CRASH_CARVED_REALLOC
#else
#define CRASH_REALLOC NULL
#endif

#endif /* CRASH_RESIZE_H */
