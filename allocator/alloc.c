/*
 * alloc.c - malloc, calloc, aligned_alloc, usable_size.
 */
#include "internal.h"

/*
 * A free chunk of at least `want` bytes (for a request of `request` bytes),
 * taken out of the lists, growing the heap if needed; *rp its region. NULL with a report (ENOMEM, or
 * ENOTRECOVERABLE for a damaged free list).
 */
hl_chunk *hl_take_fit(hl_heap *h, size_t want, size_t request, const char *op, hl_region **rp)
{
    int damaged;
    hl_chunk *c = hl_bin_find(h, want, &damaged);
    if (!c && !damaged) {
        hl_region *grown = hl_grow(h, want);
        if (!grown) {
            hl_report_out_of_memory(h, op, request);
            return NULL;
        }
        c = hl_region_first(h, grown);
    }
    if (c && hl_heap_holds_chunk(h, c) && !hl_chunk_is_valid(h, c)) {
        hl_report_corrupt_header(h, op, NULL, c);
        return NULL;
    }
    if (!c || !hl_heap_holds_chunk(h, c) || !hl_chunk_is_free(c) || hl_chunk_size(c) < want ||
        !hl_bin_links_ok(h, c)) {
        hl_report_corrupt_list(h, op, c);
        return NULL;
    }
    *rp = hl_region_of(h, c);
    hl_free_chunk_take(h, c);
    return c;
}

/* Allocates and registers a block; NULL with errno and a report. */
void *hl_malloc(hl_heap *h, size_t size, const char *op)
{
    hl_region *r;
    if (size == 0) {
        hl_report_bad_size(h, op);
        return NULL;
    }
    if (size >= HL_MAX_REQUEST) {
        hl_report_too_large(h, op, size);
        return NULL;
    }
    size_t want = hl_chunk_size_for(size);
    hl_chunk *c = hl_take_fit(h, want, size, op, &r);
    if (!c)
        return NULL;
    hl_used_chunk_carve(h, r, c, hl_chunk_size(c), want, 0);
    void *p = hl_chunk_payload(c);
    hl_track_user_alloc(p, hl_chunk_usable(c), 0);
    return p;
}

void *halloc_malloc(halloc_heap *h, size_t size)
{
    if (!hl_heap_ok(h)) {
        hl_report_bad_heap("malloc");
        return NULL;
    }
    hl_lock(h);
    void *p = hl_malloc(h, size, "malloc");
    hl_check_heap(h, "malloc");
    hl_unlock(h);
    return p;
}

void *halloc_calloc(halloc_heap *h, size_t n, size_t size)
{
    if (!hl_heap_ok(h)) {
        hl_report_bad_heap("calloc");
        return NULL;
    }
    hl_lock(h);
    void *p = NULL;
    if (size && n > SIZE_MAX / size)
        hl_report_too_large(h, "calloc", SIZE_MAX);
    else if ((p = hl_malloc(h, n * size, "calloc")))
        memset(p, 0, n * size); /* the requested bytes; the slack is not promised */
    hl_check_heap(h, "calloc");
    hl_unlock(h);
    return p;
}

/* Aligned start of a payload inside the free chunk c, leaving in front of it
 * either nothing or room for a whole free chunk. */
static hl_chunk *hl_aligned_spot(const hl_chunk *c, size_t alignment)
{
    uintptr_t base = (uintptr_t)hl_chunk_payload(c);
    uintptr_t p = HL_ROUND_UP(base, (uintptr_t)alignment);
    if (p != base && p - base < HL_MIN_CHUNK)
        p += alignment; /* alignment >= 32, so the gap becomes >= 48 */
    return hl_chunk_from_payload((void *)p);
}

/*
 * Over-allocates by alignment + HL_MIN_CHUNK, then gives the bytes in front of
 * the aligned payload back as a free chunk and the tail as another. The chunk
 * came off a free list, so the one before it is used (no merge needed in
 * front) and the one after it already has PREV_FREE.
 */
static void *hl_aligned(hl_heap *h, size_t alignment, size_t size)
{
    hl_region *r;
    if (size == 0)
        return hl_report_bad_size(h, "aligned_alloc"), NULL;
    if (alignment == 0 || (alignment & (alignment - 1)))
        return hl_report_bad_alignment(h, "aligned_alloc", alignment), NULL;
    if (alignment <= HL_ALIGN)
        return hl_malloc(h, size, "aligned_alloc");
    if (size >= HL_MAX_REQUEST || alignment >= HL_MAX_REQUEST)
        return hl_report_too_large(h, "aligned_alloc", size), NULL;
    size_t want = hl_chunk_size_for(size);
    hl_chunk *c = hl_take_fit(h, want + alignment + HL_MIN_CHUNK, size, "aligned_alloc", &r);
    if (!c)
        return NULL;
    size_t avail = hl_chunk_size(c);
    hl_chunk *ac = hl_aligned_spot(c, alignment);
    size_t gap = (size_t)((char *)ac - (char *)c);
    hl_used_chunk_carve(h, r, ac, avail - gap, want, gap != 0);
    if (gap)
        hl_free_chunk_add(h, c, gap);
    void *p = hl_chunk_payload(ac);
    hl_track_user_alloc(p, hl_chunk_usable(ac), 0);
    return p;
}

void *halloc_aligned_alloc(halloc_heap *h, size_t alignment, size_t size)
{
    if (!hl_heap_ok(h)) {
        hl_report_bad_heap("aligned_alloc");
        return NULL;
    }
    hl_lock(h);
    void *p = hl_aligned(h, alignment, size);
    hl_check_heap(h, "aligned_alloc");
    hl_unlock(h);
    return p;
}

size_t halloc_usable_size(halloc_heap *h, const void *p)
{
    hl_region *r;
    hl_chunk *c;
    size_t n = 0;
    if (!hl_heap_ok(h)) {
        hl_report_bad_heap("usable_size");
        return 0;
    }
    hl_lock(h);
    if (!p)
        hl_report_invalid_pointer(h, "usable_size", p, "is NULL");
    else if (hl_lookup_live(h, p, "usable_size", &r, &c) == 0)
        n = hl_chunk_usable(c);
    hl_check_heap(h, "usable_size");
    hl_unlock(h);
    return n;
}
