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
 * are widened to 64 bits before they are folded in (hl_seal_step), so on
 * ILP32 too every bit of every field lands in the seal.
 */
static inline uint64_t hl_rotl(uint64_t v, unsigned k) { return v << k | v >> (64 - k); }

/* One field into a seal: the seal so far multiplied by the key, rotated,
 * xored with the field. Each field is multiplied by the key once more than
 * the one after it, so the same change to two fields (the same bits flipped,
 * both complemented) changes the seal by different amounts: they cancel only
 * for changes chosen with the secret, which a stray write does not know. An
 * xor of fields each rotated by a constant let such a pair cancel: fields
 * rotated alike, whatever the bits; rotated apart, bits repeating with the
 * difference (a byte pattern, or all of them). The key is odd, so the
 * product changes whenever the seal so far did: one changed field always
 * shows; the rotation brings the product's high bits, which no lower bit
 * of the product depends on, down into them. An imul and a rotate per field,
 * the field xored from memory; the fold ends with hl_seal_end. */
static inline uint64_t hl_seal_step(uint64_t x, uint64_t key, uint64_t field)
{
    return hl_rotl(x * key, 29) ^ field;
}

/* After the last field: once more multiplied by the key and rotated, then
 * multiplied again. Without it the last field was only xored in, so its bit
 * i flipped with the seal's bit i passed whatever the key; a field before it
 * passed the same way with its top bits (a multiply carries a change of the
 * top bit out unchanged, the rotation moves it down) and the seal's bit 28
 * or 27. Now any one field's change shows in the seal through a multiply
 * after the rotation, by an amount only the key tells. Three instructions
 * (an imul, a rotate, an imul), 3 a call (bench/RESULTS.md). */
static inline uint64_t hl_seal_end(uint64_t x, uint64_t key)
{
    return hl_rotl(x * key, 29) * key;
}

/* What every call writes through - where the lists and the cache are - and
 * region 0's size, first chunk and span0, which bound every lookup
 * (a first0 moved up moved region 0's window past its end: a free of a
 * pointer there read it); and the last region, where a lookup past region 0
 * starts (hl_region_past0: checking region 0's whole seal there was half of
 * a lookup's instructions). Checked on every call, so the cheapest keyed
 * form: the steps above and their end, keyed by the secret (the chunk mix
 * on top would cost a call ~10 instructions more). */
static inline uint64_t hl_heap_seal(const hl_heap *h)
{
    uint64_t key = h->secret | 1;
    uint64_t x = (uintptr_t)h->heads ^ h->secret;
    x = hl_seal_step(x, key, (uintptr_t)h->cache);
    x = hl_seal_step(x, key, h->region0.size);
    x = hl_seal_step(x, key, (uintptr_t)h->last);
    x = hl_seal_step(x, key, h->span0);
    return hl_seal_end(hl_seal_step(x, key, h->first0), key);
}

/* A region's size, links and place, folded and ended as the heap's fields
 * are, then given the keyed mix of a chunk header, which also ties the seal
 * to the region's address (its multiply alone let the top bits of the last
 * field, a region's index, pass with the seal's). Region 0's seal also covers the heap's fields that
 * calls read but do not write through: the last region, the table's
 * levels, the policy. */
static inline uint64_t hl_region_seal(const hl_heap *h, const hl_region *r)
{
    uint64_t key = h->secret | 1;
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

static inline int hl_region_intact(const hl_heap *h, const hl_region *r) { return r->seal == hl_region_seal(h, r); }
static inline void hl_region_reseal(const hl_heap *h, hl_region *r) { r->seal = hl_region_seal(h, r); }
static inline void hl_heap_reseal(hl_heap *h) { h->seal = hl_heap_seal(h); }

#endif /* HALLOC_SEAL_H */
