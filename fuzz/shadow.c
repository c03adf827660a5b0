/*
 * shadow.c - the shadow model's data: per-block byte patterns, filled and
 * checked whole or at samples; the address-ordered index of live blocks is
 * shadow-index.c's.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "shadow-model.h"

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

/* The searches below run on the report path (a crash's context, from a
 * signal handler; a sanitizer's report), over the words of each block's
 * pattern up to its usable size: the allocator's word, which a field never
 * set makes absurd (0xbebe... is 2^60 words), and the report would never
 * end. So a block is searched up to its request and FUZZ_SYMBOL_SIZE_MAX
 * past it (an allocator's rounding of a request the harness made), and a
 * search covers at most what a run fills whole in all (FUZZ_WHOLE_BYTES:
 * past it blocks hold samples). */
#define SCAN_WORDS_MAX (FUZZ_WHOLE_BYTES / 8)

static size_t words_to_scan(size_t usable, size_t requested, size_t *left)
{
    size_t reach = fuzz_add_sat(requested, FUZZ_SYMBOL_SIZE_MAX);
    size_t words = (usable < reach ? usable : reach) / 8;
    words = words < *left ? words : *left;
    *left -= words;
    return words;
}

int fuzz_pattern_near(const struct fuzz_ctx *c, uint64_t value, uint64_t near, size_t *offset, uint64_t *word)
{
    size_t left = SCAN_WORDS_MAX;
    for (unsigned k = 0; k < fuzz_table_end(c); k++) {
        const struct fuzz_block *b = &c->slot[k];
        for (size_t w = 0, n = b->ptr ? words_to_scan(b->usable, b->requested, &left) : 0; w < n; w++)
            if ((*word = pattern_word_in_memory(b->seed, w)) - value + near <= 2 * near) {
                *offset = w * 8;
                return (int)k;
            }
    }
    return -1;
}

const struct fuzz_freed *fuzz_pattern_near_freed(const struct fuzz_ctx *c, uint64_t value, uint64_t near,
                                                 size_t *offset, uint64_t *word)
{
    const struct fuzz_freed *f;
    size_t left = SCAN_WORDS_MAX;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++) {
        for (size_t w = 0, n = words_to_scan(f->usable, f->requested, &left); w < n; w++)
            if ((*word = pattern_word_in_memory(f->seed, w)) - value + near <= 2 * near) {
                *offset = w * 8;
                return f;
            }
    }
    return NULL;
}

int fuzz_pattern_find(const struct fuzz_ctx *c, int (*match)(const struct fuzz_ctx *c, uint64_t word, void *arg),
                      void *arg, size_t *offset, const struct fuzz_freed **freed)
{
    size_t left = SCAN_WORDS_MAX;
    *freed = NULL;
    for (unsigned k = 0; k < fuzz_table_end(c); k++) {
        const struct fuzz_block *b = &c->slot[k];
        for (size_t w = 0, n = b->ptr ? words_to_scan(b->usable, b->requested, &left) : 0; w < n; w++)
            if (match(c, pattern_word_in_memory(b->seed, w), arg))
                return *offset = w * 8, (int)k;
    }
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)); i++)
        for (size_t w = 0, n = words_to_scan(f->usable, f->requested, &left); w < n; w++)
            if (match(c, pattern_word_in_memory(f->seed, w), arg))
                return *offset = w * 8, *freed = f, -1;
    return -1;
}

int fuzz_pattern_value(const struct fuzz_ctx *c, uint64_t value, size_t *offset, unsigned *width)
{
    size_t left = SCAN_WORDS_MAX;
    for (unsigned k = 0; k < fuzz_table_end(c); k++) {
        const struct fuzz_block *b = &c->slot[k];
        for (size_t w = 0, n = b->ptr ? words_to_scan(b->usable, b->requested, &left) : 0; w < n; w++) {
            uint64_t word = pattern_word_in_memory(b->seed, w);
            uint32_t half[2];
            memcpy(half, &word, sizeof half);
            *offset = w * 8, *width = 8;
            if (word == value)
                return (int)k;
            for (unsigned h = 0; h < 2; h++) /* an int field: unsigned or sign-extended */
                if (half[h] == value || (uint64_t)(int64_t)(int32_t)half[h] == value)
                    return *offset += 4 * h, *width = 4, (int)k;
        }
    }
    return -1;
}

FUZZ_NO_COVERAGE size_t fuzz_pattern_held(const unsigned char *p, size_t n, uint64_t seed)
{
    size_t held = 0;
    for (size_t i = 0; i < n; i++)
        held += p[i] == pattern_byte(seed, i);
    return held;
}

FUZZ_NO_COVERAGE int fuzz_pattern_shifted(const unsigned char *p, size_t n, uint64_t seed, long long *from)
{
    unsigned char first[8];
    fuzz_fill(first, 0, sizeof first, seed);
    for (size_t i = 0; i + sizeof first <= n; i++) /* copied from below the block: its start lies further on */
        if (memcmp(p + i, first, sizeof first) == 0)
            return *from = -(long long)i, 1;
    for (size_t j = 0; n >= sizeof first && j + sizeof first <= n; j++) { /* from inside it: p starts with its middle */
        size_t k = 0;
        while (k < sizeof first && p[k] == pattern_byte(seed, j + k))
            k++;
        if (k == sizeof first)
            return *from = (long long)j, 1;
    }
    return 0;
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
    d->sampled = 0;
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
            *d = (struct fuzz_damage){i, last - i + 1, 0, p[i], 0};
            return 1;
        }
    return 0;
}

FUZZ_NO_COVERAGE size_t fuzz_nonzero_count(const unsigned char *p, size_t n)
{
    size_t set = 0;
    for (size_t i = 0; i < n; i++)
        set += p[i] != 0;
    return set;
}

/* ---- whole and sampled passes ----
 *
 * A pass (fill, verify, calloc's zero check) over more than
 * FUZZ_WHOLE_ALWAYS bytes draws on a budget of the run (harness.h); past
 * it, it covers only the samples: the block's first and last
 * FUZZ_SAMPLE_EDGE bytes, where an allocator's headers, footers and links
 * land, and FUZZ_SAMPLE_WORDS words spread between. The samples depend on
 * the usable size alone, so a block filled by samples is verified by the
 * same ones, however often. */

#define FUZZ_SAMPLE_EDGE 64
#define FUZZ_SAMPLE_WORDS 16
#define FUZZ_SAMPLE_SPANS (FUZZ_SAMPLE_WORDS + 2)

FUZZ_NO_COVERAGE int fuzz_whole(struct fuzz_budget *budget, size_t bytes)
{
    if (!budget)
        return 1;
    if (bytes > FUZZ_WHOLE_ALWAYS) {
        if (bytes > budget->left)
            return 0;
        budget->left -= bytes;
    }
    budget->spent += bytes;
    return 1;
}

/* The sampled spans [s[i][0], s[i][1]) of a block of n bytes, in address order. */
FUZZ_NO_COVERAGE static void sample_spans(size_t n, size_t s[FUZZ_SAMPLE_SPANS][2])
{
    s[0][0] = 0;
    s[0][1] = n < FUZZ_SAMPLE_EDGE ? n : FUZZ_SAMPLE_EDGE;
    for (size_t i = 1; i <= FUZZ_SAMPLE_WORDS; i++) {
        size_t w = n / (FUZZ_SAMPLE_WORDS + 1) * i / 8 * 8;
        s[i][0] = w;
        s[i][1] = w + 8 < n ? w + 8 : n;
    }
    s[FUZZ_SAMPLE_SPANS - 1][0] = n > FUZZ_SAMPLE_EDGE ? n - FUZZ_SAMPLE_EDGE : 0;
    s[FUZZ_SAMPLE_SPANS - 1][1] = n;
}

/* The samples of a block of n bytes that lie below `to`, clipped to it; the count. */
FUZZ_NO_COVERAGE static size_t samples_below(size_t n, size_t to, struct fuzz_budget *budget,
                                             size_t s[FUZZ_SAMPLE_SPANS][2])
{
    size_t k = 0, all[FUZZ_SAMPLE_SPANS][2];
    sample_spans(n, all);
    for (size_t i = 0; i < FUZZ_SAMPLE_SPANS; i++)
        if (all[i][0] < to) {
            s[k][0] = all[i][0];
            s[k][1] = all[i][1] < to ? all[i][1] : to;
            if (budget)
                budget->spent += s[k][1] - s[k][0];
            k++;
        }
    return k;
}

FUZZ_NO_COVERAGE void fuzz_fill_block(struct fuzz_block *b, size_t from, struct fuzz_budget *budget)
{
    size_t s[FUZZ_SAMPLE_SPANS][2];
    if (!fuzz_whole(budget, b->usable - from)) {
        b->sparse = 1;
    } else {
        fuzz_fill(b->ptr, from, b->usable, b->seed);
        b->sparse &= from != 0; /* every byte holds the pattern now */
    }
    for (size_t i = 0, k = b->sparse ? samples_below(b->usable, b->usable, budget, s) : 0; i < k; i++)
        fuzz_fill(b->ptr, s[i][0], s[i][1], b->seed);
}

FUZZ_NO_COVERAGE int fuzz_check_block(const struct fuzz_block *b, const unsigned char *at, size_t to,
                                      struct fuzz_budget *budget, struct fuzz_damage *d)
{
    size_t s[FUZZ_SAMPLE_SPANS][2];
    if (!b->sparse && fuzz_whole(budget, to))
        return fuzz_find_damage(at, 0, to, b->seed, d);
    for (size_t i = 0, k = samples_below(b->usable, to, budget, s); i < k; i++)
        if (fuzz_find_damage(at, s[i][0], s[i][1], b->seed, d))
            return d->sampled = 1;
    return 0;
}

FUZZ_NO_COVERAGE int fuzz_check_zero(const unsigned char *p, size_t n, struct fuzz_budget *budget,
                                     struct fuzz_damage *d)
{
    size_t s[FUZZ_SAMPLE_SPANS][2];
    if (fuzz_whole(budget, n))
        return fuzz_find_nonzero(p, n, d);
    for (size_t i = 0, k = samples_below(n, n, budget, s); i < k; i++)
        if (fuzz_find_nonzero(p + s[i][0], s[i][1] - s[i][0], d)) {
            d->offset += s[i][0];
            return d->sampled = 1;
        }
    return 0;
}

const char *fuzz_damage_sampled(const struct fuzz_damage *d)
{
    /* The run's passes share one budget (a replay's ops too, as the run that
     * saved the input had it), and a block filled at samples holds its
     * pattern nowhere else: only a build without the budget checks it whole. */
    return !d->sampled ? "" : "; checked at samples (past the run's FUZZ_WHOLE_BYTES of whole passes, "
                              "fuzz/harness.h): the damage may extend further; make replay samples it too, "
                              "with -DFUZZ_WHOLE_BYTES=SIZE_MAX added to CFLAGS it fills and checks every block whole";
}

/* The last FUZZ_SAMPLE_EDGE bytes of the live block just below block key
 * (always filled, sampled or not: where the next block's header lands). */
FUZZ_NO_COVERAGE int fuzz_damaged_below(const struct fuzz_index *ix, unsigned key, struct fuzz_damage *d)
{
    int prev, next;
    fuzz_index_neighbours(ix, key, &prev, &next);
    const struct fuzz_block *b = prev >= 0 ? &ix->blocks[prev] : NULL;
    size_t from = b && b->usable > FUZZ_SAMPLE_EDGE ? b->usable - FUZZ_SAMPLE_EDGE : 0;
    return b && fuzz_find_damage(b->ptr, from, b->usable, b->seed, d) ? prev : -1;
}

/* ASan fills fresh malloc memory with 0xbe (malloc_fill_byte): a usable
 * size of those bytes, in a size_t or a 32-bit field, is one nobody wrote. */
int fuzz_print_junk_usable(const struct fuzz_block *b, int slot, const char *lead)
{
    size_t usable = b && b->ptr ? b->usable : 0;
    if (usable != (size_t)0xbebebebe && usable != (size_t)-1 / 0xff * 0xbe)
        return 0;
    fprintf(stderr, "  %s usable_size() returned %#zx, ASan's fill of fresh malloc memory (malloc_fill_byte 0xbe): "
                    "the field it read (in a header, or in a record the allocator malloc'd) was never set on the "
                    "path that made block %s%d\n", lead, usable, FUZZ_BLOCK_NO(slot));
    return 1;
}

void fuzz_print_touch(const struct fuzz_touch *t, const struct fuzz_block *blocks, int usable_reported)
{
    if (!t->verb)
        return;
    if (t->key < 0) {
        fprintf(stderr, "  the harness was %s live blocks' bytes (the address above says which)\n",
                t->verb);
    } else {
        const struct fuzz_block *b = &blocks[t->key];
        fprintf(stderr, "  the harness was %s block %ld: [%p, +%zu) (%s; %zu requested)\n", t->verb, t->key,
                (void *)b->ptr, b->usable,
                usable_reported ? "the usable size the allocator reported" : "the size requested", b->requested);
    }
    if (usable_reported && t->key >= 0 && fuzz_print_junk_usable(&blocks[t->key], (int)t->key, "likely cause:"))
        return; /* not a size too large: one nobody set */
    fprintf(stderr, "  likely cause: the allocator gave out memory that is not all the block's - a usable size "
                    "too large, a block cut short, or memory it freed, unmapped or poisoned\n");
}
