/*
 * check_walk.c - the physical walk: every chunk of every region in address
 * order (step 2 of the order in check.h). Each invariant has its own check_*
 * function; the walk only sequences them and tallies what it saw.
 */
#include "check.h"

static int check_header_check(hl_check *x, const hl_region *r, const hl_chunk *c)
{
    if (!hl_chunk_is_valid(x->h, c))
        return hl_check_fail(x, HALLOC_INV_HEADER_CHECK, r, c,
                             "chunk header (word %#zx) fails its check value: overwritten, likely by the block "
                             "before it",
                             hl_chunk_word(c));
    return 0;
}

static int check_size(hl_check *x, const hl_region *r, const hl_chunk *c, size_t size)
{
    if (size % HL_ALIGN || size < HL_MIN_CHUNK)
        return hl_check_fail(x, HALLOC_INV_SIZE, r, c, "chunk size %zu is not a multiple of %zu of at least %zu",
                             size, HL_ALIGN, HL_MIN_CHUNK);
    return 0;
}

static int check_chunk_bounds(hl_check *x, const hl_region *r, const hl_chunk *c, size_t size)
{
    size_t offset = hl_region_offset(r, c);
    if (size > r->size - offset)
        return hl_check_fail(x, HALLOC_INV_CHUNK_BOUNDS, r, c,
                             "chunk of %zu bytes at offset %zu ends beyond the region's end at %zu", size, offset,
                             r->size);
    return 0;
}

/* The walk must meet the fence exactly at region end - 16, and only there:
 * a fence met earlier, or a chunk running over it, ends the walk wrongly. */
static int check_walk_end_early(hl_check *x, const hl_region *r, const hl_chunk *c, size_t size)
{
    if (size == 0)
        return hl_check_fail(x, HALLOC_INV_WALK_END, r, c,
                             "a fence (size 0) at offset %zu, before the region's fence at %zu",
                             hl_region_offset(r, c), r->size - HL_FENCE);
    return 0;
}

static int check_walk_end(hl_check *x, const hl_region *r, const hl_chunk *c, size_t size)
{
    size_t offset = hl_region_offset(r, c), fence = r->size - HL_FENCE;
    if (offset + size > fence)
        return hl_check_fail(x, HALLOC_INV_WALK_END, r, c,
                             "chunk at offset %zu runs to %zu, over the fence at %zu", offset, offset + size, fence);
    return 0;
}

static int check_fence(hl_check *x, const hl_region *r, const hl_chunk *fence)
{
    size_t word = hl_chunk_word(fence);
    if (hl_word_size(word) != 0 || (word & HL_FLAG_FREE))
        return hl_check_fail(x, HALLOC_INV_WALK_END, r, fence,
                             "the walk ends at offset %zu but the chunk there is no fence (word %#zx)",
                             hl_region_offset(r, fence), word);
    return 0;
}

/* prev_free_size: the size of the free chunk before c, 0 if it is used or
 * absent. PREV_FREE says it is free, PREV_MIN that it is a minimum chunk
 * (whose boundary tag that flag is: it has no footer). */
static int check_prev_free(hl_check *x, const hl_region *r, const hl_chunk *c, size_t prev_free_size)
{
    size_t flags = hl_chunk_word(c) & HL_FLAG_PREV;
    if (flags == hl_prev_flags(prev_free_size))
        return 0;
    if (!prev_free_size)
        return hl_check_fail(x, HALLOC_INV_PREV_FREE, r, c, "prev-free flag is %d, prev-min %d, but %s",
                             !!(flags & HL_FLAG_PREV_FREE), !!(flags & HL_FLAG_PREV_MIN),
                             c == hl_region_first(x->h, r) ? "this is the region's first chunk: no chunk is before it"
                                                           : "the chunk before is used");
    return hl_check_fail(x, HALLOC_INV_PREV_FREE, r, c,
                         "prev-free flag is %d, prev-min %d, but the chunk before is free and %zu bytes "
                         "(prev-min: exactly %zu)",
                         !!(flags & HL_FLAG_PREV_FREE), !!(flags & HL_FLAG_PREV_MIN), prev_free_size, HL_MIN_CHUNK);
}

/* A minimum chunk has no footer: its successor's PREV_MIN stands for it. */
static int check_boundary_tag(hl_check *x, const hl_region *r, const hl_chunk *c, size_t size)
{
    if (size == HL_MIN_CHUNK)
        return 0;
    size_t footer = hl_chunk_footer(c, size);
    if (footer != size)
        return hl_check_fail(x, HALLOC_INV_BOUNDARY_TAG, r, c, "free chunk of %zu bytes has footer %zu", size,
                             footer);
    return 0;
}

static int check_adjacent_free(hl_check *x, const hl_region *r, const hl_chunk *c, size_t prev_free_size)
{
    if (prev_free_size)
        return hl_check_fail(x, HALLOC_INV_ADJACENT_FREE, r, c,
                             "free chunk at offset %zu follows another free chunk: a missed coalesce",
                             hl_region_offset(r, c));
    return 0;
}

static int check_cache_flags(hl_check *x, const hl_region *r, const hl_chunk *c)
{
    size_t word = hl_chunk_word(c);
    if ((word & HL_FLAG_FREE) && (word & HL_FLAG_CACHED))
        return hl_check_fail(x, HALLOC_INV_CACHE_ENTRY, r, c, "chunk of %zu bytes is marked both free and cached",
                             hl_word_size(word));
    if ((word & HL_FLAG_CACHED) && !x->h->config.cache_depth)
        return hl_check_fail(x, HALLOC_INV_CACHE_ENTRY, r, c,
                             "chunk of %zu bytes is marked cached, but the cache is off", hl_word_size(word));
    return 0;
}

/* Everything about one chunk; its size is trusted only after the first four. */
static int check_chunk(hl_check *x, const hl_region *r, const hl_chunk *c, size_t prev_free_size)
{
    size_t size = hl_chunk_size(c);
    if (check_header_check(x, r, c) || check_walk_end_early(x, r, c, size) ||
        check_size(x, r, c, size) || check_chunk_bounds(x, r, c, size) || check_walk_end(x, r, c, size) ||
        check_prev_free(x, r, c, prev_free_size) || check_cache_flags(x, r, c))
        return -1;
    if (!hl_chunk_is_free(c))
        return 0;
    return check_boundary_tag(x, r, c, size) || check_adjacent_free(x, r, c, prev_free_size) ? -1 : 0;
}

static void tally(hl_check *x, const hl_chunk *c, size_t size)
{
    x->chunks++;
    x->overhead += HL_HEADER;
    if (hl_chunk_is_free(c)) {
        x->chunks_free++;
        x->bytes_free += size - HL_HEADER;
    } else if (hl_chunk_is_cached(c)) {
        x->chunks_cached++;
        x->bytes_cached += size - HL_HEADER;
    } else {
        x->chunks_used++;
        x->bytes_used += size - HL_HEADER;
    }
}

/* Positions strictly increase by >= HL_MIN_CHUNK and stay below the fence,
 * so the walk is bounded by the region size. */
static int check_region_chunks(hl_check *x, const hl_region *r)
{
    const hl_chunk *fence = hl_region_fence(r);
    const hl_chunk *c = hl_region_first(x->h, r);
    size_t prev_free_size = 0;
    x->overhead += hl_region_chunks_offset(x->h, r) + HL_FENCE;
    while (c != fence) {
        if (check_chunk(x, r, c, prev_free_size))
            return -1;
        size_t size = hl_chunk_size(c);
        tally(x, c, size);
        prev_free_size = hl_chunk_is_free(c) ? size : 0;
        c = hl_chunk_at(c, size);
    }
    if (check_header_check(x, r, fence) || check_fence(x, r, fence) ||
        check_prev_free(x, r, fence, prev_free_size))
        return -1;
    return 0;
}

int hl_check_chunks(hl_check *x)
{
    for (const hl_region *r = &x->h->region0; r; r = r->next)
        if (check_region_chunks(x, r))
            return -1;
    return 0;
}
