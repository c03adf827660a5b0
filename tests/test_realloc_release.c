/* test_realloc_release.c - what a realloc gives up follows free's policy:
 * the part of a big block that a shrink or a grow-down leaves free gives its
 * pages back as a freed block that big does (eager trim policy, memory halloc
 * mapped; allocator/trim.c, hl_release_freed), and a region that a realloc
 * leaves wholly free is unmapped as after a free. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "helpers.h"

#define MIB (1024 * KIB)
#define HEADER 16 /* what these tests expect of halloc; internal.h: HL_HEADER */

static halloc_heap *heap_with(size_t initial, int trim)
{
    halloc_config c = fixed_config(initial);
    c.trim = trim;
    return heap_from(c);
}

/* Pages of [from, to) still resident, less the edge pages (a chunk's links
 * and footer keep theirs). */
static size_t resident_between(const char *from, const char *to)
{
    return resident_pages(from + 64, (size_t)(to - from) - 128);
}

/* A written block of len bytes, kept in its place by a used block after it,
 * shrunk to keep bytes: how many pages of what it gave up stay resident. */
static size_t resident_after_shrink(halloc_heap *h, size_t len, size_t keep)
{
    char *p = halloc_malloc(h, len), *guard = halloc_malloc(h, 100);
    cr_assert(p && guard, "malloc(%zu): errno %d", len, errno);
    pattern_fill(p, len, 3);
    cr_assert_gt(resident_pages(p, len), len / 4096 / 2, "the test needs the block's pages resident");
    cr_assert_eq(halloc_realloc(h, p, keep), p, "a shrink stays in place");
    cr_assert(pattern_ok(p, keep, 3), "the shrink lost the kept bytes");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    return resident_between(p + keep + HEADER, p + len);
}

Test(realloc_release, a_big_shrink_gives_the_spare_pages_back)
{
    halloc_heap *h = heap_with(16 * MIB, HALLOC_TRIM_EAGER);
    size_t left = resident_after_shrink(h, 8 * MIB, 1 * MIB);
    cr_assert_lt(left, 4, "%zu pages of the 7 MiB a shrink gave up are still resident", left);
    halloc_destroy(h);
}

/* As for free: below the threshold, and under HALLOC_TRIM_NEVER, the pages stay. */
Test(realloc_release, other_shrinks_keep_their_pages)
{
    halloc_heap *h = heap_with(16 * MIB, HALLOC_TRIM_EAGER);
    size_t pages = 512 * KIB / 4096;
    cr_assert_geq(resident_after_shrink(h, 1 * MIB + 512 * KIB, 1 * MIB) + 4, pages,
                  "512 KiB a shrink gave up, below the threshold, were handed back");
    halloc_destroy(h);
    h = heap_with(16 * MIB, HALLOC_TRIM_NEVER);
    pages = 7 * MIB / 4096;
    cr_assert_geq(resident_after_shrink(h, 8 * MIB, 1 * MIB) + 4, pages,
                  "HALLOC_TRIM_NEVER: the 7 MiB a shrink gave up were handed back");
    halloc_destroy(h);
}

/* Two freed blocks below the threshold merge into the free chunk in front of
 * a written 8 MiB block, which then grows down over it, leaving 1.5 MiB of
 * its own tail free: those pages go back. */
Test(realloc_release, growing_down_gives_the_old_tail_s_pages_back)
{
    halloc_heap *h = heap_with(16 * MIB, HALLOC_TRIM_EAGER);
    size_t len = 8 * MIB, rest = 1 * MIB + 512 * KIB;
    char *a1 = halloc_malloc(h, 900 * KIB), *a2 = halloc_malloc(h, 900 * KIB);
    char *b = halloc_malloc(h, len), *guard = halloc_malloc(h, 100);
    cr_assert(a1 && a2 && b && guard);
    size_t front = chunk_of(h, a1).size + chunk_of(h, a2).size, have = chunk_of(h, b).size;
    cr_assert_eq(a1 + front, b, "the front blocks and the block must be adjacent");
    pattern_fill(b, len, 5);
    cr_assert_eq(halloc_free(h, a1), 0);
    cr_assert_eq(halloc_free(h, a2), 0);
    size_t want = front + have - rest;
    char *q = halloc_realloc(h, b, want - HEADER);
    cr_assert_eq(q, a1, "realloc must grow down over the free front");
    cr_assert(pattern_ok(q, len, 5), "growing down lost bytes");
    halloc_chunk_info tail = chunk_of(h, q + want);
    cr_assert(tail.is_free && tail.size == rest, "a free %zu-byte remainder expected", rest);
    size_t left = resident_between(q + want, b + have - HEADER);
    cr_assert_lt(left, 4, "%zu pages of the old block's tail, left free, are still resident", left);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

/* A heap that grows, its first region full, and one block in a second
 * region: a realloc that moves it elsewhere, or frees it (size 0), leaves
 * that region wholly free, and it is unmapped as after a free. */
static halloc_heap *one_block_beyond0(void **p)
{
    halloc_config c = fixed_config(64 * KIB);
    c.grow = 1;
    halloc_heap *h = heap_from(c);
    cr_assert_not_null(halloc_malloc(h, stats_of(h).largest_free));
    *p = halloc_malloc(h, 100 * KIB);
    cr_assert_not_null(*p);
    cr_assert_eq(chunk_of(h, *p).region, 1);
    cr_assert_eq(stats_of(h).regions, 2);
    return h;
}

Test(realloc_release, a_region_a_realloc_empties_is_unmapped)
{
    void *p;
    halloc_heap *h = one_block_beyond0(&p);
    pattern_fill(p, 100 * KIB, 9);
    void *q = halloc_realloc(h, p, 4 * MIB); /* more than the second region holds */
    cr_assert_not_null(q);
    cr_assert(pattern_ok(q, 100 * KIB, 9));
    halloc_chunk_info moved = chunk_of(h, q);
    cr_assert_eq(moved.region, 2, "the block must move to a third region");
    cr_assert_eq(stats_of(h).regions, 2, "the second region, emptied by the move, must be unmapped");
    assert_heap_ok(h);
    cr_assert_null(halloc_realloc(h, q, 0));
    cr_assert_eq(stats_of(h).regions, 1, "the region realloc(p, 0) emptied must be unmapped");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}
