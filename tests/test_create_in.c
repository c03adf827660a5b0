/* test_create_in.c - heaps over a caller's buffer (halloc_create_in and
 * halloc_create_in_ex): the usable space, the refusals, never growing and
 * never writing outside the buffer, the cache in a buffer. How a refusal of
 * a buffer is worded is tested with the other refusals, in test_instance.c. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static int is_aligned(const void *p, size_t a)
{
    return ((uintptr_t)p & (a - 1)) == 0;
}

/* With and without a cache (whose lists are part of the bound). */
Test(create_in, usable_space_is_size_minus_overhead)
{
    static unsigned char buf[16 * 1024 + 16];
    halloc_config c = halloc_default_config();
    for (size_t skew = 0; skew < 32; skew++) {
        size_t size = 16 * 1024 - skew % 7;
        c.cache_depth = skew >= 16;
        halloc_heap *h = halloc_create_in_ex(buf + skew % 16, size, &c);
        cr_assert_not_null(h);
        halloc_stats st;
        cr_assert_eq(halloc_get_stats(h, &st), 0);
        cr_assert_geq(st.largest_free, size - HALLOC_BUFFER_OVERHEAD,
                      "skew %zu: largest_free %zu < %zu - HALLOC_BUFFER_OVERHEAD %zu", skew,
                      st.largest_free, size, HALLOC_BUFFER_OVERHEAD);
        void *p = halloc_malloc(h, size - HALLOC_BUFFER_OVERHEAD);
        cr_assert_not_null(p, "skew %zu: the promised usable space is not there", skew);
        cr_assert_eq(halloc_free(h, p), 0);
        halloc_destroy(h);
    }
}

Test(create_in, too_small_or_null_buffer_is_einval)
{
    static unsigned char buf[64 * 1024];
    cr_assert_lt(HALLOC_MIN_BUFFER, sizeof buf, "HALLOC_MIN_BUFFER %zu is implausibly big",
                 HALLOC_MIN_BUFFER);
    errno = 0;
    cr_assert_null(halloc_create_in(buf, HALLOC_MIN_BUFFER - 1, 0));
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_null(halloc_create_in(NULL, sizeof buf, 0));
    cr_assert_eq(errno, EINVAL);
    halloc_heap *h = halloc_create_in(buf, HALLOC_MIN_BUFFER, 0);
    cr_assert_not_null(h, "a buffer of exactly HALLOC_MIN_BUFFER must work, errno %d", errno);
    assert_heap_ok(h);
    halloc_destroy(h);
}

#define GUARD 256
#define CANARY 0x5a

static int guards_intact(const unsigned char *outer, size_t inner)
{
    for (size_t i = 0; i < GUARD; i++)
        if (outer[i] != CANARY || outer[GUARD + inner + i] != CANARY)
            return 0;
    return 1;
}

/* Fills a buffer heap to ENOMEM, checking it never writes outside its buffer
 * and never grows. `skew` misaligns the buffer on purpose; `config` NULL:
 * halloc_create_in, else halloc_create_in_ex with it. */
static void fill_buffer_heap(size_t inner, size_t skew, const halloc_config *config)
{
    unsigned char *outer = malloc(inner + 2 * GUARD);
    cr_assert_not_null(outer);
    memset(outer, CANARY, inner + 2 * GUARD);
    unsigned char *buf = outer + GUARD;
    halloc_heap *h = config ? halloc_create_in_ex(buf + skew, inner - skew, config)
                            : halloc_create_in(buf + skew, inner - skew, 0);
    cr_assert_not_null(h, "create_in failed, errno %d", errno);
    void *ptrs[4096];
    size_t n = 0;
    for (;;) {
        cr_assert_lt(n, 4096, "a %zu-byte buffer cannot hold 4096 blocks", inner);
        errno = 0;
        void *p = halloc_malloc(h, 48 + 16 * (n % 5));
        if (!p)
            break;
        cr_assert(is_aligned(p, HALLOC_ALIGNMENT), "payload %p is misaligned", p);
        cr_assert((unsigned char *)p >= buf + skew && (unsigned char *)p < buf + inner,
                  "payload outside the buffer");
        memset(p, 0xee, halloc_usable_size(h, p));
        ptrs[n++] = p;
    }
    cr_assert_eq(errno, ENOMEM, "a full buffer heap must fail with ENOMEM, got %d", errno);
    cr_assert_gt(n, 10);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.regions, 1, "a buffer heap never grows");
    cr_assert_leq(st.mapped, inner - skew);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    for (size_t i = 0; i < n; i += 2)
        cr_assert_eq(halloc_free(h, ptrs[i]), 0);
    assert_heap_ok(h);
    cr_assert(guards_intact(outer, inner), "bytes outside the caller's buffer were written");
    for (size_t i = 0; i < skew; i++)
        cr_assert_eq(buf[i], CANARY, "byte %zu before the skewed heap was written", i);
    halloc_destroy(h);
    /* The caller owns every byte again (under ASan: nothing stays poisoned). */
    memset(buf, 0x11, inner);
    cr_assert(guards_intact(outer, inner));
    free(outer);
}

Test(create_in, never_grows_and_never_touches_outside)
{
    fill_buffer_heap(32 * KIB, 0, NULL);
}

Test(create_in, misaligned_buffer_still_gives_aligned_payloads)
{
    fill_buffer_heap(32 * KIB, 3, NULL);
}

/* The growth settings of a config cannot make a buffer heap grow or spill. */
Test(create_in_ex, ignores_growth_settings)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 1u << 30;
    c.grow = 1;
    c.cache_depth = 4;
    fill_buffer_heap(32 * KIB, 5, &c);
}

Test(create_in_ex, bad_cache_depth_or_buffer_is_einval)
{
    static unsigned char buf[64 * 1024];
    halloc_config c = halloc_default_config();
    int bad_depths[] = {-1, HALLOC_CACHE_MAX_DEPTH + 1};
    for (size_t i = 0; i < sizeof bad_depths / sizeof *bad_depths; i++) {
        c.cache_depth = bad_depths[i];
        errno = 0;
        cr_assert_null(halloc_create_in_ex(buf, sizeof buf, &c), "cache_depth %d accepted", c.cache_depth);
        cr_assert_eq(errno, EINVAL);
    }
    c.cache_depth = 1;
    errno = 0;
    cr_assert_null(halloc_create_in_ex(NULL, sizeof buf, &c));
    cr_assert_eq(errno, EINVAL);
    halloc_heap *h = halloc_create_in_ex(buf, sizeof buf, NULL);
    cr_assert_not_null(h, "NULL config means the defaults, errno %d", errno);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/*
 * A buffer heap with the cache: freed small blocks are cached, and when the
 * buffer is full a request that only the merged cached blocks can hold still
 * succeeds (the cache is flushed before ENOMEM, and a buffer cannot grow).
 */
Test(create_in_ex, cache_works_and_is_flushed_before_enomem)
{
    static unsigned char buf[64 * 1024];
    halloc_config c = halloc_default_config();
    c.thread_safe = 0;
    c.cache_depth = HALLOC_CACHE_MAX_DEPTH;
    halloc_heap *h = halloc_create_in_ex(buf, sizeof buf, &c);
    cr_assert_not_null(h, "errno %d", errno);
    void *ptrs[1024];
    size_t n = 0;
    /* 60 sizes, so every freed block finds room in the cache of its size. */
    while (n < 1024 && (ptrs[n] = halloc_malloc(h, 48 + 16 * (n % 60))))
        n++;
    cr_assert_lt(n, 1024, "a 64 KiB buffer cannot hold 1024 blocks of 48+ bytes");
    cr_assert_eq(errno, ENOMEM);
    for (size_t i = 0; i + 1 < n; i++)
        cr_assert_eq(halloc_free(h, ptrs[i]), 0);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_cached, n - 1, "%zu of %zu freed blocks are cached", st.chunks_cached, n - 1);
    assert_heap_ok(h);
    size_t big = 16 * KIB; /* larger than what is free outside the cache */
    cr_assert_lt(st.bytes_free - st.bytes_cached, big, "the test needs most free space to be cached");
    void *p = halloc_malloc(h, big);
    cr_assert_not_null(p, "a request the merged cache can hold failed, errno %d", errno);
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_cached, 0, "the cache was not flushed");
    assert_heap_ok(h);
    halloc_destroy(h);
}
