/*
 * chunk.c - chunk state changes: free <-> used, split, absorb. Each function
 * keeps headers, footers, neighbours' PREV_FREE flags, free lists and the
 * running counters consistent, so callers compose them without bookkeeping.
 */
#include "internal.h"

/* Makes [c, c+size) one listed free chunk. Its predecessor is used (else the
 * caller would have merged it), so PREV_FREE is clear; its successor learns
 * that the chunk before it is free. */
void hl_free_chunk_add(hl_heap *h, hl_chunk *c, size_t size)
{
    hl_chunk_set_word(h, c, size | HL_FLAG_FREE);
    hl_chunk_set_footer(c, size);
    hl_chunk_set_prev_free(h, hl_chunk_at(c, size), 1);
    hl_bin_insert(h, c);
    h->stats.chunks_free++;
    h->stats.bytes_free += size - HL_HEADER;
}

/* Takes a free chunk out of its list and the counters; its memory is the
 * caller's to reuse (header still says free). */
void hl_free_chunk_take(hl_heap *h, hl_chunk *c)
{
    size_t size = hl_chunk_size(c);
    hl_bin_remove(h, c);
    h->stats.chunks_free--;
    h->stats.bytes_free -= size - HL_HEADER;
}

/* Takes a free chunk that is being merged into the chunk before it; its
 * header stops being valid. Returns its size. */
size_t hl_free_chunk_absorb(hl_heap *h, hl_chunk *c)
{
    size_t size = hl_chunk_size(c);
    hl_free_chunk_take(h, c);
    hl_chunk_invalidate(c);
    return size;
}

void hl_region_note_use(hl_region *r, const hl_chunk *c, size_t size)
{
    size_t end = hl_region_offset(r, c) + size;
    if (end > r->high_water)
        r->high_water = end;
}

/*
 * c is `avail` bytes taken out of the free lists (hl_free_chunk_take). Makes
 * its first `want` bytes a used chunk and the rest a free chunk, unless the
 * rest is too small to be one: then the used chunk keeps it. prev_free: the
 * chunk before c is free. Returns c.
 */
hl_chunk *hl_used_chunk_carve(hl_heap *h, hl_region *r, hl_chunk *c, size_t avail, size_t want, int prev_free)
{
    size_t size = avail - want >= HL_MIN_CHUNK ? want : avail;
    hl_chunk_set_word(h, c, size | (prev_free ? HL_FLAG_PREV_FREE : 0));
    if (size < avail)
        hl_free_chunk_add(h, hl_chunk_at(c, size), avail - size);
    else
        hl_chunk_set_prev_free(h, hl_chunk_at(c, size), 0);
    h->stats.chunks_used++;
    h->stats.bytes_in_use += size - HL_HEADER;
    hl_region_note_use(r, c, size);
    return c;
}

/* Counters for a used chunk of `size` bytes that stops being used. */
void hl_used_chunk_forget(hl_heap *h, size_t size)
{
    h->stats.chunks_used--;
    h->stats.bytes_in_use -= size - HL_HEADER;
}
