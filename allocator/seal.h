/*
 * seal.h - seals of the heap's own bookkeeping. Part of internal.h, which
 * includes it where the heap struct and the chunk check value are defined.
 */
/* First, outside the guard: internal.h includes this file where its body
 * belongs, after what the body uses, even when this file comes first. */
#include "internal.h"
#ifndef HALLOC_SEAL_H
#define HALLOC_SEAL_H

/*
 * A stray write can reach more than chunk headers: the heap struct lies just
 * before region 0's first chunk, and each region header just before its
 * region's first chunk, so an underflow from a first block lands in them.
 * Their pointers and bounds are sealed with the heap's secret and checked
 * before they are trusted: the heap seal on entry to every call (hl_enter),
 * since every call uses its fields; a region's seal before a lookup walks
 * past it, growth links a region after it or trimming unlinks it. Every
 * write to a sealed field is followed by a reseal.
 * Not sealed, as they change on every call: counters and bitmaps (the
 * checker covers them) and list heads (checked as chunks where used,
 * bins.h). Nor is the cache depth: a wrong one only changes how many blocks
 * the cache keeps. Fields are widened to 64 bits before they are folded in
 * (hl_seal_step), so on ILP32 too every bit of every field reaches the seal.
 */
static inline uint64_t hl_rotl(uint64_t v, unsigned k) { return v << k | v >> (64 - k); }

/* One field into a seal: the seal so far multiplied by the key, rotated,
 * xored with the field. Each field is multiplied by the key once more than
 * the one after it, so the same change to two fields (the same bits flipped,
 * both complemented) changes the seal by different amounts, and they cancel
 * only for changes chosen with the secret. (An xor of rotated fields let such
 * pairs cancel.) The key is odd, so one changed field always shows; the
 * rotation brings the product's high bits, on which no lower bit depends,
 * down. The fold ends with hl_seal_end. */
static inline uint64_t hl_seal_step(uint64_t x, uint64_t key, uint64_t field)
{
    return hl_rotl(x * key, 29) ^ field;
}

/* After the last field: multiply by the key, rotate, multiply again, so
 * every field's change reaches the seal through a multiply after the
 * rotation, by an amount only the key tells. Without it the last field is
 * only xored in (its bit i flipped with the seal's bit i passes whatever the
 * key), and the one before passes with its top bits and the seal's bit 27
 * or 28 (a multiply carries a top-bit flip out unchanged, the rotation moves
 * it down). */
static inline uint64_t hl_seal_end(uint64_t x, uint64_t key)
{
    return hl_rotl(x * key, 29) * key;
}

/* The fields every call trusts, checked on every call (hl_enter): where the
 * lists and the cache are; region 0's size, first chunk and span0, which
 * bound every lookup (a first0 moved up would move region 0's window past
 * its end, and a free of a pointer there would read past it); and the last
 * region, where a lookup past region 0 starts (hl_region_past0), so that a
 * lookup need not check region 0's whole seal. The cheapest keyed form, the
 * steps above without the chunk mix (bench/RESULTS.md "Why halloc is
 * slower" has the costs). */
static inline uint64_t hl_heap_seal(const hl_heap *h)
{
    /* HL_HEAP_SEALED below names these fields for the checker's message. */
    uint64_t key = h->secret; /* odd (heap.c) */
    uint64_t x = (uintptr_t)h->heads ^ h->secret;
    x = hl_seal_step(x, key, (uintptr_t)h->cache);
    x = hl_seal_step(x, key, h->region0.size);
    x = hl_seal_step(x, key, (uintptr_t)h->last);
    x = hl_seal_step(x, key, h->span0);
    return hl_seal_end(hl_seal_step(x, key, h->first0), key);
}

/* What hl_heap_seal covers, in words, for a report of a bad heap seal: kept
 * here so that a field added to the seal is named with it. */
#define HL_HEAP_SEALED                                                                                               \
    "the heap's free-list table, cache pointer or last region, or region 0's size, bound or first chunk"

/* A region's size, links and place, folded as the heap's fields are, then
 * given a chunk header's keyed mix, which ties the seal to the region's
 * address (the final multiply alone let the top bits of the last field, the
 * index, pass with the seal's). Region 0's seal also covers the heap fields
 * that calls read but do not write through: the last region, the table's
 * levels, the policy. */
static inline uint64_t hl_region_seal(const hl_heap *h, const hl_region *r)
{
    /* HL_REGION_SEALED and HL_REGION0_SEALED below name these fields. */
    uint64_t key = h->secret; /* odd (heap.c) */
    uint64_t x = r->size;
    x = hl_seal_step(x, key, (uintptr_t)r->next);
    x = hl_seal_step(x, key, (uintptr_t)r->prev);
    x = hl_seal_step(x, key, (uintptr_t)r->heap);
    x = hl_seal_step(x, key, r->index);
    if (r == &h->region0) {
        x = hl_seal_step(x, key, (uintptr_t)h->last);
        x = hl_seal_step(x, key, h->next_index);
        x = hl_seal_step(x, key, h->fl_inline);
        x = hl_seal_step(x, key, h->fl_count);
        x = hl_seal_step(x, key, h->config.max_size);
        x = hl_seal_step(x, key, (unsigned)h->config.grow);
        x = hl_seal_step(x, key, (unsigned)h->config.trim);
        x = hl_seal_step(x, key, (unsigned)h->config.thread_safe);
        x = hl_seal_step(x, key, (unsigned)h->in_buffer);
    }
    return hl_check_value(h, (const hl_chunk *)r, hl_seal_end(x, key));
}

/* What hl_region_seal covers, in words, for a report of a bad region seal
 * (the checker's, and the refusal of a call, report.c): every region's
 * fields, and region 0's besides. Kept here, as HL_HEAP_SEALED is, so that a
 * field added to the seal is named with it; short, as the refusal must fit
 * the heap's last_error (tests/test_cut.c). */
#define HL_REGION_SEALED "size, links, heap pointer or index"
#define HL_REGION0_SEALED                                                                                            \
    HL_REGION_SEALED ", or the heap's last region, next index, levels, max_size, grow, trim, lock or buffer flag"

static inline int hl_region_intact(const hl_heap *h, const hl_region *r) { return r->seal == hl_region_seal(h, r); }
static inline void hl_region_reseal(const hl_heap *h, hl_region *r) { r->seal = hl_region_seal(h, r); }
static inline void hl_heap_reseal(hl_heap *h) { h->seal = hl_heap_seal(h); }

#endif /* HALLOC_SEAL_H */
