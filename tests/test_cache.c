/* test_cache.c - the optional cache of freed small blocks (config.cache_depth):
 * what is cached and what is not, LIFO reuse, the depth limit, errno on
 * cached pointers, the flushes (last free, before failing a request), damage
 * detection (also of a free the cache has no room for), config validation,
 * and a checked random churn. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "internal.h" /* hl_poke and the chunk layout, for the damage tests */

static halloc_heap *cache_heap(size_t size, int depth, int grow)
{
    halloc_config c = halloc_default_config();
    c.initial_size = size;
    c.grow = grow;
    c.thread_safe = 0;
    c.cache_depth = depth;
    return heap_from(c);
}

static void *must_malloc(halloc_heap *h, size_t size)
{
    void *p = halloc_malloc(h, size);
    cr_assert_not_null(p, "malloc(%zu) failed, errno %d: %s", size, errno, halloc_last_error(h));
    return p;
}

/* Both checks after every scenario: the invariants, and stats == walk. */
static void assert_consistent(halloc_heap *h)
{
    assert_heap_ok(h);
    assert_stats_match_walk(h);
}

Test(cache, off_by_default_and_free_merges_at_once)
{
    cr_assert_eq(halloc_default_config().cache_depth, 0);
    halloc_heap *h = cache_heap(64 * KIB, halloc_default_config().cache_depth, 0);
    void *a = must_malloc(h, 100), *b = must_malloc(h, 100);
    must_malloc(h, 100); /* keeps b from merging with the remainder */
    size_t a_size = chunk_of(h, a).size, b_size = chunk_of(h, b).size;
    cr_assert_eq(halloc_free(h, a), 0);
    cr_assert_eq(halloc_free(h, b), 0);
    cr_assert_eq(stats_of(h).chunks_cached, 0);
    halloc_chunk_info merged = chunk_of(h, a);
    cr_assert(merged.is_free && !merged.is_cached);
    cr_assert_eq(merged.size, a_size + b_size, "a and b were not merged at once");
    assert_consistent(h);
    halloc_destroy(h);
}

/* A heap without a cache carries no cache lists: its bookkeeping is
 * HALLOC_CACHE_BYTES smaller than the same heap's with one. */
Test(cache, lists_only_in_a_heap_with_a_cache)
{
    halloc_heap *plain = cache_heap(64 * KIB, 0, 0), *cached = cache_heap(64 * KIB, 1, 0);
    cr_assert_gt(HALLOC_CACHE_BYTES, 0);
    cr_assert_eq(stats_of(cached).overhead - stats_of(plain).overhead, HALLOC_CACHE_BYTES,
                 "overhead %zu with a cache, %zu without", stats_of(cached).overhead, stats_of(plain).overhead);
    assert_consistent(plain);
    assert_consistent(cached);
    halloc_destroy(plain);
    halloc_destroy(cached);
}

/* A buffer heap with a cache needs room for the lists too. */
Test(cache, buffer_heap_needs_room_for_the_lists)
{
    static _Alignas(16) unsigned char buf[8 * KIB];
    halloc_config c = halloc_default_config();
    c.cache_depth = 4;
    size_t least = HALLOC_MIN_BUFFER + HALLOC_CACHE_BYTES;
    errno = 0;
    cr_assert_null(halloc_create_in_ex(buf, least - 1, &c), "a buffer without room for the cache lists");
    cr_assert_eq(errno, EINVAL);
    halloc_heap *h = halloc_create_in_ex(buf, least, &c);
    cr_assert_not_null(h, "a buffer of HALLOC_MIN_BUFFER + HALLOC_CACHE_BYTES, errno %d", errno);
    void *a = must_malloc(h, 16), *b = must_malloc(h, 16);
    cr_assert_eq(halloc_free(h, a), 0);
    cr_assert_eq(stats_of(h).chunks_cached, 1, "the smallest cached heap caches");
    assert_consistent(h);
    cr_assert_eq(halloc_free(h, b), 0);
    assert_consistent(h);
    halloc_destroy(h);
}

/* Whether halloc_dump shows a chunk as cached: chunk lines end with the
 * state word (the stats line says "cached" too, but not at a line's end). */
static int dump_shows_cached(halloc_heap *h)
{
    char *text = dump_to_string(h, NULL);
    int shown = strstr(text, " cached\n") != NULL;
    free(text);
    return shown;
}

Test(cache, freed_small_block_is_cached_and_reported)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    void *p = must_malloc(h, 100);
    must_malloc(h, 100);
    size_t usable = halloc_usable_size(h, p);
    halloc_stats before = stats_of(h);
    cr_assert_not(dump_shows_cached(h), "dump shows a cached chunk before any free");
    cr_assert_eq(halloc_free(h, p), 0);
    halloc_stats after = stats_of(h);
    cr_assert_eq(after.chunks_cached, 1);
    cr_assert_eq(after.bytes_cached, usable);
    cr_assert_eq(after.bytes_free, before.bytes_free + usable, "bytes_free must include the cached block");
    cr_assert_eq(after.chunks_free, before.chunks_free + 1);
    cr_assert_eq(after.chunks_used, before.chunks_used - 1);
    halloc_chunk_info c = chunk_of(h, p);
    cr_assert(c.is_free && c.is_cached, "walk: is_free %d is_cached %d", c.is_free, c.is_cached);
    cr_assert_eq(c.usable, usable);
    cr_assert(dump_shows_cached(h), "dump shows no cached chunk");
    assert_consistent(h);
    halloc_destroy(h);
}

Test(cache, reuse_is_lifo)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    void *a = must_malloc(h, 200), *b = must_malloc(h, 200);
    must_malloc(h, 200);
    cr_assert_eq(halloc_free(h, a), 0);
    cr_assert_eq(halloc_free(h, b), 0);
    cr_assert_eq(stats_of(h).chunks_cached, 2);
    cr_assert_eq(halloc_malloc(h, 200), b, "the most recently freed block comes back first");
    cr_assert_eq(halloc_malloc(h, 200), a);
    cr_assert_eq(stats_of(h).chunks_cached, 0);
    assert_consistent(h);
    halloc_destroy(h);
}

Test(cache, depth_limits_each_size)
{
    halloc_heap *h = cache_heap(64 * KIB, 2, 0);
    void *x[3];
    for (size_t i = 0; i < 3; i++) {
        x[i] = must_malloc(h, 300);
        must_malloc(h, 100); /* a live guard: x[i] has no free neighbour */
    }
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(halloc_free(h, x[i]), 0);
    cr_assert_eq(stats_of(h).chunks_cached, 2);
    cr_assert(chunk_of(h, x[0]).is_cached && chunk_of(h, x[1]).is_cached);
    halloc_chunk_info third = chunk_of(h, x[2]);
    cr_assert(third.is_free && !third.is_cached, "the third block must go to the free lists");
    assert_consistent(h);
    halloc_destroy(h);
}

/* Frees a block of `request` bytes (with a live block after it) and says
 * whether it was cached; its chunk must be `chunk_size` bytes. */
static int is_cached_when_freed(halloc_heap *h, size_t request, size_t chunk_size)
{
    void *p = must_malloc(h, request);
    must_malloc(h, 100);
    cr_assert_eq(chunk_of(h, p).size, chunk_size, "malloc(%zu): unexpected chunk size", request);
    size_t cached = stats_of(h).chunks_cached;
    cr_assert_eq(halloc_free(h, p), 0);
    int now = chunk_of(h, p).is_cached;
    cr_assert_eq(stats_of(h).chunks_cached, cached + (now != 0));
    return now;
}

Test(cache, only_chunks_up_to_1_kib_are_cached)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    cr_assert(is_cached_when_freed(h, KIB - HL_HEADER, KIB), "a 1 KiB chunk must be cached");
    cr_assert_not(is_cached_when_freed(h, KIB - HL_HEADER + 1, KIB + HL_ALIGN), "a chunk above 1 KiB was cached");
    cr_assert_not(is_cached_when_freed(h, 2000, HL_ROUND_UP(2000 + HL_HEADER, HL_ALIGN)));
    assert_consistent(h);
    halloc_destroy(h);
}

static void assert_rejected(halloc_heap *h, int rc, int err, const char *what)
{
    cr_assert_eq(rc, -1, "%s succeeded", what);
    cr_assert_eq(errno, err, "%s: errno %d, expected %d (%s)", what, errno, err, halloc_last_error(h));
}

Test(cache, cached_pointer_is_already_freed)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    char *p = must_malloc(h, 200);
    must_malloc(h, 100);
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert(chunk_of(h, p).is_cached);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    assert_rejected(h, halloc_free(h, p), EALREADY, "double free of a cached block");
    errno = 0;
    assert_rejected(h, halloc_usable_size(h, p) ? 0 : -1, EALREADY, "usable_size of a cached block");
    errno = 0;
    assert_rejected(h, halloc_realloc(h, p, 50) ? 0 : -1, EALREADY, "realloc of a cached block");
    errno = 0;
    /* Memory in the cache is already free, as inside a free chunk: EALREADY. */
    assert_rejected(h, halloc_free(h, p + 2 * HALLOC_ALIGNMENT), EALREADY, "free inside a cached block");
    snapshot_assert_same(h, &snap);
    cr_assert(chunk_of(h, p).is_cached, "the rejected calls must leave the block cached");
    assert_consistent(h);
    halloc_destroy(h);
}

Test(cache, freeing_the_last_block_flushes_to_a_pristine_heap)
{
    halloc_heap *h = cache_heap(64 * KIB, 8, 1);
    void *blocks[1024];
    size_t n = 0;
    while (stats_of(h).regions < 2 || n % 8) { /* into a second region, 8 sizes each */
        cr_assert_lt(n, sizeof blocks / sizeof blocks[0], "the heap never grew");
        blocks[n] = must_malloc(h, 40 + 96 * (n % 8));
        n++;
    }
    for (size_t i = 0; i + 1 < n; i++)
        cr_assert_eq(halloc_free(h, blocks[i]), 0);
    cr_assert_gt(stats_of(h).chunks_cached, 0, "nothing cached: the flush is not exercised");
    cr_assert_eq(halloc_free(h, blocks[n - 1]), 0);
    halloc_heap *twin = cache_heap(64 * KIB, 8, 1); /* what a fresh identical heap reports */
    halloc_stats now = stats_of(h), fresh = stats_of(twin);
    halloc_destroy(twin);
    cr_assert(now.chunks_cached == 0 && now.bytes_cached == 0 && now.chunks_used == 0,
              "cached %zu (%zu bytes), used %zu", now.chunks_cached, now.bytes_cached, now.chunks_used);
    cr_assert_eq(now.chunks_free, 1);
    cr_assert_eq(now.regions, fresh.regions, "the emptied second region must be gone");
    cr_assert_eq(now.largest_free, fresh.largest_free, "largest %zu, fresh heap %zu", now.largest_free,
                 fresh.largest_free);
    cr_assert_eq(now.bytes_free, fresh.bytes_free);
    assert_consistent(h);
    halloc_destroy(h);
}

/* Fills a fixed heap with `size`-byte blocks until ENOMEM; returns how many. */
static size_t fill_heap(halloc_heap *h, void **blocks, size_t max, size_t size)
{
    size_t n = 0;
    for (;;) {
        errno = 0;
        void *p = halloc_malloc(h, size);
        if (!p)
            break;
        cr_assert_lt(n, max, "the fixed heap holds more blocks than expected");
        blocks[n++] = p;
    }
    cr_assert_eq(errno, ENOMEM, "filling the heap ended with errno %d", errno);
    return n;
}

/* The largest free request must succeed; gives the block back. */
static void assert_largest_free_succeeds(halloc_heap *h)
{
    size_t largest = stats_of(h).largest_free;
    void *p = halloc_malloc(h, largest);
    cr_assert_not_null(p, "malloc(largest_free = %zu) failed: %s", largest, halloc_last_error(h));
    cr_assert_eq(halloc_free(h, p), 0);
}

Test(cache, flush_prevents_spurious_out_of_memory)
{
    halloc_heap *h = cache_heap(64 * KIB, HALLOC_CACHE_MAX_DEPTH, 0);
    void *blocks[1024];
    size_t n = fill_heap(h, blocks, sizeof blocks / sizeof blocks[0], 100);
    /* Islands first, so they are cached and split the rest into short runs. */
    size_t stride = (n + HALLOC_CACHE_MAX_DEPTH - 1) / HALLOC_CACHE_MAX_DEPTH;
    cr_assert_geq(stride, 2);
    size_t islands = 0;
    for (size_t i = 0; i + 1 < n; i += stride, islands++)
        cr_assert_eq(halloc_free(h, blocks[i]), 0);
    cr_assert_eq(stats_of(h).chunks_cached, islands);
    for (size_t i = 0; i + 1 < n; i++)
        if (i % stride)
            cr_assert_eq(halloc_free(h, blocks[i]), 0);
    assert_largest_free_succeeds(h);
    halloc_stats before = stats_of(h);
    size_t request = before.bytes_free / 2;
    cr_assert_gt(request, before.largest_free, "no cached islands block this request: test is moot");
    void *big = halloc_malloc(h, request);
    cr_assert_not_null(big, "malloc(%zu) failed with %zu bytes free: %s", request, before.bytes_free,
                       halloc_last_error(h));
    cr_assert_eq(stats_of(h).chunks_cached, 0, "the request must have flushed the cache");
    assert_consistent(h);
    assert_largest_free_succeeds(h);
    halloc_destroy(h);
}

/* A heap whose cache list for 200-byte blocks is b -> a, with a live guard after them. */
static halloc_heap *cached_pair(char **b, char **guard)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    char *a = must_malloc(h, 200);
    *b = must_malloc(h, 200);
    *guard = must_malloc(h, 200);
    cr_assert_eq(halloc_free(h, a), 0);
    cr_assert_eq(halloc_free(h, *b), 0);
    cr_assert_eq(stats_of(h).chunks_cached, 2);
    assert_heap_ok(h);
    return h;
}

static void assert_check_finds(halloc_heap *h, halloc_invariant inv)
{
    halloc_report report;
    cr_assert_eq(halloc_check(h, &report), -1, "halloc_check missed the damage");
    cr_assert_eq(report.invariant, inv, "check reported %s: %s", halloc_invariant_name(report.invariant),
                 report.message);
}

/*
 * A write after free replaces the head's link with `garbage`. Links are
 * stored keyed (cache.h), so whatever was written - a wild value or a
 * plausible pointer into the heap - decodes to an address in no region: the
 * very malloc that would make it the head refuses it and changes nothing.
 */
static void damaged_link_is_caught(int into_live_block)
{
    char *b, *guard;
    halloc_heap *h = cached_pair(&b, &guard);
    /* Aligned and in the heap but not at a header, or misaligned and outside every region. */
    uint64_t garbage = into_live_block ? (uint64_t)(uintptr_t)(guard + 64) : UINT64_C(0x4141414141414141);
    hl_poke(b, garbage); /* a cached chunk's first payload word is its link */
    assert_check_finds(h, HALLOC_INV_CACHE_ENTRY);
    heap_snapshot snap;
    snapshot_take(h, &snap);
    errno = 0;
    void *first = halloc_malloc(h, 200);
    cr_assert_null(first, "malloc gave %p (b %p): a damaged cache link was followed", first, (void *)b);
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d", errno);
    snapshot_assert_same(h, &snap);
    cr_assert_not_null(strstr(halloc_last_error(h), "cache"), "message: %s", halloc_last_error(h));
    assert_check_finds(h, HALLOC_INV_CACHE_ENTRY);
    halloc_destroy(h);
}

/* The stored link is not the pointer itself: reading it raw never yields the
 * next cached chunk, so a use-after-free read leaks no heap address as is. */
Test(cache, links_are_stored_keyed)
{
    char *b, *guard;
    halloc_heap *h = cached_pair(&b, &guard);
    hl_chunk *c = hl_chunk_from_payload(b);
    hl_chunk *next = hl_cache_link(h, c); /* b was freed after a: b's link names a */
    hl_books_open(h); /* hl_heap_holds_chunk reads region 0's bound (span0), in the books */
    cr_assert(next && hl_heap_holds_chunk(h, next) && hl_chunk_is_cached(next), "decoded link %p is not a cached chunk",
              (void *)next);
    cr_assert_neq(hl_peek(b), (uint64_t)(uintptr_t)next, "the link is stored in the clear");
    halloc_destroy(h);
}

Test(cache_damage, link_pointing_outside_the_heap, DAMAGE_ENDS)
{
    damaged_link_is_caught(0);
}

Test(cache_damage, link_pointing_into_a_live_block, DAMAGE_ENDS)
{
    damaged_link_is_caught(1);
}

/* An overflow out of p (200 bytes) damages the header of next, the block
 * after it: p's free is refused and changes nothing, and the heap is
 * destroyed. */
static void overflow_refuses_the_free(halloc_heap *h, char *p, char *next)
{
    hl_chunk *victim = hl_chunk_from_payload(next);
    hl_poke((char *)victim + HL_OFF_CHECK, hl_chunk_check_word(victim) ^ 2);
    halloc_stats before = stats_of(h);
    errno = 0;
    assert_rejected(h, halloc_free(h, p), ENOTRECOVERABLE, "free of the overflowing block");
    halloc_stats after = stats_of(h);
    cr_assert_eq(memcmp(&before, &after, sizeof before), 0, "the failed free changed the stats");
    cr_assert_geq(halloc_usable_size(h, p), 200, "the block must still be live");
    assert_check_finds(h, HALLOC_INV_HEADER_CHECK);
    halloc_destroy(h);
}

Test(cache_damage, overflow_into_next_header_caught_when_freed_into_cache, DAMAGE_ENDS)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    char *p = must_malloc(h, 200), *next = must_malloc(h, 200);
    must_malloc(h, 200);
    overflow_refuses_the_free(h, p, next);
}

/* A free the cache has no room for - a block above 1 KiB, or one whose list
 * is full - goes on past the cache (free.c hl_free_past_cache) with every
 * check of a free: a double free is EALREADY, an overflow into the next
 * header refuses the free and changes nothing. */
Test(cache_damage, a_free_the_cache_has_no_room_for_is_checked, DAMAGE_ENDS)
{
    halloc_heap *h = cache_heap(64 * KIB, 1, 0);
    char *big = must_malloc(h, 2000), *cached = must_malloc(h, 200), *p = must_malloc(h, 200);
    char *next = must_malloc(h, 200);
    must_malloc(h, 200);
    cr_assert_eq(halloc_free(h, cached), 0);
    cr_assert(chunk_of(h, cached).is_cached, "the list of p's size must be full");
    cr_assert_eq(halloc_free(h, big), 0);
    cr_assert(chunk_of(h, big).is_free && !chunk_of(h, big).is_cached);
    errno = 0;
    assert_rejected(h, halloc_free(h, big), EALREADY, "double free of a block above 1 KiB");
    assert_consistent(h);
    overflow_refuses_the_free(h, p, next); /* its list full */
}

Test(cache_config, depth_outside_0_to_max_is_einval)
{
    const int bad[] = {-1, HALLOC_CACHE_MAX_DEPTH + 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        halloc_config c = halloc_default_config();
        c.cache_depth = bad[i];
        errno = 0;
        cr_assert_null(halloc_create_ex(&c), "cache_depth %d was accepted", bad[i]);
        cr_assert_eq(errno, EINVAL, "cache_depth %d: errno %d", bad[i], errno);
    }
    halloc_heap *h = cache_heap(64 * KIB, HALLOC_CACHE_MAX_DEPTH, 0);
    assert_consistent(h);
    halloc_destroy(h);
}

Test(cache, realloc_that_moves_caches_the_old_block)
{
    halloc_heap *h = cache_heap(64 * KIB, 4, 0);
    char *p = must_malloc(h, 100);
    must_malloc(h, 100); /* p cannot grow in place */
    size_t usable = halloc_usable_size(h, p);
    pattern_fill(p, usable, 11);
    size_t cached = stats_of(h).chunks_cached;
    char *q = halloc_realloc(h, p, 2000);
    cr_assert_not_null(q);
    cr_assert_neq(q, p, "p's successor is used: the block had to move");
    cr_assert(pattern_ok(q, usable, 11), "moving lost the contents");
    cr_assert_eq(stats_of(h).chunks_cached, cached + 1);
    cr_assert(chunk_of(h, p).is_cached, "the old block must be in the cache");
    assert_consistent(h);
    halloc_destroy(h);
}

/* ---- a random churn on a small fixed heap, checked after every call ---- */

#define CHURN_SLOTS 96 /* enough live bytes that some requests fail */
#define CHURN_OPS 3000
#define CHURN_MAX 1500

struct churn {
    halloc_heap *h;
    unsigned char *p[CHURN_SLOTS];
    size_t size[CHURN_SLOTS];
    uint32_t seed[CHURN_SLOTS];
    uint32_t rng;
    size_t failures;
};

/* A failure must be a request no free chunk holds, judged after the flush
 * that precedes every failure; a failed realloc keeps the old block. */
static void churn_failed(struct churn *c, size_t i, size_t size)
{
    c->failures++;
    cr_assert_eq(errno, ENOMEM, "request of %zu: errno %d: %s", size, errno, halloc_last_error(c->h));
    halloc_stats s = stats_of(c->h);
    cr_assert_eq(s.chunks_cached, 0, "ENOMEM with %zu blocks still cached", s.chunks_cached);
    cr_assert_gt(size, s.largest_free, "request of %zu failed with largest_free %zu", size, s.largest_free);
    cr_assert(!c->p[i] || pattern_ok(c->p[i], c->size[i], c->seed[i]), "a failed realloc changed the block");
}

/* malloc into an empty slot, realloc a live one; the kept prefix must survive. */
static void churn_resize(struct churn *c, size_t i, uint32_t seed)
{
    size_t size = 1 + rng_below(&c->rng, CHURN_MAX);
    size_t keep = !c->p[i] ? 0 : size < c->size[i] ? size : c->size[i];
    errno = 0;
    unsigned char *q = c->p[i] ? halloc_realloc(c->h, c->p[i], size) : halloc_malloc(c->h, size);
    if (!q) {
        churn_failed(c, i, size);
        return;
    }
    cr_assert(pattern_ok(q, keep, c->seed[i]), "realloc to %zu lost the contents", size);
    c->p[i] = q;
    c->size[i] = size;
    c->seed[i] = seed;
    pattern_fill(q, size, seed);
}

static void churn_step(struct churn *c, uint32_t op)
{
    size_t i = rng_below(&c->rng, CHURN_SLOTS);
    if (c->p[i]) {
        cr_assert(pattern_ok(c->p[i], c->size[i], c->seed[i]), "op %u: block %zu was overwritten", op, i);
        if (rng_below(&c->rng, 3)) {
            cr_assert_eq(halloc_free(c->h, c->p[i]), 0, "op %u: free: %s", op, halloc_last_error(c->h));
            c->p[i] = NULL;
            return;
        }
    }
    churn_resize(c, i, op);
}

Test(cache_churn, random_ops_keep_the_heap_consistent)
{
    struct churn c = {.h = cache_heap(64 * KIB, 8, 0), .rng = 0x2545f491u};
    size_t max_cached = 0;
    for (uint32_t op = 0; op < CHURN_OPS; op++) {
        churn_step(&c, op);
        assert_heap_ok(c.h);
        size_t cached = stats_of(c.h).chunks_cached;
        max_cached = cached > max_cached ? cached : max_cached;
        if (op % 64 == 0) {
            assert_stats_match_walk(c.h);
            assert_largest_free_succeeds(c.h);
        }
    }
    cr_assert_gt(max_cached, 8, "the churn never cached more than one list's depth: it tests little");
    cr_assert_gt(c.failures, 0, "no request failed: the flush before ENOMEM went untested");
    for (size_t i = 0; i < CHURN_SLOTS; i++)
        if (c.p[i]) {
            cr_assert(pattern_ok(c.p[i], c.size[i], c.seed[i]), "block %zu was overwritten", i);
            cr_assert_eq(halloc_free(c.h, c.p[i]), 0);
        }
    halloc_stats s = stats_of(c.h);
    cr_assert_eq(s.chunks_cached, 0);
    cr_assert_eq(s.chunks_free, 1, "an emptied heap must be one free chunk");
    assert_consistent(c.h);
    halloc_destroy(c.h);
}
