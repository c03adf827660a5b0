/*
 * shadow.c - the shadow model's data: per-block byte patterns and the
 * address-ordered index of live blocks (binary search, so checking a new
 * block for overlap costs O(log n), not a scan of every pair).
 */
#include <string.h>

#include "harness.h"

/* ---- patterns ---- */

uint64_t fuzz_seed(unsigned slot, uint64_t generation)
{
    uint64_t x = generation * 0x9e3779b97f4a7c15ull ^ ((uint64_t)slot << 56 | slot);
    x ^= x >> 31;
    return x * 0xbf58476d1ce4e5b9ull;
}

/* Word w of a pattern. Every byte is non-zero so memory the harness has
 * written (and later freed) never passes for calloc's zeroes. */
static uint64_t pattern_word(uint64_t seed, size_t w)
{
    uint64_t x = (seed ^ (uint64_t)w) * 0x94d049bb133111ebull;
    x ^= x >> 29;
    return x | 0x0101010101010101ull;
}

static uint8_t pattern_byte(uint64_t seed, size_t i)
{
    return (uint8_t)(pattern_word(seed, i / 8) >> (8 * (i % 8)));
}

/* The word as it lies in memory: byte i%8 at address i, on any host. */
static uint64_t pattern_word_in_memory(uint64_t seed, size_t w)
{
    uint64_t v = pattern_word(seed, w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

FUZZ_NO_COVERAGE void fuzz_fill(unsigned char *p, size_t from, size_t to, uint64_t seed)
{
    size_t i = from;
    for (; i < to && i % 8; i++)
        p[i] = pattern_byte(seed, i);
    for (; i + 8 <= to; i += 8) {
        uint64_t v = pattern_word_in_memory(seed, i / 8);
        memcpy(p + i, &v, 8);
    }
    for (; i < to; i++)
        p[i] = pattern_byte(seed, i);
}

/* The damage report for a region already known to hold a wrong byte at `first`. */
FUZZ_NO_COVERAGE static void measure_damage(const unsigned char *p, size_t first, size_t to, uint64_t seed,
                           struct fuzz_damage *d)
{
    size_t last = first;
    for (size_t i = first; i < to; i++)
        if (p[i] != pattern_byte(seed, i))
            last = i;
    d->offset = first;
    d->length = last - first + 1;
    d->expected = pattern_byte(seed, first);
    d->found = p[first];
}

FUZZ_NO_COVERAGE int fuzz_find_damage(const unsigned char *p, size_t from, size_t to, uint64_t seed,
                     struct fuzz_damage *d)
{
    size_t i = from;
    for (; i < to && i % 8; i++)
        if (p[i] != pattern_byte(seed, i))
            goto damaged;
    for (; i + 8 <= to; i += 8) {
        uint64_t v, want = pattern_word_in_memory(seed, i / 8);
        memcpy(&v, p + i, 8);
        if (v != want)
            break;
    }
    for (; i < to; i++)
        if (p[i] != pattern_byte(seed, i))
            goto damaged;
    return 0;
damaged:
    measure_damage(p, i, to, seed, d);
    return 1;
}

FUZZ_NO_COVERAGE int fuzz_find_nonzero(const unsigned char *p, size_t n, struct fuzz_damage *d)
{
    size_t i = 0;
    for (uint64_t w; i + 8 <= n; i += 8) { /* a word at a time until something is set */
        memcpy(&w, p + i, 8);
        if (w)
            break;
    }
    for (; i < n; i++)
        if (p[i] != 0) {
            size_t last = i;
            for (size_t j = i; j < n; j++)
                last = p[j] ? j : last;
            *d = (struct fuzz_damage){i, last - i + 1, 0, p[i]};
            return 1;
        }
    return 0;
}

/* ---- the address index ---- */

/* A block's extent for overlap: a zero-byte block still owns its address. */
static uintptr_t block_end(const struct fuzz_block *b)
{
    return (uintptr_t)b->ptr + (b->usable ? b->usable : 1);
}

/* First index position whose block starts at or after address p. */
static size_t lower_bound(const struct fuzz_index *ix, uintptr_t p)
{
    size_t lo = 0, hi = ix->live;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)ix->blocks[ix->order[mid]].ptr < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Moves n keys within the order array. Not memmove, and not instrumented:
 * ASan's memmove is a byte loop and UBSan's checks keep a loop scalar, and
 * with 100,000 live blocks (verify-traces on a large trace) shifting the
 * array was most of the run. It is the harness's own array: nothing to find. */
__attribute__((no_sanitize("address", "undefined")))
FUZZ_NO_COVERAGE static void move_keys(uint32_t *dst, const uint32_t *src, size_t n)
{
    if (dst < src)
        for (size_t i = 0; i < n; i++)
            dst[i] = src[i];
    else
        for (size_t i = n; i-- > 0;)
            dst[i] = src[i];
}

int fuzz_index_insert(struct fuzz_index *ix, unsigned key)
{
    const struct fuzz_block *b = &ix->blocks[key];
    size_t pos = lower_bound(ix, (uintptr_t)b->ptr);
    int other = -1;
    if (pos > 0 && block_end(&ix->blocks[ix->order[pos - 1]]) > (uintptr_t)b->ptr)
        other = (int)ix->order[pos - 1];
    else if (pos < ix->live && (uintptr_t)ix->blocks[ix->order[pos]].ptr < block_end(b))
        other = (int)ix->order[pos];
    move_keys(&ix->order[pos + 1], &ix->order[pos], ix->live - pos);
    ix->order[pos] = key;
    ix->live++;
    ix->in_use += b->usable;
    return other;
}

static size_t position_of(const struct fuzz_index *ix, unsigned key)
{
    size_t pos = lower_bound(ix, (uintptr_t)ix->blocks[key].ptr);
    while (pos < ix->live && ix->order[pos] != key) /* equal addresses only after an overlap */
        pos++;
    return pos;
}

void fuzz_index_remove(struct fuzz_index *ix, unsigned key)
{
    size_t pos = position_of(ix, key);
    if (pos == ix->live)
        return;
    move_keys(&ix->order[pos], &ix->order[pos + 1], ix->live - pos - 1);
    ix->live--;
    ix->in_use -= ix->blocks[key].usable;
}

int fuzz_index_find(const struct fuzz_index *ix, const void *p)
{
    size_t pos = lower_bound(ix, (uintptr_t)p + 1); /* blocks starting at or before p */
    if (pos == 0)
        return -1;
    unsigned k = ix->order[pos - 1];
    return (uintptr_t)p < block_end(&ix->blocks[k]) ? (int)k : -1;
}

void fuzz_index_neighbours(const struct fuzz_index *ix, unsigned key, int *prev, int *next)
{
    /* By address, so it also works for a block not (yet) in the index. */
    size_t pos = lower_bound(ix, (uintptr_t)ix->blocks[key].ptr);
    *prev = *next = -1;
    for (size_t i = pos; i-- > 0 && *prev < 0;)
        *prev = ix->order[i] != key ? (int)ix->order[i] : -1;
    for (size_t i = pos; i < ix->live && *next < 0; i++)
        *next = ix->order[i] != key ? (int)ix->order[i] : -1;
}

int fuzz_verify_all(const struct fuzz_index *ix, struct fuzz_damage *d)
{
    for (size_t i = 0; i < ix->live; i++) {
        const struct fuzz_block *b = &ix->blocks[ix->order[i]];
        if (fuzz_find_damage(b->ptr, 0, b->usable, b->seed, d))
            return (int)ix->order[i];
    }
    return -1;
}

int fuzz_verify_near(const struct fuzz_index *ix, const void *p, struct fuzz_damage *d)
{
    size_t pos = lower_bound(ix, (uintptr_t)p);
    size_t from = pos >= 2 ? pos - 2 : 0, to = pos + 2 < ix->live ? pos + 2 : ix->live;
    for (size_t i = from; i < to; i++) {
        const struct fuzz_block *b = &ix->blocks[ix->order[i]];
        if (fuzz_find_damage(b->ptr, 0, b->usable, b->seed, d))
            return (int)ix->order[i];
    }
    return -1;
}
