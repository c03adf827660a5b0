/*
 * bins.h - the operations on the hot path, static inline so that malloc,
 * free and realloc compile to straight-line code without link-time
 * optimisation (the installed static library is built without it):
 *
 *   - TLSF-style segregated free lists: insert / unlink / find in O(1);
 *   - chunk state changes (free <-> used, split, absorb), each of which keeps
 *     headers, footers, neighbours' PREV_FREE flags, lists and the running
 *     counters consistent, so callers compose them without bookkeeping.
 *
 * Classes: chunk sizes below HL_SMALL_LIMIT (256) map linearly, one class per
 * 16 bytes (first level 0). Larger sizes: first level = floor(log2(size)) - 7,
 * second level = the next HL_SL_LOG2 bits below the leading one, so each
 * power-of-two range is cut into 16 classes. fl_bitmap bit fl is set iff
 * sl_bitmap[fl] is nonzero; sl_bitmap[fl] bit sl is set iff heads[fl][sl] is
 * non-empty. Lists are doubly linked through the free chunks' link words.
 * The list functions never touch the counters: a chunk moved between lists
 * keeps its free/used accounting.
 *
 * Part of internal.h, which includes it near its end.
 */
/* First, outside the guard: internal.h includes this file where its body
 * belongs, after what the body uses, even when this file comes first. */
#include "internal.h"
#ifndef HALLOC_BINS_H
#define HALLOC_BINS_H

/* ---- free lists ---- */

/* (*fl, *sl), size's own class, becomes the first class whose every chunk
 * holds size: the same when size starts it, else the next. A class of
 * first level fl >= 1 is 2^(fl + HL_FL_SHIFT - HL_SL_LOG2) bytes wide; the
 * small ones (fl 0) are 16 wide, so every chunk size starts its class. */
static inline void hl_class_fitting(size_t size, unsigned *fl, unsigned *sl)
{
    if (size & (((size_t)1 << (*fl + HL_FL_SHIFT - HL_SL_LOG2)) - 1) && ++*sl == HL_SL_COUNT) {
        ++*fl;
        *sl = 0;
    }
}

/* Nonzero if chunk sizes a and b are of one class, a's of first level fl:
 * a class of level fl >= 1 is named by the size's bits from fl + HL_FL_SHIFT
 * - HL_SL_LOG2 up (its leading one and the HL_SL_LOG2 below it); at level 0
 * those bits are from bit 3 up, which for sizes (multiples of 16) is the
 * size itself, as a small class holds one size. Cheaper than computing b's
 * class: one xor and one shift. */
static inline int hl_same_class(size_t a, size_t b, unsigned fl)
{
    return ((a ^ b) >> (fl + HL_FL_SHIFT - HL_SL_LOG2)) == 0;
}

/* Nonzero if a chunk of `size` bytes is of class (fl, sl), without computing
 * its class (a branch on small or not, a coin toss for random sizes): the
 * size's bits from fl + HL_FL_SHIFT - HL_SL_LOG2 up are the class's leading
 * one and sl; at level 0, its bits from 4 up are sl (hl_size_class). */
static inline int hl_in_class(size_t size, unsigned fl, unsigned sl)
{
    unsigned shift = fl ? fl + HL_FL_SHIFT - HL_SL_LOG2 : 4;
    size_t name = fl ? (HL_SL_COUNT | sl) : sl;
    return size >> shift == name;
}

/* Nonzero if head, the head of list (fl, sl) of c's size, which its bitmap
 * bit says is non-empty, may be written through: it lies in a region, its
 * header validates and says free, its size is of that list's class, and it
 * has no prev link. List heads are not sealed (seal.h): an underflow from
 * region 0's first block reaches the last row, and any head may be hit by
 * a stray write, so the head is checked as a chunk before inserting writes
 * its back link (into a live block, outside the heap, or into the head of
 * another list, which would put that chunk in two lists). */
HL_HOT int hl_bin_head_sound(const hl_heap *h, const hl_chunk *head, size_t size, unsigned fl)
{
    size_t word;
    return hl_heap_holds_chunk(h, head) && hl_chunk_read(h, head, &word) && (word & HL_FLAG_FREE) &&
           hl_same_class(size, hl_word_size(word), fl) && !hl_link_prev(head);
}

/* Lists c, a free chunk of `size` bytes, at the head of its class (fl, sl).
 * A head that is not sound is not written through and is refused one call
 * late: refusing it here would report after this call changed the heap,
 * which the contract forbids. */
HL_HOT void hl_bin_insert_sized(hl_heap *h, hl_chunk *c, size_t size, unsigned fl, unsigned sl)
{
    hl_chunk **slot = &h->heads[fl][sl]; /* once: writing c's links, gcc cannot tell they miss h->heads */
    hl_chunk *head = *slot;
    uint32_t slmap = h->sl_bitmap[fl];
    /* c's links first, so that head and slot need not outlive the call to
     * hl_bin_head_sound. An unsound head (set by a stray write) is not
     * written through but stays as c's next link, which taking c refuses
     * (hl_bin_links_at) and halloc_check reports at once (list-links). A
     * head that is c itself, whose prev link is now clear, would pass as
     * sound: written through, c would link to itself both ways, which the
     * link checks accept, so it is refused here and taking c refuses the
     * one-way loop. */
    hl_set_link_next(c, head);
    hl_set_link_prev(c, NULL);
    *slot = c;
    if ((slmap >> sl & 1) && hl_bin_head_sound(h, head, size, fl) && head != c)
        hl_set_link_prev(head, c);
    if (!slmap) /* else its bit is set: computing it every time spilled registers */
        h->fl_bitmap |= UINT64_C(1) << fl;
    h->sl_bitmap[fl] = slmap | UINT32_C(1) << sl;
}

/* Lists c in class (fl, sl). The checker's tests list a chunk in a class
 * its header's size is not of this way; that list's head then fails the
 * class test and is not written through. */
static inline void hl_bin_insert_at(hl_heap *h, hl_chunk *c, unsigned fl, unsigned sl)
{
    hl_bin_insert_sized(h, c, hl_chunk_size(c), fl, sl);
}

static inline void hl_bin_insert(hl_heap *h, hl_chunk *c)
{
    unsigned fl, sl;
    size_t size = hl_chunk_size(c);
    hl_size_class(size, &fl, &sl);
    hl_bin_insert_sized(h, c, size, fl, sl);
}

/*
 * Safe unlinking: reads c's links into *nextp / *prevp and returns nonzero if
 * following them is safe - each neighbour lies in the heap and points back at
 * c, and a c without prev heads list (fl, sl). A write after free into c's
 * links would otherwise send the unlink anywhere. hl_heap_holds_chunk is an
 * O(1) range test for region 0, so no region list is scanned on the hot path.
 */
HL_HOT int hl_bin_links_at(const hl_heap *h, const hl_chunk *c, unsigned fl, unsigned sl,
                           hl_chunk **nextp, hl_chunk **prevp)
{
    hl_chunk *next = hl_link_next(c);
    hl_chunk *prev = hl_link_prev(c);
    *nextp = next;
    *prevp = prev;
    if (prev ? !(hl_heap_holds_chunk(h, prev) && hl_link_next(prev) == c) : h->heads[fl][sl] != c)
        return 0;
    return !next || (hl_heap_holds_chunk(h, next) && hl_link_prev(next) == c);
}

/* Unlinks the chunk between prev and next from list (fl, sl); the caller has
 * checked the links with hl_bin_links_at. */
HL_HOT void hl_bin_unlink(hl_heap *h, unsigned fl, unsigned sl, hl_chunk *next, hl_chunk *prev)
{
    if (next)
        hl_set_link_prev(next, prev);
    if (prev) {
        hl_set_link_next(prev, next);
        return;
    }
    h->heads[fl][sl] = next;
    if (!next) {
        h->sl_bitmap[fl] &= ~(UINT32_C(1) << sl);
        if (!h->sl_bitmap[fl])
            h->fl_bitmap &= ~(UINT64_C(1) << fl);
    }
}

/* hl_bin_links_at for c's own class (from its header's size). The class,
 * a branch the predictor cannot learn, is computed only when c has no prev
 * link, the one case that reads it (to check that c heads its list). */
HL_HOT int hl_bin_links_ok(const hl_heap *h, const hl_chunk *c)
{
    unsigned fl, sl;
    hl_chunk *next = hl_link_next(c), *prev = hl_link_prev(c);
    if (prev) {
        if (!hl_heap_holds_chunk(h, prev) || hl_link_next(prev) != c)
            return 0;
    } else {
        hl_size_class(hl_chunk_size(c), &fl, &sl);
        if (fl >= h->fl_count || h->heads[fl][sl] != c)
            return 0;
    }
    return !next || (hl_heap_holds_chunk(h, next) && hl_link_prev(next) == c);
}

/* Unlinks c from its class list; the caller has checked hl_bin_links_ok. */
HL_HOT void hl_bin_remove(hl_heap *h, hl_chunk *c)
{
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(c), &fl, &sl);
    hl_bin_unlink(h, fl, sl, hl_link_next(c), hl_link_prev(c));
}

/* Head of the first non-empty class at or after (*flp, *slp), via the
 * bitmaps; *flp, *slp become that class. NULL if the bitmaps name none, or
 * with *damaged set (the caller clears it) if they name a class that does
 * not exist or a list that is empty (a stray write into the heap's own struct, which heads region 0:
 * going on would report a spurious out-of-memory). The caller validates what
 * is returned. */
HL_HOT hl_chunk *hl_bin_first_from(const hl_heap *h, unsigned *flp, unsigned *slp, int *damaged)
{
    unsigned fl = *flp;
    uint32_t slmap = h->sl_bitmap[fl] & (~UINT32_C(0) << *slp);
    if (!slmap) {
        uint64_t flmap = h->fl_bitmap & (~UINT64_C(0) << (fl + 1));
        if (!flmap)
            return NULL;
        fl = (unsigned)__builtin_ctzll(flmap);
        if (fl >= h->fl_count || !(slmap = h->sl_bitmap[fl])) {
            *damaged = 1;
            return NULL;
        }
    }
    *flp = fl;
    *slp = (unsigned)__builtin_ctz(slmap);
    if (*slp >= HL_SL_COUNT) { /* a stray bit above the row's classes: no list is there */
        *damaged = 1;
        return NULL;
    }
    hl_chunk *c = h->heads[fl][*slp];
    if (!c) /* stored only then: no store of 0 on the path that finds one */
        *damaged = 1;
    return c;
}

/*
 * A free chunk of at least `size` bytes, still in its list; NULL if none
 * (*damaged set if a list turned out to be corrupt). The caller validates the
 * chunk's header before trusting it.
 *
 * Guarantee - no spurious out-of-memory: this returns a chunk whenever some
 * free chunk can hold `size`. Good fit in O(1), in three steps:
 *   1. the head of size's own class, if it fits: no rounding waste (below
 *      HL_SMALL_LIMIT every member of the class fits);
 *   2. round size up to the next class boundary, so every chunk of the class
 *      found fits, and take the head of the first non-empty class from there;
 *   3. only when nothing else is free: first fit along size's own class.
 * *flp, *slp: the class of the list the chunk is in; *rp, when step 1
 * found it: its region, which step 1 looked up before reading its size, so
 * the caller need not (else *rp is left as it was).
 */
HL_HOT hl_chunk *hl_bin_find_at(hl_heap *h, size_t size, unsigned *flp, unsigned *slp, hl_region **rp,
                                 int *damaged)
{
    unsigned fl, sl;
    *damaged = 0;
    hl_size_class(size, &fl, &sl);
    if (fl >= h->fl_count)
        return NULL;
    *flp = fl;
    *slp = sl;
    hl_chunk *c = h->heads[fl][sl];
    hl_region *r;
    if (c && (r = hl_region_holding(h, c)) && hl_chunk_size(c) >= size) {
        *rp = r;
        return c;
    }
    hl_class_fitting(size, &fl, &sl);
    if (fl < h->fl_count && (c = hl_bin_first_from(h, &fl, &sl, damaged))) {
        *flp = fl;
        *slp = sl;
        return c;
    }
    if (*damaged)
        return NULL;
    return hl_bin_scan(h, size, damaged); /* in size's own class: *flp, *slp */
}

/* hl_bin_find_at without the class of the list the chunk came from. */
static inline hl_chunk *hl_bin_find(hl_heap *h, size_t size, int *damaged)
{
    unsigned fl, sl;
    hl_region *r = NULL;
    return hl_bin_find_at(h, size, &fl, &sl, &r, damaged);
}

/* ---- chunk state changes ---- */

/* Makes [c, c+size) one listed free chunk, not counted (hl_free_chunk_list
 * counts it), leaving its successor alone (for callers whose successor
 * already has the right PREV_FREE and PREV_MIN). Its predecessor is used
 * (else the caller would have merged it), so PREV_FREE is clear. A minimum
 * chunk has no footer: its links fill it. */
HL_HOT void hl_free_chunk_place(hl_heap *h, hl_chunk *c, size_t size)
{
    unsigned fl, sl;
    hl_chunk_set_word(h, c, size | HL_FLAG_FREE);
    if (size > HL_MIN_CHUNK)
        hl_chunk_set_footer(c, size);
    hl_size_class(size, &fl, &sl);
    hl_bin_insert_sized(h, c, size, fl, sl);
}

/* hl_free_chunk_place, and the chunk counted free. */
HL_HOT void hl_free_chunk_list(hl_heap *h, hl_chunk *c, size_t size)
{
    hl_free_chunk_place(h, c, size);
    h->stats.chunks_free++;
    h->stats.bytes_free += size - HL_HEADER;
}

/* hl_free_chunk_list, and the successor learns that the chunk before it is
 * free and how big (checked by the caller if that may rewrite it). */
HL_HOT void hl_free_chunk_add(hl_heap *h, hl_chunk *c, size_t size)
{
    hl_free_chunk_list(h, c, size);
    hl_chunk_set_prev(h, hl_chunk_at(c, size), size);
}

/* Takes a free chunk out of its list and the counters; its memory is the
 * caller's to reuse (header still says free). */
HL_HOT void hl_free_chunk_take(hl_heap *h, hl_chunk *c)
{
    size_t size = hl_chunk_size(c);
    hl_bin_remove(h, c);
    h->stats.chunks_free--;
    h->stats.bytes_free -= size - HL_HEADER;
}

/* Takes a free chunk that is being merged into the chunk before it; its
 * header stops being valid. Returns its size. */
HL_HOT size_t hl_free_chunk_absorb(hl_heap *h, hl_chunk *c)
{
    size_t size = hl_chunk_size(c);
    hl_free_chunk_take(h, c);
    hl_chunk_invalidate(c);
    return size;
}

/* c, a free chunk of `size` bytes heading its list, its links checked
 * (hl_bin_links_ok), gives its first `cut` bytes to the used chunk before
 * it when what is left stays in c's class: the rest then heads the list in
 * c's place, as taking c and listing the rest would leave it, but only c's
 * checked successor and its class's head slot are written, no head is
 * written through and no bitmap changes. The header after c keeps its PREV
 * bits (a class above the small ones holds no minimum chunk). Returns 0,
 * having changed nothing, if c is not its list's head or the class would
 * change (always so for a small class: one size each). */
HL_HOT int hl_free_chunk_shift(hl_heap *h, hl_chunk *c, size_t size, size_t cut)
{
    unsigned fl, sl;
    size_t rest = size - cut;
    hl_size_class(size, &fl, &sl);
    if (hl_link_prev(c) || !hl_same_class(size, rest, fl))
        return 0;
    hl_chunk *next = hl_link_next(c), *to = hl_chunk_at(c, cut);
    hl_chunk_invalidate(c);
    hl_chunk_set_word(h, to, rest | HL_FLAG_FREE);
    hl_chunk_set_footer(to, rest);
    hl_set_link_next(to, next);
    hl_set_link_prev(to, NULL);
    if (next)
        hl_set_link_prev(next, to);
    h->heads[fl][sl] = to;
    h->stats.bytes_free -= cut;
    return 1;
}

HL_HOT void hl_region_note_use(hl_region *r, const hl_chunk *c, size_t size)
{
    size_t end = hl_region_offset(r, c) + size;
    if (end > r->high_water)
        r->high_water = end;
}

/*
 * c is `avail` bytes of a free chunk taken out of the lists
 * (hl_free_chunk_take), so the chunk after those bytes has PREV_FREE, and
 * not PREV_MIN unless avail is the minimum. Makes the first `want` bytes a
 * used chunk and the rest a free chunk, unless the rest is too small to be
 * one: then the used chunk keeps it. Returns the used chunk's size; the
 * chunk after the `avail` bytes is the caller's to tell (hl_used_chunk_carve).
 * prev_free: the chunk before c is free; the caller sets PREV_MIN on c if
 * that chunk is a minimum one. counted (a constant at each call): the avail
 * bytes are still counted as a free chunk, which the rest then stays: one
 * change to the counters where taking the chunk and listing the rest would
 * make four (hl_fit_carve, on malloc's path).
 */
HL_HOT size_t hl_used_chunk_cut(hl_heap *h, hl_region *r, hl_chunk *c, size_t avail, size_t want, int prev_free,
                                int counted)
{
    size_t size = avail - want >= HL_MIN_CHUNK ? want : avail;
    hl_chunk_set_word(h, c, size | (prev_free ? HL_FLAG_PREV_FREE : 0));
    size_t rest = avail - size;
    if (rest && counted) {
        hl_free_chunk_place(h, hl_chunk_at(c, size), rest);
        h->stats.bytes_free -= size;
    } else if (rest) {
        hl_free_chunk_list(h, hl_chunk_at(c, size), rest);
    } else if (counted) {
        h->stats.chunks_free--;
        h->stats.bytes_free -= size - HL_HEADER;
    }
    h->stats.chunks_used++;
    h->stats.bytes_in_use += size - HL_HEADER;
    hl_region_note_use(r, c, size);
    return size;
}

/* hl_used_chunk_cut, and the chunk after the `avail` bytes loses PREV_FREE
 * (nothing was left) or gains PREV_MIN (a minimum chunk was left): only then
 * is its header rewritten, so the caller checks it when avail - want <=
 * HL_MIN_CHUNK. A header that does not validate is left as it is
 * (hl_chunk_set_prev). Returns c. */
HL_HOT hl_chunk *hl_used_chunk_carve(hl_heap *h, hl_region *r, hl_chunk *c, size_t avail, size_t want,
                                     int prev_free)
{
    size_t size = hl_used_chunk_cut(h, r, c, avail, want, prev_free, 0);
    if (avail - size <= HL_MIN_CHUNK)
        hl_chunk_set_prev(h, hl_chunk_at(c, avail), avail - size);
    return c;
}

/* Counters for a used chunk of `size` bytes that stops being used. */
HL_HOT void hl_used_chunk_forget(hl_heap *h, size_t size)
{
    h->stats.chunks_used--;
    h->stats.bytes_in_use -= size - HL_HEADER;
}

#endif /* HALLOC_BINS_H */
