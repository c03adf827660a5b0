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
 * before they are trusted: the free-list table and cache pointers and region
 * 0's size and first chunk on entry to every call (hl_enter), since
 * every call uses them; a
 * region's size and links before a lookup walks past it, growth links a
 * region after it or trimming unlinks it. Counters, bitmaps and list heads
 * change on every call and are not sealed: the checker covers them, and a
 * list head is checked as a chunk where it is used (bins.h). Nor is the
 * cache depth: a wrong one only changes how many blocks the cache keeps.
 * Every write to a sealed field is followed by a reseal. Pointers and sizes
 * are widened to 64 bits before they are rotated, so on ILP32 too every bit
 * of every field lands in the seal.
 */
static inline uint64_t hl_rotl(uint64_t v, unsigned k) { return v << k | v >> (64 - k); }

/* What every call writes through - where the lists and the cache are - and
 * region 0's size, first chunk and span0, which bound every lookup
 * (a first0 moved up moved region 0's window past its end: a free of a
 * pointer there read it); and the last region, where a lookup past region 0
 * starts (hl_region_past0: checking region 0's whole seal there was half of
 * a lookup's instructions). Checked on every call, so the cheapest keyed
 * form: the fields xored with the secret (a stray write does not know it;
 * the mix below would cost a call ~10 instructions more). first0 is not
 * rotated: an xor from memory is one instruction. */
static inline uint64_t hl_heap_seal(const hl_heap *h)
{
    return (uintptr_t)h->heads ^ hl_rotl((uintptr_t)h->cache, 32) ^ hl_rotl(h->region0.size, 16) ^
           hl_rotl((uintptr_t)h->last, 48) ^ hl_rotl(h->span0, 24) ^ h->first0 ^ h->secret;
}

/* A region's size, links and place. Region 0's seal also covers the heap's
 * fields that calls read but do not write through: the last region, the
 * table's levels, the policy. */
static inline uint64_t hl_region_seal(const hl_heap *h, const hl_region *r)
{
    uint64_t x = r->size ^ hl_rotl((uintptr_t)r->next, 8) ^ hl_rotl((uintptr_t)r->prev, 16) ^
                 hl_rotl((uintptr_t)r->heap, 24) ^ hl_rotl(r->index, 32);
    if (r == &h->region0)
        x ^= hl_rotl((uintptr_t)h->last, 40) ^ hl_rotl(h->next_index, 48) ^ hl_rotl(h->fl_inline, 52) ^
             hl_rotl(h->fl_count, 56) ^ hl_rotl(h->config.max_size, 4) ^
             hl_rotl((unsigned)h->config.grow, 12) ^ hl_rotl((unsigned)h->config.trim, 20) ^
             hl_rotl((unsigned)h->config.thread_safe, 28) ^ hl_rotl((unsigned)h->in_buffer, 36);
    return hl_check_value(h, (const hl_chunk *)r, x); /* the keyed mix of a chunk header */
}

static inline int hl_region_intact(const hl_heap *h, const hl_region *r) { return r->seal == hl_region_seal(h, r); }
static inline void hl_region_reseal(const hl_heap *h, hl_region *r) { r->seal = hl_region_seal(h, r); }
static inline void hl_heap_reseal(hl_heap *h) { h->seal = hl_heap_seal(h); }

#endif /* HALLOC_SEAL_H */
