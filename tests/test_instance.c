/* test_instance.c - the instance API: creating heaps, the allocation calls,
 * usable_size, stats, walk and dump. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static int is_aligned(const void *p, size_t a)
{
    return ((uintptr_t)p & (a - 1)) == 0;
}

Test(create, mmap_heap_by_size_is_usable_and_rounded_to_pages)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    halloc_heap *h = halloc_create(10000);
    cr_assert_not_null(h, "halloc_create(10000): errno %d", errno);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.regions, 1);
    cr_assert_geq(st.mapped, 10000);
    cr_assert_eq(st.mapped % page, 0, "mapped %zu is not a whole number of pages", st.mapped);
    cr_assert_eq(st.bytes_in_use, 0);
    cr_assert_eq(st.chunks_used, 0);
    cr_assert_eq(st.chunks_free, 1, "a fresh heap is one free chunk");
    cr_assert_gt(st.largest_free, 0);
    assert_stats_match_walk(h);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    cr_assert(is_aligned(p, HALLOC_ALIGNMENT));
    memset(p, 0xab, 100);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(create, size_zero_is_einval)
{
    errno = 0;
    cr_assert_null(halloc_create(0));
    cr_assert_eq(errno, EINVAL);
}

Test(create, default_config_matches_contract)
{
    halloc_config c = halloc_default_config();
    cr_assert(c.initial_size == 0 || c.initial_size == 1024 * KIB,
              "the default size is 1 MiB (0 means 1 MiB), not %zu", c.initial_size);
    cr_assert_eq(c.max_size, 0);
    cr_assert_neq(c.grow, 0);
    cr_assert_eq(c.trim, HALLOC_TRIM_EAGER);
    cr_assert_neq(c.thread_safe, 0);
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_geq(st.mapped, 1024 * KIB, "initial_size 0 means 1 MiB, mapped %zu", st.mapped);
    cr_assert_lt(st.mapped, 1024 * KIB + 64 * KIB);
    halloc_destroy(h);
}

Test(create, create_ex_honours_initial_size)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 256 * KIB;
    c.grow = 0;
    c.thread_safe = 0;
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.mapped, 256 * KIB);
    /* No growth: a request larger than the region fails. */
    errno = 0;
    cr_assert_null(halloc_malloc(h, 512 * KIB));
    cr_assert_eq(errno, ENOMEM);
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.regions, 1);
    halloc_destroy(h);
}

Test(create, create_ex_bad_config_is_einval)
{
    halloc_config c = halloc_default_config();
    c.trim = 7;
    errno = 0;
    cr_assert_null(halloc_create_ex(&c), "trim policy 7 does not exist");
    cr_assert_eq(errno, EINVAL);
    c = halloc_default_config();
    c.initial_size = 256 * KIB;
    c.max_size = 128 * KIB;
    errno = 0;
    cr_assert_null(halloc_create_ex(&c), "initial_size above max_size");
    cr_assert_eq(errno, EINVAL);
}

/* A config has several fields EINVAL could be about: halloc_last_error(NULL)
 * names the one refused (no heap came of the call, so the message is the
 * thread's, as for a NULL heap). */
static void assert_refused_saying(halloc_heap *h, int err, const char *said)
{
    cr_assert_null(h, "created; expected a refusal naming '%s'", said);
    cr_assert_eq(errno, err, "errno %d, expected %d (%s)", errno, err, said);
    cr_assert(strstr(halloc_last_error(NULL), said), "no '%s' in: '%s'", said, halloc_last_error(NULL));
}

Test(create, ex_with_a_null_config_takes_the_defaults)
{
    halloc_heap *h = halloc_create_ex(NULL);
    cr_assert_not_null(h, "halloc_create_ex(NULL): %s", halloc_last_error(NULL));
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.regions, 1);
    cr_assert_geq(st.bytes_free, 512 * KIB, "a default heap is 1 MiB; %zu bytes free", st.bytes_free);
    cr_assert_not_null(halloc_malloc(h, 100));
    halloc_destroy(h);
}

Test(create, a_refused_create_says_why)
{
    static unsigned char buf[64 * 1024];
    halloc_config c = halloc_default_config();
    c.trim = 7;
    assert_refused_saying(halloc_create_ex(&c), EINVAL, "trim 7");
    c = halloc_default_config();
    c.initial_size = 256 * KIB;
    c.max_size = 128 * KIB;
    assert_refused_saying(halloc_create_ex(&c), EINVAL, "initial_size 262144 (0 means 1 MiB) is above max_size 131072");
    c = halloc_default_config();
    c.cache_depth = HALLOC_CACHE_MAX_DEPTH + 1;
    assert_refused_saying(halloc_create_ex(&c), EINVAL, "cache_depth 65 is outside 0..64");
    assert_refused_saying(halloc_create_in_ex(buf, sizeof buf, &c), EINVAL, "cache_depth 65");
    assert_refused_saying(halloc_create(0), EINVAL, "create(0): size 0");
    assert_refused_saying(halloc_create(SIZE_MAX), ENOMEM, "above the largest region");
    c = halloc_default_config();
    c.initial_size = c.max_size = 100;
    assert_refused_saying(halloc_create_ex(&c), ENOMEM, "max_size 100 is below the smallest heap");
    c.initial_size = 5000; /* below max_size, but 8192 bytes in whole pages */
    c.max_size = 6000;
    assert_refused_saying(halloc_create_ex(&c), ENOMEM,
                          "initial_size 5000 is 8192 bytes in whole pages, above max_size 6000: "
                          "raise max_size or lower initial_size");
    assert_refused_saying(halloc_create_in(NULL, sizeof buf, 0), EINVAL, "the buffer is NULL: pass a buffer");
    assert_refused_saying(halloc_create_in(buf, SIZE_MAX, 0), EINVAL,
                          "the size runs past the end of memory: pass the buffer's real size");
    /* ending at the very top: the end wraps to 0 */
    assert_refused_saying(halloc_create_in((void *)(UINTPTR_MAX - 4095), 4096, 0), EINVAL, "past the end of memory");
}

/* Each refusal of a buffer says what to pass instead: the least size names
 * the bytes the caller's configuration needs. */
Test(create_in, a_too_small_buffer_is_told_the_size_it_needs)
{
    static unsigned char buf[64 * 1024];
    char says[128];
    snprintf(says, sizeof says, "the buffer is too small: pass at least %zu bytes (HALLOC_MIN_BUFFER)",
             HALLOC_MIN_BUFFER);
    assert_refused_saying(halloc_create_in(buf, HALLOC_MIN_BUFFER - 1, 0), EINVAL, says);
    halloc_config c = halloc_default_config();
    c.cache_depth = 1;
    size_t least = HALLOC_MIN_BUFFER + HALLOC_CACHE_BYTES;
    snprintf(says, sizeof says, "pass at least %zu bytes (HALLOC_MIN_BUFFER + HALLOC_CACHE_BYTES)", least);
    assert_refused_saying(halloc_create_in_ex(buf, least - 1, &c), EINVAL, says);
    halloc_heap *h = halloc_create_in_ex(buf, least, &c);
    cr_assert_not_null(h, "the size the message names must be enough: %s", halloc_last_error(NULL));
    halloc_destroy(h);
}

/* An out-of-memory names the limit that said no: what to change differs. */
static void assert_out_of_memory_saying(halloc_heap *h, size_t size, const char *said)
{
    cr_assert_not_null(h);
    errno = 0;
    cr_assert_null(halloc_malloc(h, size), "malloc(%zu) succeeded; expected '%s'", size, said);
    cr_assert_eq(errno, ENOMEM);
    cr_assert(strstr(halloc_last_error(h), said), "no '%s' in: '%s'", said, halloc_last_error(h));
    halloc_destroy(h);
}

Test(malloc, out_of_memory_says_which_limit)
{
    static unsigned char buf[64 * 1024];
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.grow = 0;
    assert_out_of_memory_saying(halloc_create_ex(&c), 128 * KIB, "may not grow (config.grow is 0)");
    c.grow = 1;
    c.max_size = 256 * KIB;
    assert_out_of_memory_saying(halloc_create_ex(&c), 512 * KIB, "growing would pass max_size (262144 bytes");
    /* One page mapped under a cap of three: a malloc of one page needs a
     * region of two and the free-list table's own mapping, which the
     * message must count (it said "12288 bytes, 4096 mapped" and no more). */
    size_t page = (size_t)sysconf(_SC_PAGESIZE), table = page > 8 * KIB ? page : 8 * KIB; /* 5 KiB in pages */
    c.initial_size = page;
    c.max_size = 3 * page;
    char needed[64];
    snprintf(needed, sizeof needed, "%zu mapped, %zu more needed)", page, 2 * page + table);
    assert_out_of_memory_saying(halloc_create_ex(&c), page, needed);
    assert_out_of_memory_saying(halloc_create_in(buf, sizeof buf, 0), sizeof buf,
                                "a heap over a caller's buffer never grows");
}

/* A mapping the system refuses (here an address-space limit just above
 * what the process has) is not blamed on the heap's own limits. Criterion
 * runs each test in a process of its own: the limit ends with it. */
Test(malloc, out_of_memory_names_a_refused_mapping)
{
    halloc_heap *h = halloc_create(64 * KIB);
    limit_address_space(64 * KIB * KIB);
    assert_out_of_memory_saying(h, 256 * KIB * KIB, "the system refused to map");
}

Test(api, malloc_free_roundtrip_keeps_contents)
{
    halloc_heap *h = halloc_create(256 * KIB);
    cr_assert_not_null(h);
    void *p[64];
    for (size_t i = 0; i < 64; i++) {
        size_t size = 1 + i * 37;
        p[i] = halloc_malloc(h, size);
        cr_assert_not_null(p[i]);
        cr_assert(is_aligned(p[i], HALLOC_ALIGNMENT));
        cr_assert_geq(halloc_usable_size(h, p[i]), size);
        pattern_fill(p[i], size, (uint32_t)i);
    }
    for (size_t i = 0; i < 64; i++)
        cr_assert(pattern_ok(p[i], 1 + i * 37, (uint32_t)i), "block %zu was overwritten", i);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    for (size_t i = 0; i < 64; i++)
        cr_assert_eq(halloc_free(h, p[i]), 0);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 0);
    cr_assert_eq(st.chunks_free, 1, "freeing everything must coalesce back into one chunk");
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(api, calloc_zeroes_and_realloc_keeps_prefix)
{
    halloc_heap *h = halloc_create(256 * KIB);
    cr_assert_not_null(h);
    unsigned char *c = halloc_calloc(h, 100, 7);
    cr_assert_not_null(c);
    for (size_t i = 0; i < 700; i++)
        cr_assert_eq(c[i], 0, "calloc byte %zu is %u", i, c[i]);
    pattern_fill(c, 700, 9);
    unsigned char *r = halloc_realloc(h, c, 5000);
    cr_assert_not_null(r);
    cr_assert(pattern_ok(r, 700, 9), "realloc lost the old contents");
    cr_assert_geq(halloc_usable_size(h, r), 5000);
    r = halloc_realloc(h, r, 10);
    cr_assert_not_null(r);
    cr_assert(pattern_ok(r, 10, 9), "shrinking realloc lost the prefix");
    cr_assert_eq(halloc_free(h, r), 0);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(api, aligned_alloc_every_power_of_two_from_16_to_64k)
{
    halloc_heap *h = halloc_create(4096 * KIB);
    cr_assert_not_null(h);
    void *keep[13];
    size_t n = 0;
    for (size_t a = 16; a <= 64 * KIB; a *= 2) {
        void *p = halloc_aligned_alloc(h, a, 100);
        cr_assert_not_null(p, "aligned_alloc(%zu, 100) failed, errno %d", a, errno);
        cr_assert(is_aligned(p, a), "aligned_alloc(%zu) returned %p", a, p);
        cr_assert_geq(halloc_usable_size(h, p), 100);
        memset(p, 0x77, halloc_usable_size(h, p));
        keep[n++] = p;
        assert_heap_ok(h);
    }
    for (size_t a = 1; a < 16; a *= 2) {
        void *p = halloc_aligned_alloc(h, a, 24);
        cr_assert_not_null(p, "alignment %zu is a power of two", a);
        cr_assert(is_aligned(p, HALLOC_ALIGNMENT));
        cr_assert_eq(halloc_free(h, p), 0);
    }
    assert_stats_match_walk(h);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(halloc_free(h, keep[i]), 0);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(api, aligned_alloc_non_power_of_two_is_einval)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    size_t bad[] = {0, 3, 24, 48, 96, 1000, 4097, SIZE_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        heap_snapshot snap;
        snapshot_take(h, &snap);
        errno = 0;
        cr_assert_null(halloc_aligned_alloc(h, bad[i], 64), "alignment %zu accepted", bad[i]);
        cr_assert_eq(errno, EINVAL, "alignment %zu: errno %d", bad[i], errno);
        /* 1, 2, 4 and 8 are accepted too: the advice must not send a caller to 16 */
        cr_assert(strstr(halloc_last_error(h), "is not a power of two: use 1, 2, 4, 8, 16"), "%s",
                  halloc_last_error(h));
        snapshot_assert_same(h, &snap);
    }
    errno = 0;
    cr_assert_null(halloc_aligned_alloc(h, 64, 0));
    cr_assert_eq(errno, EINVAL, "size 0 is EINVAL like malloc(0)");
    halloc_destroy(h);
}

Test(api, usable_size_bad_pointers_fail_with_documented_errno)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    char *p = halloc_malloc(h, 200);
    cr_assert_not_null(p);
    cr_assert_geq(halloc_usable_size(h, p), 200);
    int local;
    const void *bad[] = {NULL, &local, p + 1, p + 16, p + 8};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        errno = 0;
        cr_assert_eq(halloc_usable_size(h, bad[i]), 0, "bad pointer %zu has a size", i);
        cr_assert_eq(errno, EINVAL, "bad pointer %zu: errno %d", i, errno);
    }
    cr_assert_eq(halloc_free(h, p), 0);
    errno = 0;
    cr_assert_eq(halloc_usable_size(h, p), 0, "a freed block is not live");
    cr_assert_eq(errno, EALREADY, "usable_size of a freed block: errno %d; halloc.h promises EALREADY "
                 "for memory that is already free, as free() reports it", errno);
    halloc_destroy(h);
}

Test(api, null_heap_is_einval)
{
    halloc_stats st;
    errno = 0;
    cr_assert_null(halloc_malloc(NULL, 10));
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_eq(halloc_get_stats(NULL, &st), -1);
    cr_assert_eq(errno, EINVAL);
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    errno = 0;
    cr_assert_eq(halloc_get_stats(h, NULL), -1);
    cr_assert_eq(errno, EINVAL);
    halloc_destroy(h);
}

Test(stats, fields_add_up_and_high_water_never_shrinks)
{
    halloc_heap *h = halloc_create(512 * KIB);
    cr_assert_not_null(h);
    uint32_t seed = 12345;
    void *live[128] = {0};
    size_t sizes[128] = {0};
    size_t last_high = 0;
    for (int step = 0; step < 3000; step++) {
        size_t i = rng_below(&seed, 128);
        if (live[i]) {
            cr_assert_eq(halloc_free(h, live[i]), 0);
            live[i] = NULL;
        } else {
            sizes[i] = 1 + rng_below(&seed, 3000);
            live[i] = halloc_malloc(h, sizes[i]);
            cr_assert_not_null(live[i], "step %d: malloc(%zu) failed", step, sizes[i]);
        }
        halloc_stats st;
        cr_assert_eq(halloc_get_stats(h, &st), 0);
        cr_assert_geq(st.high_water, last_high, "high_water shrank: %zu -> %zu", last_high,
                      st.high_water);
        last_high = st.high_water;
        if (step % 100 == 0)
            assert_stats_match_walk(h);
    }
    size_t expect_used = 0, expect_n = 0;
    for (size_t i = 0; i < 128; i++)
        if (live[i]) {
            expect_used += halloc_usable_size(h, live[i]);
            expect_n++;
        }
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.bytes_in_use, expect_used);
    cr_assert_eq(st.chunks_used, expect_n);
    cr_assert_gt(st.high_water, 0);
    cr_assert_leq(st.high_water, st.mapped);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

Test(stats, high_water_covers_every_block_handed_out)
{
    halloc_heap *h = halloc_create(256 * KIB);
    cr_assert_not_null(h);
    halloc_stats before, mid, after;
    cr_assert_eq(halloc_get_stats(h, &before), 0);
    void *p = halloc_malloc(h, 1000), *q = halloc_malloc(h, 3000);
    cr_assert_not_null(p);
    cr_assert_not_null(q);
    cr_assert_eq(halloc_get_stats(h, &mid), 0);
    cr_assert_gt(mid.high_water, before.high_water, "handing out blocks must raise high_water");
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    for (size_t i = 0; i < list.count; i++) {
        const halloc_chunk_info *c = &list.items[i];
        if (!c->is_free)
            cr_assert_geq(mid.high_water, c->offset + c->usable,
                          "high_water %zu is below the block at offset %zu (%zu usable)",
                          mid.high_water, c->offset, c->usable);
    }
    chunk_list_free(&list);
    cr_assert_eq(halloc_free(h, q), 0);
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert_eq(halloc_get_stats(h, &after), 0);
    cr_assert_eq(after.high_water, mid.high_water, "freeing never lowers high_water");
    halloc_destroy(h);
}
