/*
 * realloc.c - resize in place when the chunk or its free successor allows,
 * else move. A failing call leaves the old block as it was.
 */
#include "lookup.h"

/* want <= the chunk's size: give the spare tail back, merged with a free
 * successor (so even a spare below the minimum chunk is not lost then). */
static void hl_shrink_in_place(hl_heap *h, hl_chunk *c, size_t want)
{
    size_t have = hl_chunk_size(c);
    size_t spare = have - want;
    hl_chunk *next = hl_chunk_at(c, have);
    int next_free = hl_chunk_is_free(next);
    if (spare == 0 || (!next_free && spare < HL_MIN_CHUNK))
        return;
    hl_track_user_resize(h, hl_chunk_payload(c), have - HL_HEADER, want - HL_HEADER);
    if (next_free)
        spare += hl_free_chunk_absorb(h, next);
    hl_chunk_set_word(h, c, want | (hl_chunk_word(c) & HL_FLAG_PREV));
    hl_free_chunk_add(h, hl_chunk_at(c, want), spare);
    h->stats.bytes_in_use -= have - want;
}

/* Grows c over its free successor, which holds enough room (checked, with
 * the header after it, whose PREV_FREE or PREV_MIN this may rewrite). */
static void hl_grow_in_place(hl_heap *h, hl_region *r, hl_chunk *c, size_t want)
{
    size_t have = hl_chunk_size(c);
    size_t total = have + hl_free_chunk_absorb(h, hl_chunk_at(c, have));
    size_t size = total - want >= HL_MIN_CHUNK ? want : total;
    hl_chunk_set_word(h, c, size | (hl_chunk_word(c) & HL_FLAG_PREV));
    if (size < total)
        hl_free_chunk_add(h, hl_chunk_at(c, size), total - size);
    else
        hl_chunk_set_prev(h, hl_chunk_at(c, total), 0);
    h->stats.bytes_in_use += size - have;
    hl_region_note_use(r, c, size);
    hl_track_user_resize(h, hl_chunk_payload(c), have - HL_HEADER, size - HL_HEADER);
}

static int hl_fits_with_next(const hl_chunk *c, size_t want)
{
    hl_chunk *next = hl_chunk_next(c);
    return hl_chunk_is_free(next) && hl_chunk_size(c) + hl_chunk_size(next) >= want;
}

/* The header after c's free successor, which growing c over it rewrites:
 * 0, or -1 with a report. */
static int hl_after_next_ok(hl_heap *h, const hl_chunk *c, const void *p)
{
    hl_chunk *after = hl_chunk_next(hl_chunk_next(c));
    return hl_chunk_is_valid(h, after) ? 0 : hl_report_corrupt_header(h, "realloc", p, after);
}

static void *hl_realloc(hl_heap *h, void *p, size_t size)
{
    /* Set by the lookup on success; initialised because gcc cannot see
     * that its failure paths (the out-of-line reports) always return -1. */
    hl_region *r = NULL;
    hl_chunk *c = NULL;
    size_t word = 0;
    if (!p)
        return hl_malloc(h, size, "realloc");
    if (size == 0) {
        int saved = errno; /* success leaves errno alone */
        if (hl_free(h, p, "realloc") == 0)
            errno = saved;
        return NULL;
    }
    /* Resizing in place trusts only the chunk after c; moving frees c, which
     * trusts the one before it too: each is checked before anything changes. */
    if (hl_lookup(h, p, "realloc", &r, &c, &word) || hl_next_check(h, r, c, word, p, "realloc"))
        return NULL;
    if (size >= HL_MAX_REQUEST) {
        hl_report_too_large(h, "realloc", size);
        return NULL;
    }
    size_t want = hl_chunk_size_for(size);
    if (want <= hl_word_size(word)) {
        hl_shrink_in_place(h, c, want);
        return p;
    }
    if (hl_fits_with_next(c, want)) {
        if (hl_after_next_ok(h, c, p))
            return NULL;
        hl_grow_in_place(h, r, c, want);
        return p;
    }
    if (hl_prev_ok(h, r, c, word, p, "realloc"))
        return NULL;
    void *q = hl_malloc(h, size, "realloc");
    if (!q)
        return NULL;
    memcpy(q, p, hl_chunk_usable(c));
    /* The new block may have been carved from c's free neighbour, or a flush
     * may have merged one into it: read c's header again. */
    hl_free_chunk(h, r, c, hl_chunk_word(c), p, "realloc");
    return q;
}

void *halloc_realloc(halloc_heap *h, void *p, size_t size)
{
    if (hl_enter(h, "realloc"))
        return NULL;
    void *q = hl_realloc(h, p, size);
    hl_check_heap(h, "realloc");
    hl_leave(h);
    return q;
}
