/* test_growth.c - growing into further regions, trimming them, the max_size cap, and the
 * free-list table that growth may move out of region 0. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h" /* the free-list table: where it lives, how many levels */

#define MAX_BLOCKS 4096

static halloc_heap *growing_heap(size_t initial, size_t max, int trim)
{
    halloc_config c = halloc_default_config();
    c.initial_size = initial;
    c.max_size = max;
    c.grow = 1;
    c.trim = trim;
    return heap_from(c);
}

/* Allocates 1 KiB blocks until the heap has two regions, plus a few more. */
static size_t fill_into_second_region(halloc_heap *h, void **blocks)
{
    size_t n = 0;
    while (stats_of(h).regions < 2) {
        cr_assert_lt(n, MAX_BLOCKS - 8, "the heap never grew");
        blocks[n] = halloc_malloc(h, 1024);
        cr_assert_not_null(blocks[n], "malloc failed at block %zu, errno %d", n, errno);
        memset(blocks[n], (int)n, 1024);
        n++;
    }
    for (int k = 0; k < 4; k++, n++) {
        blocks[n] = halloc_malloc(h, 1024);
        cr_assert_not_null(blocks[n]);
    }
    return n;
}

/* Frees every block that lives in region `region`; returns how many. */
static size_t free_region_blocks(halloc_heap *h, void **blocks, size_t n, size_t region)
{
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    size_t freed = 0;
    for (size_t i = 0; i < n; i++) {
        const halloc_chunk_info *c = blocks[i] ? find_chunk(&list, blocks[i]) : NULL;
        if (c && c->region == region) {
            cr_assert_eq(halloc_free(h, blocks[i]), 0);
            blocks[i] = NULL;
            freed++;
        }
    }
    chunk_list_free(&list);
    return freed;
}

Test(growth, full_heap_maps_a_second_region)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_EAGER);
    halloc_stats first = stats_of(h);
    cr_assert_eq(first.regions, 1);
    void *blocks[MAX_BLOCKS];
    size_t n = fill_into_second_region(h, blocks);
    halloc_stats st = stats_of(h);
    cr_assert_eq(st.regions, 2);
    cr_assert_gt(st.mapped, first.mapped);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    for (size_t i = 0; i + 4 < n; i++)
        for (size_t j = 0; j < 1024; j++)
            cr_assert_eq(((unsigned char *)blocks[i])[j], (unsigned char)i,
                         "block %zu byte %zu changed across growth", i, j);
    halloc_destroy(h);
}

Test(growth, request_bigger_than_a_region_gets_its_own)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_EAGER);
    void *p = halloc_malloc(h, 300 * KIB);
    cr_assert_not_null(p, "a growing heap must serve a request bigger than its region");
    cr_assert_geq(halloc_usable_size(h, p), 300 * KIB);
    memset(p, 1, 300 * KIB);
    cr_assert_eq(stats_of(h).regions, 2);
    assert_heap_ok(h);
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert_eq(stats_of(h).regions, 1, "eager trim unmaps the wholly free region");
    halloc_destroy(h);
}

Test(trim, eager_unmaps_a_wholly_free_region)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_EAGER);
    halloc_stats first = stats_of(h);
    void *blocks[MAX_BLOCKS];
    size_t n = fill_into_second_region(h, blocks);
    cr_assert_gt(free_region_blocks(h, blocks, n, 1), 0);
    halloc_stats st = stats_of(h);
    cr_assert_eq(st.regions, 1, "the free second region must be unmapped");
    /* What stays: the free-list table, moved out when the heap first grew. */
    cr_assert_eq(st.mapped, first.mapped + hl_table_mapping());
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    /* The first region is never trimmed, even when wholly free. */
    free_region_blocks(h, blocks, n, 0);
    st = stats_of(h);
    cr_assert_eq(st.regions, 1);
    cr_assert_eq(st.chunks_used, 0);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* A block that needs a region of its own, freed: the region stays mapped. */
static void *take_and_free(halloc_heap *h, size_t len, size_t regions_after)
{
    char *p = halloc_malloc(h, len);
    cr_assert_not_null(p, "malloc(%zu): errno %d", len, errno);
    memset(p, 3, len);
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert_eq(stats_of(h).regions, regions_after, "after malloc and free of %zu bytes", len);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    return p;
}

/* HALLOC_TRIM_KEEP_ONE: of the regions wholly free, the largest stays mapped,
 * so a block freed and taken again needs no new mapping; a second emptied
 * region is unmapped (the smaller of the two), and halloc_trim unmaps it. */
Test(trim, keep_one_keeps_the_largest_emptied_region)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_KEEP_ONE);
    void *p = take_and_free(h, 300 * KIB, 2);
    size_t mapped = stats_of(h).mapped;
    cr_assert_eq(take_and_free(h, 300 * KIB, 2), p, "the kept region is reused, not mapped again");
    cr_assert_eq(stats_of(h).mapped, mapped);
    take_and_free(h, 1024 * KIB, 2); /* a larger region: kept, the 300 KiB one unmapped */
    cr_assert_gt(stats_of(h).mapped, mapped);
    cr_assert_geq(stats_of(h).largest_free, 1024 * KIB);
    /* Two regions empty in turn: the second, smaller, goes at once. */
    char *big = halloc_malloc(h, 1024 * KIB), *other = halloc_malloc(h, 200 * KIB);
    cr_assert(big && other);
    cr_assert_eq(stats_of(h).regions, 3, "the 200 KiB block needed a region of its own");
    cr_assert_eq(halloc_free(h, big), 0);
    cr_assert_eq(stats_of(h).regions, 3);
    cr_assert_eq(halloc_free(h, other), 0);
    cr_assert_eq(stats_of(h).regions, 2, "the smaller emptied region stays mapped beside the larger");
    cr_assert_geq(stats_of(h).largest_free, 1024 * KIB, "the larger one went instead");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    cr_assert_eq(halloc_trim(h, NULL), 0);
    cr_assert_eq(stats_of(h).regions, 1, "halloc_trim unmaps the kept region");
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(trim, never_keeps_the_region_and_reuses_it)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_NEVER);
    void *blocks[MAX_BLOCKS];
    size_t n = fill_into_second_region(h, blocks);
    size_t freed = free_region_blocks(h, blocks, n, 1);
    cr_assert_gt(freed, 0);
    halloc_stats st = stats_of(h);
    cr_assert_eq(st.regions, 2, "HALLOC_TRIM_NEVER must keep the region");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    for (size_t k = 0; k < freed; k++)
        cr_assert_not_null(halloc_malloc(h, 1024));
    halloc_stats again = stats_of(h);
    cr_assert_eq(again.regions, 2, "reusing the kept region must not map another");
    cr_assert_eq(again.mapped, st.mapped);
    halloc_destroy(h);
}

Test(max_size, cap_is_respected)
{
    const size_t cap = 256 * KIB;
    halloc_heap *h = growing_heap(64 * KIB, cap, HALLOC_TRIM_EAGER);
    errno = 0;
    cr_assert_null(halloc_malloc(h, cap), "a request of the whole cap cannot fit");
    cr_assert_eq(errno, ENOMEM);
    size_t n = 0;
    void *p;
    errno = 0;
    while ((p = halloc_malloc(h, 8 * KIB)) != NULL) {
        n++;
        cr_assert_lt(n, 1000, "the cap was not enforced");
        cr_assert_leq(stats_of(h).mapped, cap, "mapped %zu above the cap %zu",
                      stats_of(h).mapped, cap);
    }
    cr_assert_eq(errno, ENOMEM, "hitting the cap must be ENOMEM, got %d", errno);
    halloc_stats st = stats_of(h);
    cr_assert_geq(st.regions, 2, "the heap should have grown up to the cap");
    cr_assert_leq(st.mapped, cap);
    cr_assert_gt(n * 8 * KIB, cap / 2, "the heap gave up far below the cap");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

Test(max_size, non_growing_heap_stays_one_region)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    size_t n = 0;
    while (halloc_malloc(h, 1000))
        n++;
    cr_assert_eq(errno, ENOMEM);
    cr_assert_gt(n, 30);
    cr_assert_eq(stats_of(h).regions, 1);
    halloc_destroy(h);
}

/* The free-list table (internal.h): inline rows for region 0, moved to a
 * mapping of all levels by the first region that needs more. */
Test(table, small_heap_keeps_its_rows_inline)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_EAGER);
    hl_books_open(h);
    cr_assert_eq(h->fl_count, hl_levels_for(64 * KIB));
    cr_assert_eq(h->fl_count, 9, "chunks below 64 KiB need classes up to level 8");
    cr_assert(h->heads == h->heads_inline);
    cr_assert_eq(stats_of(h).overhead, HL_HEAP_HDR(9) + HL_HEADER + HL_FENCE,
                 "region 0 must carry 9 rows, not all %u", HL_FL_COUNT);
    cr_assert_lt(HL_HEAP_HDR(9) + 3 * KIB, HL_HEAP_HDR(HL_FL_COUNT));
    halloc_destroy(h);
}

/* Every buffer from the least one up to 8 KiB, with or without a cache. */
static void smallest_buffer_heaps(int cache_depth)
{
    static _Alignas(16) unsigned char buf[2 * HL_SMALL_REGION];
    halloc_config c = halloc_default_config();
    c.cache_depth = cache_depth;
    for (size_t size = HALLOC_MIN_BUFFER + (cache_depth ? HALLOC_CACHE_BYTES : 0); size <= sizeof buf; size += 8) {
        halloc_heap *h = halloc_create_in_ex(buf, size, &c);
        cr_assert_not_null(h, "a %zu-byte buffer, cache depth %d, errno %d", size, cache_depth, errno);
        halloc_stats st = stats_of(h);
        cr_assert_geq(st.largest_free, 16, "a %zu-byte buffer holds no block", size);
        void *p = halloc_malloc(h, st.largest_free);
        cr_assert_not_null(p, "a %zu-byte buffer: malloc(largest_free = %zu) failed", size, st.largest_free);
        assert_heap_ok(h);
        cr_assert_eq(halloc_free(h, p), 0);
        halloc_destroy(h);
    }
}

/* HALLOC_MIN_BUFFER is sized with HL_FL_SMALL_LEVELS rows: every region up to
 * HL_SMALL_REGION must need no more, and every buffer from the minimum up
 * must hold its rows, one chunk and the fence (and with a cache, its lists). */
Test(table, smallest_heaps_have_room_for_their_rows)
{
    cr_assert_eq(hl_levels_for(HL_SMALL_REGION), HL_FL_SMALL_LEVELS);
    smallest_buffer_heaps(0);
    smallest_buffer_heaps(1);
}

Test(table, growth_beyond_the_rows_moves_it_out)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_NEVER);
    halloc_stats first = stats_of(h);
    void *big = halloc_malloc(h, 1024 * KIB);
    cr_assert_not_null(big, "errno %d", errno);
    hl_books_open(h);
    cr_assert(h->heads != h->heads_inline, "a region of over 1 MiB needs more than 9 levels");
    cr_assert_eq(h->fl_count, HL_FL_COUNT);
    size_t last_size = h->last->size;
    cr_assert_eq(stats_of(h).mapped, first.mapped + last_size + hl_table_mapping());
    assert_heap_ok(h);
    /* Its free chunk is listed at a level region 0's rows do not have, and found there again. */
    cr_assert_eq(halloc_free(h, big), 0);
    hl_books_open(h);
    cr_assert_neq(h->fl_bitmap >> h->fl_inline, 0);
    assert_heap_ok(h);
    cr_assert_eq(halloc_malloc(h, 1024 * KIB), big, "the kept region must be reused");
    cr_assert_eq(stats_of(h).regions, 2);
    cr_assert_eq(halloc_free(h, big), 0);
    cr_assert_eq(halloc_trim(h, NULL), 0);
    cr_assert_eq(stats_of(h).mapped, first.mapped + hl_table_mapping(), "the table stays until destroy");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

Test(table, cap_leaves_room_for_it)
{
    /* A 128 KiB region would fit the cap, but not with the 8 KiB table it
     * needs: the region shrinks to leave room. */
    const size_t cap = 192 * KIB;
    halloc_heap *h = growing_heap(64 * KIB, cap, HALLOC_TRIM_EAGER);
    void *p = halloc_malloc(h, 100 * KIB);
    cr_assert_not_null(p, "errno %d", errno);
    hl_books_open(h);
    cr_assert(h->heads != h->heads_inline);
    cr_assert_leq(stats_of(h).mapped, cap, "mapped %zu above the cap %zu", stats_of(h).mapped, cap);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* A region that needs more free-list levels than the table has: a heap whose
 * table is still inline (the cap keeps region 1 no bigger than region 0), with
 * region 1's size grown past what 9 levels cover. The size must still look
 * possible, so the page where its fence would be is mapped for the test. */
Test(table, checker_names_a_region_beyond_it)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.max_size = 128 * KIB;
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    while (stats_of(h).regions < 2)
        cr_assert_not_null(halloc_malloc(h, 1024), "the heap never grew, errno %d", errno);
    hl_books_open(h);
    cr_assert(h->heads == h->heads_inline && h->fl_count == 9);
    hl_region *r1 = h->last;
    cr_assert_leq(r1->size, 64 * KIB);
    assert_heap_ok(h);
    hl_books_open(h);
    size_t page = (size_t)sysconf(_SC_PAGESIZE), old = r1->size, grown = 128 * KIB;
    char *fence_page = (char *)r1 + grown - page;
    void *m = mmap(fence_page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert(m == fence_page || (m == MAP_FAILED && errno == EEXIST), "cannot map the fence page: errno %d", errno);
    r1->size = grown;
    halloc_report report;
    cr_assert_eq(halloc_check(h, &report), -1);
    cr_assert_eq(report.invariant, HALLOC_INV_HEAP_HEADER, "got %s: %s", halloc_invariant_name(report.invariant),
                 report.message);
    cr_assert(strstr(report.message, "needs 10 free-list levels but the table has 9"), "%s", report.message);
    hl_books_open(h); /* halloc_check closed them again */
    r1->size = old;
    if (m == fence_page)
        munmap(m, page);
    halloc_destroy(h);
}

/* The next region is twice the last: after a 40 MiB block's region that is
 * 80 MiB, which an address-space limit with 64 MiB of room refuses. Smaller
 * mappings fit, so small blocks must still come (they failed: the refusal
 * of the doubled size was final). */
Test(growth, refused_doubling_falls_back_to_what_fits)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_EAGER);
    limit_address_space((size_t)64 << 20);
    cr_assert_not_null(halloc_malloc(h, (size_t)40 << 20), "the 40 MiB block: %s", halloc_last_error(h));
    for (int i = 0; i < 1000; i++)
        cr_assert_not_null(halloc_malloc(h, 1000), "small block %d after the 40 MiB one: %s", i, halloc_last_error(h));
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* Growing past the levels the free-list table holds moves the table to a
 * mapping of its own first (hl_table_grow, 5 KiB). When the kernel refuses
 * that mapping, a region the table still covers is tried (down to the
 * request) instead: under a limit with room for a page but not for the
 * table, a small block comes from a one-page region. It failed ENOMEM. */
Test(growth, a_refused_table_mapping_falls_back_to_a_region_it_covers)
{
    halloc_heap *h = growing_heap(64 * KIB, 0, HALLOC_TRIM_EAGER);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    cr_assert_not_null(halloc_malloc(h, stats_of(h).largest_free - 1000));
    cr_assert_eq(stats_of(h).regions, 1);
    cr_assert_gt(hl_table_mapping(), page + page / 2, "the table's mapping should be over 1.5 pages");
    limit_address_space(page + page / 2);
    void *p = halloc_malloc(h, 2000);
    unlimit_address_space();
    cr_assert_not_null(p, "a block a one-page region holds: %s", halloc_last_error(h));
    cr_assert_eq(stats_of(h).regions, 2);
    cr_assert_eq(chunk_of(h, p).region, 1);
    assert_heap_ok(h);
    /* Without the limit the table moves, and the region index it carries
     * (allocator/regions.c) lists region 1 too, grown before it existed:
     * the checker says so when one is missing. */
    cr_assert_not_null(halloc_malloc(h, 200 * KIB), "%s", halloc_last_error(h));
    hl_books_open(h);
    cr_assert(h->heads != h->heads_inline, "the table did not move");
    assert_heap_ok(h);
    halloc_destroy(h);
}
