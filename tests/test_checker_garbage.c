/*
 * test_checker_garbage.c - halloc_check (and halloc_walk / halloc_dump, which
 * validate as they go) never crash on random damage to the chunk area and the
 * free lists: they return 0 or -1 with a sensible report. Deterministic seeds;
 * every write goes through internal.h's hl_peek / hl_poke, which open and
 * close ASan-poisoned memory, so the test runs in the ASan build too.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

#define ROUNDS 2000

/* A two-region heap with a random mix of used and free chunks. */
static hl_heap *random_heap(uint32_t *seed)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.thread_safe = 0;
    c.trim = HALLOC_TRIM_NEVER;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    void *live[96] = {0};
    for (int i = 0; i < 600; i++) {
        size_t k = rng_below(seed, 96);
        if (live[k]) {
            cr_assert_eq(halloc_free(h, live[k]), 0);
            live[k] = NULL;
        } else {
            live[k] = halloc_malloc(h, 1 + rng_below(seed, rng_below(seed, 4) ? 300 : 5000));
            cr_assert_not_null(live[k]);
        }
    }
    assert_heap_ok(h);
    return h;
}

/* A value that is dangerous in a header or link: sizes near the real ones,
 * flags, pointers into (or just off) the heap, extremes. */
static uint64_t nasty_value(hl_heap *h, uint32_t *seed)
{
    uintptr_t base = (uintptr_t)h;
    switch (rng_below(seed, 8)) {
    case 0: return 0;
    case 1: return UINT64_MAX - rng_below(seed, 64);
    case 2: return rng_below(seed, 1024);                       /* small size, any flags */
    case 3: return base + rng_below(seed, h->region0.size + 64); /* into region 0 */
    case 4: return (base + rng_below(seed, h->region0.size)) & ~(uint64_t)15;
    case 5: return h->last ? (uintptr_t)h->last + rng_below(seed, h->last->size) : base;
    case 6: return (uint64_t)rng_next(seed) << 32 | rng_next(seed);
    default: return rng_below(seed, (size_t)1 << 48) & ~(uint64_t)15;
    }
}

/* A random 8-aligned word in some region's chunk area (fence included). */
static char *random_chunk_word(hl_heap *h, uint32_t *seed)
{
    hl_region *r = &h->region0;
    if (r->next && rng_below(seed, 2))
        r = r->next;
    char *first = (char *)hl_region_first(h, r);
    size_t span = (size_t)((char *)r + r->size - first);
    return first + (rng_below(seed, span) & ~(size_t)7);
}

/* A chunk that was free before any damage, or NULL if there was none. */
static hl_chunk *random_free_chunk(const chunk_list *chunks, uint32_t *seed)
{
    size_t start = rng_below(seed, chunks->count);
    for (size_t i = 0; i < chunks->count; i++) {
        const halloc_chunk_info *c = &chunks->items[(start + i) % chunks->count];
        if (c->is_free)
            return hl_chunk_from_payload(c->payload);
    }
    return NULL;
}

/* A chunk the heap had before any damage (from a walk). Its size comes from
 * that walk too: an earlier hit may have damaged the header since. */
static const halloc_chunk_info *random_real_chunk(const chunk_list *chunks, uint32_t *seed)
{
    return &chunks->items[rng_below(seed, chunks->count)];
}

/* A plausible wrong size word: off by a little, flags changed. */
static uint64_t nearby_word(hl_chunk *c, uint32_t *seed)
{
    uint64_t w = hl_chunk_word(c);
    switch (rng_below(seed, 4)) {
    case 0: return w + 16 * (1 + rng_below(seed, 8));
    case 1: return w - 16 * (1 + rng_below(seed, 8));
    case 2: return w ^ (1 + rng_below(seed, 15));
    default: return w << (1 + rng_below(seed, 3));
    }
}

static void damage_once(hl_heap *h, const chunk_list *chunks, uint32_t *seed)
{
    hl_books_open(h); /* list heads and region headers are among the targets */
    const halloc_chunk_info *real = random_real_chunk(chunks, seed);
    hl_chunk *c = hl_chunk_from_payload(real->payload);
    char *w = random_chunk_word(h, seed);
    switch (rng_below(seed, 8)) {
    case 0: /* one flipped byte anywhere in the chunk area */
        hl_poke(w, hl_peek(w) ^ ((uint64_t)(1 + rng_below(seed, 255)) << (8 * rng_below(seed, 8))));
        break;
    case 1: /* a whole word anywhere in the chunk area */
        hl_poke(w, nasty_value(h, seed));
        break;
    case 2: /* a free chunk's next or prev link */
        if ((c = random_free_chunk(chunks, seed)) != NULL)
            hl_poke((char *)c + (rng_below(seed, 2) ? HL_OFF_NEXT : HL_OFF_PREV), nasty_value(h, seed));
        break;
    case 3: /* a list head */
        h->heads[rng_below(seed, h->fl_count)][rng_below(seed, HL_SL_COUNT)] =
            (hl_chunk *)(uintptr_t)nasty_value(h, seed);
        break;
    case 4: /* a real header with a wild word that still validates */
        hl_poke(c, nasty_value(h, seed));
        hl_chunk_seal(h, c);
        break;
    case 5: /* a real header slightly off, still validating */
        hl_poke(c, nearby_word(c, seed));
        hl_chunk_seal(h, c);
        break;
    case 6: /* the last word of a real chunk: a free chunk's footer */
        hl_poke((char *)c + real->size - HL_FOOTER, nasty_value(h, seed));
        break;
    default: /* a header-aligned spot anywhere made to look like a chunk */
        c = (hl_chunk *)((uintptr_t)w & ~(uintptr_t)15);
        hl_poke(c, nasty_value(h, seed));
        hl_chunk_seal(h, c);
        break;
    }
}

static int count_chunks(const halloc_chunk_info *c, void *ctx)
{
    (void)c;
    ++*(size_t *)ctx;
    return 0;
}

/* The checker's verdict must be one of the two answers, well formed. */
static void assert_sane_verdict(hl_heap *h, uint32_t round)
{
    halloc_report report;
    memset(&report, 0x5a, sizeof report);
    errno = 0;
    int rc = halloc_check(h, &report);
    cr_assert(rc == 0 || rc == -1, "round %u: halloc_check returned %d", round, rc);
    if (rc == 0) {
        cr_assert_eq(report.invariant, HALLOC_INV_NONE, "round %u", round);
        return;
    }
    cr_assert_eq(errno, ENOTRECOVERABLE, "round %u: errno %d", round, errno);
    cr_assert(report.invariant > HALLOC_INV_NONE && report.invariant < HALLOC_INV_COUNT,
              "round %u: invariant %d", round, (int)report.invariant);
    cr_assert(memchr(report.message, '\0', sizeof report.message) && report.message[0],
              "round %u: the report has no terminated message", round);
}

Test(checker_garbage, random_damage_never_crashes_the_checker)
{
    size_t failed = 0;
    for (uint32_t round = 1; round <= ROUNDS; round++) {
        uint32_t seed = round * 2654435761u;
        hl_heap *h = random_heap(&seed);
        chunk_list chunks;
        cr_assert_eq(collect_chunks(h, &chunks), 0);
        int hits = 1 + (int)rng_below(&seed, 3);
        for (int k = 0; k < hits; k++)
            damage_once(h, &chunks, &seed);
        chunk_list_free(&chunks);
        assert_sane_verdict(h, round);
        failed += halloc_check(h, NULL) != 0;
        size_t n = 0;
        int rc = halloc_walk(h, count_chunks, &n);
        cr_assert(rc == 0 || (rc == -1 && errno == ENOTRECOVERABLE), "round %u: walk %d", round, rc);
        free(dump_to_string(h, NULL)); /* must not crash on the damage */
        halloc_destroy(h);
    }
    /* Most damage must be noticed; a byte in a live payload legitimately is not. */
    cr_assert_gt(failed, ROUNDS / 2, "only %zu of %d damaged heaps failed the check", failed,
                 ROUNDS);
}

/* Every single-byte flip of one chunk's header is caught: the check value
 * covers the whole word, and the check word itself. */
Test(checker_garbage, every_header_bit_flip_is_caught)
{
    uint32_t seed = 4242;
    hl_heap *h = random_heap(&seed);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    for (size_t i = 0; i < list.count; i += 1 + list.count / 16) {
        hl_chunk *c = hl_chunk_from_payload(list.items[i].payload);
        for (unsigned bit = 0; bit < 128; bit++) {
            char *w = (char *)c + (bit / 64) * 8;
            uint64_t old = hl_peek(w);
            hl_poke(w, old ^ ((uint64_t)1 << (bit % 64)));
            halloc_report report;
            cr_assert_eq(halloc_check(h, &report), -1, "chunk %zu bit %u flipped unnoticed", i, bit);
            hl_poke(w, old);
        }
    }
    chunk_list_free(&list);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* A header that validates but lies - its size or flags rewritten and resealed,
 * as a bug inside the allocator would leave it - is still caught by the walk,
 * the boundary tags, the neighbours' flags or the counters. */
Test(checker_garbage, every_sealed_lie_in_a_header_is_caught)
{
    uint32_t seed = 777;
    hl_heap *h = random_heap(&seed);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    for (size_t i = 0; i < list.count; i++) {
        hl_chunk *c = hl_chunk_from_payload(list.items[i].payload);
        uint64_t old = hl_chunk_word(c), check = hl_chunk_check_word(c);
        const uint64_t lies[] = {old + 16, old - 16, old + 32, old - 48, old * 2, old / 2 & ~15ull,
                                 old ^ HL_FLAG_FREE, old ^ HL_FLAG_PREV_FREE, old & HL_FLAG_MASK};
        for (size_t k = 0; k < sizeof lies / sizeof lies[0]; k++) {
            hl_chunk_set_word(h, c, lies[k]);
            halloc_report report;
            cr_assert_eq(halloc_check(h, &report), -1,
                         "chunk %zu (offset %zu, word %#llx) rewritten to %#llx unnoticed", i,
                         list.items[i].offset, (unsigned long long)old, (unsigned long long)lies[k]);
            hl_poke(c, old);
            hl_poke((char *)c + HL_OFF_CHECK, check);
        }
    }
    chunk_list_free(&list);
    assert_heap_ok(h);
    halloc_destroy(h);
}
