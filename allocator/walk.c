/*
 * walk.c - hand every chunk to a callback (halloc_walk) or print them
 * (halloc_dump). Both validate each header before trusting its size, so a
 * damaged heap stops the walk instead of sending it astray. halloc_owns
 * answers from the region bounds alone.
 */
#include "hl_plural.h"
#include "internal.h"

#include <stdio.h>

/* Walks one region; 0 done, fn's nonzero value, or -1 and *damaged set on
 * a damaged chunk, reported as a free would report it (fn may return -1
 * itself: only *damaged says which). */
static int hl_walk_region(hl_heap *h, hl_region *r, halloc_walker fn, void *ctx, int *damaged)
{
    hl_chunk *fence = hl_region_fence(r);
    hl_chunk *c = hl_region_first(h, r);
    while (c != fence) {
        size_t size = hl_chunk_size(c);
        if (!hl_chunk_is_valid(h, c) || size < HL_MIN_CHUNK || size % HL_ALIGN ||
            size > (size_t)((char *)fence - (char *)c)) {
            hl_report_corrupt_header(h, "walk", NULL, c);
            *damaged = 1;
            return -1;
        }
        halloc_chunk_info info = {
            .region = r->index,
            .offset = hl_region_offset(r, c),
            .size = size,
            .payload = hl_chunk_payload(c),
            .usable = size - HL_HEADER,
            .is_free = hl_chunk_is_free(c) || hl_chunk_is_cached(c),
            .is_cached = hl_chunk_is_cached(c),
        };
        int rc = fn(&info, ctx);
        if (rc)
            return rc;
        c = hl_chunk_at(c, size);
    }
    return 0;
}

/* The callback runs with the heap locked: it must not call into the same heap. */
int halloc_walk(halloc_heap *h, halloc_walker fn, void *ctx)
{
    if (hl_heap_ok(h) && !fn) {
        errno = EINVAL;
        return -1;
    }
    if (hl_enter(h, "walk"))
        return -1;
    int rc = 0, damaged = 0;
    hl_region *r = &h->region0;
    for (; r && rc == 0 && hl_region_intact(h, r); r = r->next)
        rc = hl_walk_region(h, r, fn, ctx, &damaged);
    if (r && rc == 0) { /* its size and links cannot be trusted */
        hl_report_corrupt_region(h, "walk", r);
        damaged = 1;
    }
    hl_check_heap(h, "walk");
    hl_leave(h);
    if (damaged) {
        errno = ENOTRECOVERABLE;
        return -1;
    }
    return rc;
}

int halloc_owns(halloc_heap *h, const void *p, size_t n)
{
    if (hl_enter(h, "owns"))
        return 0;
    const hl_region *r = hl_region_of(h, p);
    if (!r) /* not ours, or a damaged region header stopped the search: that one is reported */
        hl_report_unsealed_region(h, "owns");
    /* The fence is the region's last 16 bytes: a payload ends at or before it. */
    int owns = r && (n ? n : 1) <= (uintptr_t)hl_region_fence(r) - (uintptr_t)p;
    hl_check_heap(h, "owns");
    hl_leave(h);
    return owns;
}

static int hl_dump_chunk(const halloc_chunk_info *c, void *ctx)
{
    fprintf((FILE *)ctx, "  region %zu offset %8zu size %8zu usable %8zu %s\n", c->region, c->offset, c->size,
            c->usable, c->is_cached ? "cached" : c->is_free ? "free" : "used");
    return 0;
}

void halloc_dump(halloc_heap *h, FILE *out)
{
    halloc_stats s;
    if (!out)
        out = stdout;
    if (!hl_heap_ok(h)) {
        hl_report_bad_heap("dump"); /* EINVAL, as every call given no heap */
        int err = errno;
        fprintf(out, "%s\n", halloc_last_error(NULL));
        errno = err;
        return;
    }
    fprintf(out, "halloc heap %p:\n", (void *)h);
    if (halloc_walk(h, hl_dump_chunk, out) == -1)
        fprintf(out, "  (walk stopped: %s; halloc_check names the invariant)\n", halloc_last_error(h));
    int refused = halloc_get_stats(h, &s);
    fprintf(out,
            "  in use %zu in %zu chunk%s, free %zu in %zu chunk%s (%zu in %zu cached), largest free %zu\n"
            "  overhead %zu, mapped %zu in %zu region%s, high water %zu\n",
            s.bytes_in_use, s.chunks_used, hl_plural_s(s.chunks_used), s.bytes_free, s.chunks_free,
            hl_plural_s(s.chunks_free), s.bytes_cached, s.chunks_cached, s.largest_free, s.overhead, s.mapped, s.regions,
            hl_plural_s(s.regions), s.high_water);
    if (refused) /* the figures it could not read are 0 (halloc.h) */
        fprintf(out, "  (figures it could not read are 0: %s)\n", halloc_last_error(h));
}
