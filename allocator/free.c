/*
 * free.c - pointer validation, error classification and free with immediate
 * coalescing through the boundary tags.
 *
 * Validation is O(1): find the region holding p, check alignment, check the
 * header at p - 16. Because merged-away headers are invalidated (internal.h,
 * header hygiene), a valid header there proves p is a chunk's payload. Only
 * when it is invalid do we walk the region to say why (slow, errors only).
 */
#include "internal.h"

/* The damaged header at or before c, or NULL: walks r from its start. */
static const hl_chunk *hl_first_damage_upto(const hl_heap *h, const hl_region *r, const hl_chunk *c,
                                            const hl_chunk **holder)
{
    const hl_chunk *fence = hl_region_fence(r);
    const hl_chunk *pos = hl_region_first(h, r);
    while (pos <= c) {
        size_t size = hl_chunk_size(pos);
        if (!hl_chunk_is_valid(h, pos) || size < HL_MIN_CHUNK || size % HL_ALIGN ||
            size > (size_t)((const char *)fence - (const char *)pos))
            return pos;
        if ((const char *)c < (const char *)pos + size) {
            *holder = pos;
            return NULL;
        }
        pos = hl_chunk_at(pos, size);
    }
    return pos; /* the walk overshot the fence: damaged */
}

/* p lies in r's chunk area but its header does not validate: corruption,
 * freed memory, or an interior pointer? */
static int hl_classify_bad_pointer(hl_heap *h, const hl_region *r, const void *p, const char *op)
{
    const hl_chunk *holder = NULL;
    const hl_chunk *c = hl_chunk_from_payload(p);
    const hl_chunk *bad = hl_first_damage_upto(h, r, c, &holder);
    if (bad)
        return hl_report_corrupt_header(h, op, p, bad);
    if (hl_chunk_is_free(holder) && (const char *)p >= (const char *)holder + HL_HEADER)
        return hl_report_double_free(h, op, p);
    return hl_report_invalid_pointer(h, op, p, "points inside a block, not at its start");
}

/* 0 and the live chunk holding payload p, or -1 with errno and a report. */
int hl_lookup_live(hl_heap *h, const void *p, const char *op, hl_region **rp, hl_chunk **cp)
{
    hl_region *r = hl_region_of(h, p);
    if (!r)
        return hl_report_invalid_pointer(h, op, p, "is not inside this heap");
    if ((uintptr_t)p % HL_ALIGN)
        return hl_report_invalid_pointer(h, op, p, "is not 16-byte aligned, so no allocation returned it");
    if ((const char *)p < (const char *)hl_region_first(h, r) + HL_HEADER)
        return hl_report_invalid_pointer(h, op, p, "points into the heap's bookkeeping");
    hl_chunk *c = hl_chunk_from_payload(p);
    if (!hl_chunk_is_valid(h, c))
        return hl_classify_bad_pointer(h, r, p, op);
    if (hl_chunk_is_free(c))
        return hl_report_double_free(h, op, p);
    *rp = r;
    *cp = c;
    return 0;
}

/* The free chunk before c, checked through its footer and header; NULL if
 * either is damaged. */
static hl_chunk *hl_checked_prev(const hl_heap *h, const hl_region *r, const hl_chunk *c)
{
    size_t room = (size_t)((const char *)c - (const char *)hl_region_first(h, r));
    size_t size = hl_chunk_prev_size(c);
    if (size < HL_MIN_CHUNK || size % HL_ALIGN || size > room)
        return NULL;
    hl_chunk *prev = (hl_chunk *)((char *)(uintptr_t)c - size);
    if (!hl_chunk_is_valid(h, prev) || !hl_chunk_is_free(prev) || hl_chunk_size(prev) != size)
        return NULL;
    return prev;
}

/* Everything hl_release and in-place realloc will trust about c's
 * neighbours, checked before anything changes. 0 or -1 with a report. */
int hl_neighbours_ok(hl_heap *h, hl_region *r, hl_chunk *c, const void *p, const char *op)
{
    hl_chunk *next = hl_chunk_next(c);
    if (!hl_chunk_is_valid(h, next))
        return hl_report_corrupt_header(h, op, p, next);
    if (hl_chunk_is_free(next) && !hl_bin_links_ok(h, next))
        return hl_report_corrupt_list(h, op, next);
    if (!hl_chunk_prev_is_free(c))
        return 0;
    hl_chunk *prev = hl_checked_prev(h, r, c);
    if (!prev)
        return hl_report_corrupt_footer(h, op, p, c);
    if (!hl_bin_links_ok(h, prev))
        return hl_report_corrupt_list(h, op, prev);
    return 0;
}

/* Frees the used chunk c (neighbours already checked): merges it with free
 * neighbours and lists the result, or unmaps a region that became empty. */
void hl_release(hl_heap *h, hl_region *r, hl_chunk *c)
{
    size_t size = hl_chunk_size(c);
    hl_track_user_free(hl_chunk_payload(c), size - HL_HEADER);
    hl_used_chunk_forget(h, size);
    hl_chunk *next = hl_chunk_at(c, size);
    if (hl_chunk_is_free(next))
        size += hl_free_chunk_absorb(h, next);
    if (hl_chunk_prev_is_free(c)) {
        hl_chunk *prev = hl_chunk_prev(c);
        size += hl_free_chunk_absorb(h, prev); /* prev's header is rewritten below */
        hl_chunk_invalidate(c);
        c = prev;
    }
    if (hl_region_is_whole(h, r, c, size)) {
        hl_region_drop(h, r);
        return;
    }
    hl_free_chunk_add(h, c, size);
}

int hl_free(hl_heap *h, void *p, const char *op)
{
    hl_region *r;
    hl_chunk *c;
    if (!p)
        return 0;
    if (hl_lookup_live(h, p, op, &r, &c) || hl_neighbours_ok(h, r, c, p, op))
        return -1;
    hl_release(h, r, c);
    return 0;
}

int halloc_free(halloc_heap *h, void *p)
{
    if (!hl_heap_ok(h))
        return hl_report_bad_heap("free");
    hl_lock(h);
    int rc = hl_free(h, p, "free");
    hl_check_heap(h, "free");
    hl_unlock(h);
    return rc;
}
