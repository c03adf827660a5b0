/*
 * realloc.c - resize in place when the chunk or its free successor allows,
 * else grow down over a free predecessor (with the successor, if free) when
 * they hold the size, else move. A failing call leaves the old block as it was.
 */
#include "lookup.h"

/* want <= the chunk's size: give the spare tail back, merged with a free
 * successor (so even a spare below the minimum chunk is not lost then). A
 * big spare gives its pages back as a freed block that big would. */
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
    hl_chunk *tail = hl_chunk_at(c, want);
    hl_free_chunk_add(h, tail, spare);
    h->stats.bytes_in_use -= have - want;
    hl_release_given_up(h, tail, spare, tail, have - want);
}

/* c, a used chunk of `have` bytes, grown to `size` (its header's PREV bits
 * `prev_bits`): its header, the counters and the high-water mark. */
HL_HOT void hl_grown_chunk_note(hl_heap *h, hl_region *r, hl_chunk *c, size_t prev_bits, size_t have, size_t size)
{
    hl_chunk_set_word(h, c, size | prev_bits);
    h->stats.bytes_in_use += size - have;
    hl_region_note_use(r, c, size);
}

/* c, a used chunk of `have` bytes grown to span `total` (its header's PREV
 * bits `prev_bits`), keeps `size` of them: the rest becomes a free chunk, or
 * the header after c learns that a used one is before it (checked by the
 * caller). Both growths, in place and down, end here, so that what a grown
 * chunk must tell is said once. */
HL_HOT void hl_grown_chunk_set(hl_heap *h, hl_region *r, hl_chunk *c, size_t prev_bits, size_t have, size_t size,
                               size_t total)
{
    hl_grown_chunk_note(h, r, c, prev_bits, have, size);
    if (size < total)
        hl_free_chunk_add(h, hl_chunk_at(c, size), total - size);
    else
        hl_chunk_set_prev(h, hl_chunk_at(c, total), 0);
}

/* Grows c over its free successor, which holds enough room (checked, with
 * the header after it, whose PREV_FREE or PREV_MIN this may rewrite). When
 * the successor heads its list and the rest stays in its class, the rest
 * takes its place (hl_free_chunk_shift), cheaper than taking the successor
 * and listing the rest (bench/RESULTS.md "Realloc"). */
static void hl_grow_in_place(hl_heap *h, hl_region *r, hl_chunk *c, size_t want)
{
    size_t word = hl_chunk_word(c), have = hl_word_size(word);
    hl_chunk *next = hl_chunk_at(c, have);
    size_t total = have + hl_chunk_size(next);
    size_t size = total - want >= HL_MIN_CHUNK ? want : total;
    if (size < total && hl_free_chunk_shift(h, next, total - have, size - have)) {
        hl_grown_chunk_note(h, r, c, word & HL_FLAG_PREV, have, size);
    } else {
        hl_free_chunk_absorb(h, next);
        hl_grown_chunk_set(h, r, c, word & HL_FLAG_PREV, have, size, total);
    }
    hl_track_user_resize(h, hl_chunk_payload(c), have - HL_HEADER, size - HL_HEADER);
}

static int hl_fits_with_next(const hl_chunk *c, size_t want)
{
    hl_chunk *next = hl_chunk_next(c);
    return hl_chunk_is_free(next) && hl_chunk_size(c) + hl_chunk_size(next) >= want;
}

/* The header after c's free successor, which growing c over it rewrites:
 * 0, or -1 with a report. */
HL_HOT int hl_after_next_ok(hl_heap *h, const hl_chunk *c, const void *p)
{
    hl_chunk *after = hl_chunk_next(hl_chunk_next(c));
    return hl_chunk_is_valid(h, after) ? 0 : hl_report_corrupt_header(h, "realloc", p, after);
}

/* c (header word `word`) cannot grow forwards: does it fit snugly over its
 * free predecessor (checked: hl_prev_ok) and its free successor if any?
 * Snug: at most half of c left over. A looser fit spends a hole that a
 * malloc elsewhere would put to better use, and costs utilization
 * (bench/RESULTS.md "Realloc"). */
static int hl_fits_with_prev(const hl_chunk *c, size_t word, size_t want)
{
    if (!(word & HL_FLAG_PREV_FREE))
        return 0;
    size_t have = hl_word_size(word), total = hl_chunk_prev_size(c, word) + have;
    hl_chunk *next = hl_chunk_at(c, have);
    if (hl_chunk_is_free(next))
        total += hl_chunk_size(next);
    return total >= want && total - want <= have / 2;
}

/* Grows c down over its free predecessor, and over its free successor too if
 * there is one (else the remainder would lie beside it), moving the payload
 * down: no malloc, no free, no list search. A remainder at the end is split
 * off; the part of it that was c's gives its pages back as a freed block that
 * big would. Everything this trusts was checked: the predecessor
 * (hl_prev_ok), the successor (hl_next_check) and the header after a free
 * successor (hl_after_next_ok). Returns the new payload. */
static void *hl_grow_backwards(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, size_t want)
{
    size_t have = hl_word_size(word);
    hl_chunk *prev = hl_chunk_prev(c, word), *next = hl_chunk_at(c, have);
    size_t prev_word = hl_chunk_word(prev), total = hl_word_size(prev_word) + have;
    hl_free_chunk_take(h, prev);
    if (hl_chunk_is_free(next))
        total += hl_free_chunk_absorb(h, next);
    size_t size = total - want >= HL_MIN_CHUNK ? want : total;
    void *from = hl_chunk_payload(c), *to = hl_chunk_payload(prev);
    hl_chunk_invalidate(c);
    hl_track_user_move(h, from, have - HL_HEADER, to, size - HL_HEADER);
    memmove(to, from, have - HL_HEADER);
    hl_track_user_moved(h, from, have - HL_HEADER, to, size - HL_HEADER);
    hl_grown_chunk_set(h, r, prev, prev_word & HL_FLAG_PREV, have, size, total);
    hl_chunk *rest = hl_chunk_at(prev, size);
    if ((char *)rest < (char *)c + have)
        hl_release_given_up(h, rest, total - size, rest, (size_t)((char *)c + have - (char *)rest));
    return to;
}

/* realloc(p, 0) frees p; success leaves errno as it was. */
static void *hl_realloc_to_zero(hl_heap *h, void *p)
{
    int saved = errno;
    if (hl_free(h, p, "realloc") == 0)
        errno = saved;
    return NULL;
}

/* c (payload p, header word `word`, successor checked) cannot be resized
 * where it is: moves it to a new block of `size` bytes and frees it. */
static void *hl_realloc_by_moving(hl_heap *h, hl_region *r, hl_chunk *c, size_t word, void *p, size_t size)
{
    /* Checked before the new block is taken: freeing c may empty its region. */
    if (hl_emptying_check(h, r, c, word, "realloc"))
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

static void *hl_realloc(hl_heap *h, void *p, size_t size)
{
    /* Set by the lookup on success; initialised because gcc cannot see
     * that its failure paths (the out-of-line reports) always return -1. */
    hl_region *r = NULL;
    hl_chunk *c = NULL;
    size_t word = 0;
    if (!p)
        return hl_malloc(h, size, "realloc");
    if (size == 0)
        return hl_realloc_to_zero(h, p);
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
    if (hl_fits_with_prev(c, word, want)) {
        if (hl_chunk_is_free(hl_chunk_next(c)) && hl_after_next_ok(h, c, p))
            return NULL;
        return hl_grow_backwards(h, r, c, word, want);
    }
    return hl_realloc_by_moving(h, r, c, word, p, size);
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
