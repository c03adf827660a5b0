/*
 * chunk.h - reading and writing one chunk: its header word and check value,
 * its neighbours, payload, footer and links, and the size class of its size.
 * Part of internal.h, which includes it where the heap struct (whose secret
 * keys the check value) is defined; the layout these follow is internal.h's.
 */
/* First, outside the guard: internal.h includes this file where its body
 * belongs, after what the body uses, even when this file comes first. */
#include "internal.h"
#ifndef HALLOC_CHUNK_H
#define HALLOC_CHUNK_H

/* ---- raw word access (tracking-aware) ---- */

static inline uint64_t hl_peek(const void *at)
{
    int was_closed = hl_open(at, 8);
    uint64_t v;
    memcpy(&v, at, sizeof v);
    hl_close(at, 8, was_closed);
    hl_track_trust(&v, sizeof v);
    return v;
}

static inline void hl_poke(void *at, uint64_t v)
{
    int was_closed = hl_open(at, 8);
    memcpy(at, &v, sizeof v);
    hl_close(at, 8, was_closed);
}

/* An 8-byte word read as a size or a pointer. On ILP32 its upper half is
 * written 0 and folded in on reading, so a stray write there is caught by the
 * check value, footer and link checks as on LP64, not cut off unseen. */
static inline size_t hl_fold(uint64_t v) { return HL_LP64 ? (size_t)v : (size_t)(v ^ v >> 32); }
static inline size_t hl_peek_size(const void *at) { return hl_fold(hl_peek(at)); }

static inline hl_chunk *hl_chunk_at(const void *base, size_t offset)
{
    return (hl_chunk *)((char *)(uintptr_t)base + offset);
}

/* ---- chunk header ---- */

/*
 * A header's check value: (word ^ rotated address) multiplied by the heap
 * secret, odd, so a bijection: no two headers share one but through `| 1`.
 * The secret as the multiplier, not xored in before a fixed one, saves a
 * 64-bit constant and an xor a header (bench/RESULTS.md "Why halloc is
 * slower", its table). Compared in all 64 bits, so not folded; invertible,
 * so it catches accidental overwrites but is not a MAC.
 * - The address invalidates a header copied elsewhere; rotated, its low bits
 *   (where nearby chunks differ) stay off the size bits. A copy xor-adjusted
 *   to keep its value gets the address difference in its high size bits: a
 *   size past any region, which the hot paths refuse (hl_chunk_ends_in). On
 *   ILP32 the address is all in the upper half, which no size reaches.
 * - A multiply carries a flip of its top bit out unchanged, so PREV_MIN
 *   (bit 63) flipped with the value's bit 63 validates. PREV_MIN counts only
 *   with PREV_FREE, and hl_checked_prev then requires a valid free header of
 *   that size, which refuses the lie (tests/test_forgery.c).
 * - `| 1` keeps a zeroed check word (header hygiene) from matching and costs
 *   no bit of the word: products that differ only in bit 0 come from inputs
 *   that differ by the secret's inverse, a change only the secret tells
 *   (tests/test_forgery.c flips each bit).
 * `word` is 64 bits on ILP32 too: a region seal (seal.h) fills all of it.
 */
static inline uint64_t hl_check_value(const hl_heap *h, const hl_chunk *c, uint64_t word)
{
    uint64_t a = (uint64_t)(uintptr_t)c;
    uint64_t x = (word ^ (a << 32 | a >> 32)) * h->secret;
    return x | 1;
}

static inline size_t hl_chunk_word(const hl_chunk *c) { return hl_peek_size(c); }
static inline uint64_t hl_chunk_check_word(const hl_chunk *c) { return hl_peek((const char *)c + HL_OFF_CHECK); }
static inline size_t hl_word_size(size_t word) { return word & ~HL_FLAG_MASK; }
static inline size_t hl_chunk_size(const hl_chunk *c) { return hl_word_size(hl_chunk_word(c)); }
static inline int hl_chunk_is_free(const hl_chunk *c) { return (hl_chunk_word(c) & HL_FLAG_FREE) != 0; }
static inline int hl_chunk_is_cached(const hl_chunk *c) { return (hl_chunk_word(c) & HL_FLAG_CACHED) != 0; }
static inline int hl_chunk_prev_is_free(const hl_chunk *c) { return (hl_chunk_word(c) & HL_FLAG_PREV_FREE) != 0; }

static inline int hl_chunk_is_valid(const hl_heap *h, const hl_chunk *c)
{
    return hl_chunk_check_word(c) == hl_check_value(h, c, hl_chunk_word(c));
}

/* Reads c's word once into *word; nonzero if its check value matches. The
 * hot paths verify each header once this way and then use the local copy. */
static inline int hl_chunk_read(const hl_heap *h, const hl_chunk *c, size_t *word)
{
    *word = hl_chunk_word(c);
    return hl_chunk_check_word(c) == hl_check_value(h, c, *word);
}

/* Writes word and its check value. */
static inline void hl_chunk_set_word(const hl_heap *h, hl_chunk *c, size_t word)
{
    hl_poke(c, word);
    hl_poke((char *)c + HL_OFF_CHECK, hl_check_value(h, c, word));
}

/* Recomputes the check value of whatever word is there (tests use it to make
 * a deliberately wrong word look genuine). */
static inline void hl_chunk_seal(const hl_heap *h, hl_chunk *c)
{
    hl_poke((char *)c + HL_OFF_CHECK, hl_check_value(h, c, hl_chunk_word(c)));
}

/* Header hygiene: a header swallowed by a merge must never validate again. */
static inline void hl_chunk_invalidate(hl_chunk *c) { hl_poke((char *)c + HL_OFF_CHECK, 0); }

/* The PREV_FREE and PREV_MIN bits for a chunk whose predecessor is free and
 * prev_free_size bytes (0: used). */
static inline size_t hl_prev_flags(size_t prev_free_size)
{
    if (!prev_free_size)
        return 0;
    return prev_free_size == HL_MIN_CHUNK ? HL_FLAG_PREV : HL_FLAG_PREV_FREE;
}

/* Tells c that the chunk before it is free and prev_free_size bytes, or used
 * (0); the header is rewritten only if that changes it, and only if it
 * validates: sealing a damaged header anew would launder the damage (a stray
 * write into it would then pass every later check). Left damaged, it is
 * reported by the next call that reads it. */
static inline void hl_chunk_set_prev(const hl_heap *h, hl_chunk *c, size_t prev_free_size)
{
    size_t w = hl_chunk_word(c);
    size_t nw = (w & ~HL_FLAG_PREV) | hl_prev_flags(prev_free_size);
    if (nw != w && hl_chunk_check_word(c) == hl_check_value(h, c, w))
        hl_chunk_set_word(h, c, nw);
}

/* PREV_FREE alone (tests set it where it is wrong); clearing it clears PREV_MIN. */
static inline void hl_chunk_set_prev_free(const hl_heap *h, hl_chunk *c, int prev_free)
{
    size_t w = hl_chunk_word(c);
    size_t nw = prev_free ? (w | HL_FLAG_PREV_FREE) : (w & ~HL_FLAG_PREV);
    if (nw != w)
        hl_chunk_set_word(h, c, nw);
}

/* ---- neighbours, payload, footer, links ---- */

static inline hl_chunk *hl_chunk_next(const hl_chunk *c) { return hl_chunk_at(c, hl_chunk_size(c)); }
static inline void *hl_chunk_payload(const hl_chunk *c) { return (char *)(uintptr_t)c + HL_HEADER; }
/* Worked out as a number: p is whatever a caller passed to free (NULL, 16, a
 * foreign pointer), which the region test refuses only after this, and
 * pointer arithmetic that leaves an object, or makes NULL, is undefined
 * (clang's UBSan: "applying non-zero offset ... produced null pointer"). */
static inline hl_chunk *hl_chunk_from_payload(const void *p) { return (hl_chunk *)((uintptr_t)p - HL_HEADER); }
static inline size_t hl_chunk_usable(const hl_chunk *c) { return hl_chunk_size(c) - HL_HEADER; }

/* Footer of a free chunk of `size` (> HL_MIN_CHUNK) bytes at c. */
static inline size_t hl_chunk_footer(const hl_chunk *c, size_t size)
{
    return hl_peek_size((const char *)c + size - HL_FOOTER);
}
static inline void hl_chunk_set_footer(hl_chunk *c, size_t size) { hl_poke((char *)c + size - HL_FOOTER, size); }
/* Size of the free chunk before c (header word `word`, which has PREV_FREE):
 * the minimum when PREV_MIN says so, else its footer. */
static inline size_t hl_chunk_prev_size(const hl_chunk *c, size_t word)
{
    return (word & HL_FLAG_PREV_MIN) ? HL_MIN_CHUNK : hl_peek_size((const char *)c - HL_FOOTER);
}
static inline hl_chunk *hl_chunk_prev(const hl_chunk *c, size_t word)
{
    return (hl_chunk *)((char *)(uintptr_t)c - hl_chunk_prev_size(c, word));
}

static inline hl_chunk *hl_link_next(const hl_chunk *c)
{
    return (hl_chunk *)(uintptr_t)hl_peek_size((const char *)c + HL_OFF_NEXT);
}
static inline hl_chunk *hl_link_prev(const hl_chunk *c)
{
    return (hl_chunk *)(uintptr_t)hl_peek_size((const char *)c + HL_OFF_PREV);
}
static inline void hl_set_link_next(hl_chunk *c, hl_chunk *n) { hl_poke((char *)c + HL_OFF_NEXT, (uintptr_t)n); }
static inline void hl_set_link_prev(hl_chunk *c, hl_chunk *p) { hl_poke((char *)c + HL_OFF_PREV, (uintptr_t)p); }

/* Chunk size for a request; the caller has checked request < HL_MAX_REQUEST,
 * so nothing wraps. */
static inline size_t hl_chunk_size_for(size_t request)
{
    size_t n = HL_ROUND_UP(request + HL_HEADER, HL_ALIGN);
    return n < HL_MIN_CHUNK ? HL_MIN_CHUNK : n;
}

/* ---- size classes (the lists themselves: bins.h) ---- */

/* The class (first level, second level) of a chunk size; bins.h explains.
 * log2 as 63 ^ clz, not 63 - clz, so that gcc keeps bsr's result as it is.
 * The branch on small or not stays: a branch-free class was slower on
 * workloads whose sizes the predictor learns (bench/RESULTS.md "Why halloc
 * is slower"). */
static inline void hl_size_class(size_t size, unsigned *fl, unsigned *sl)
{
    if (size < HL_SMALL_LIMIT) {
        *fl = 0;
        *sl = (unsigned)(size / HL_ALIGN);
        return;
    }
    unsigned log2 = 63u ^ (unsigned)__builtin_clzll((uint64_t)size);
    *fl = log2 - HL_FL_SHIFT;
    *sl = (unsigned)(size >> (log2 - HL_SL_LOG2)) & (HL_SL_COUNT - 1);
}

#endif /* HALLOC_CHUNK_H */
