/* test_realloc_down.c - a realloc that cannot grow forwards grows down over
 * a free chunk in front of the block (and the free one after it, if any)
 * when they hold the new size snugly (allocator/realloc.c): the block moves
 * to the front chunk's payload with every byte, the rest is split off, and
 * the heap and its counters stay consistent, in region 0 and beyond it.
 * Last, growing forwards over a free chunk whose rest keeps its class. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "helpers.h"
#if TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define HEADER 16 /* what these tests expect of halloc; internal.h: HL_HEADER */

/* front, block, [after,] guard in a row, each used; `after` is skipped when
 * its size is 0. Then front (and after) are freed. */
struct row {
    void *front, *block, *after, *guard;
    size_t front_size, block_size, after_size; /* chunk sizes */
};

static struct row make_row(halloc_heap *h, size_t front, size_t block, size_t after)
{
    struct row r = {0};
    r.front = halloc_malloc(h, front);
    r.block = halloc_malloc(h, block);
    r.after = after ? halloc_malloc(h, after) : NULL;
    r.guard = halloc_malloc(h, 50);
    cr_assert(r.front && r.block && r.guard && (!after || r.after));
    r.front_size = chunk_of(h, r.front).size;
    r.block_size = chunk_of(h, r.block).size;
    cr_assert_eq((char *)r.front + r.front_size, r.block, "front and block must be adjacent");
    if (after) {
        r.after_size = chunk_of(h, r.after).size;
        cr_assert_eq((char *)r.block + r.block_size, r.after, "block and after must be adjacent");
    }
    cr_assert_eq(halloc_free(h, r.front), 0);
    if (after)
        cr_assert_eq(halloc_free(h, r.after), 0);
    assert_heap_ok(h);
    return r;
}

/* realloc(block, request) moved it to front's payload with all of its bytes,
 * as a chunk of `chunk` bytes followed by a free chunk of `rest` bytes (0:
 * none) and then the guard; the counters moved by exactly that. */
static void assert_grew_down(halloc_heap *h, const struct row *r, size_t request, size_t chunk, size_t rest)
{
    size_t usable = r->block_size - HEADER;
    pattern_fill(r->block, usable, 7);
    halloc_stats before = stats_of(h);
    void *q = halloc_realloc(h, r->block, request);
    cr_assert_eq(q, r->front, "realloc gave %p, not the free front chunk's payload %p", q, r->front);
    cr_assert(pattern_ok(q, usable, 7), "the block's bytes did not all move down");
    cr_assert_eq(chunk_of(h, q).size, chunk, "grown chunk is %zu bytes, expected %zu", chunk_of(h, q).size, chunk);
    char *next = (char *)q + chunk;
    if (rest) {
        halloc_chunk_info left = chunk_of(h, next);
        cr_assert(left.is_free, "the remainder must be a free chunk");
        cr_assert_eq(left.size, rest, "remainder %zu bytes, expected %zu", left.size, rest);
        next += rest;
    }
    cr_assert_eq(next, r->guard, "the grown block and remainder must end at the guard");
#if TEST_ASAN
    /* To ASan the whole new block is open, and what of the old one lies past it is free memory. */
    cr_assert_null(__asan_region_is_poisoned(q, chunk - HEADER), "part of the moved block is poisoned");
    unsigned char *old_last = (unsigned char *)r->block + usable - 1;
    if (old_last >= (unsigned char *)q + chunk - HEADER)
        cr_assert(__asan_address_is_poisoned(old_last), "the old block's last byte, now free, is open");
#endif
    halloc_stats after = stats_of(h);
    cr_assert_eq(after.bytes_in_use, before.bytes_in_use + chunk - r->block_size);
    cr_assert_eq(after.chunks_used, before.chunks_used);
    cr_assert_eq(after.chunks_free, before.chunks_free - (r->after ? 2 : 1) + (rest ? 1 : 0));
    assert_heap_ok(h);
    assert_stats_match_walk(h);
}

Test(realloc_down, grows_over_the_free_chunk_in_front_and_splits_the_rest)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h, 200, 300, 0);
    size_t total = r.front_size + r.block_size, rest = 64;
    assert_grew_down(h, &r, total - rest - HEADER, total - rest, rest);
    halloc_destroy(h);
}

/* Neither neighbour alone holds the new size; both together do. */
Test(realloc_down, absorbs_the_free_chunks_on_both_sides)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h, 200, 300, 100);
    size_t total = r.front_size + r.block_size + r.after_size, rest = 80;
    cr_assert_gt(total - rest, r.block_size + r.after_size, "growing forwards must not fit");
    cr_assert_gt(total - rest, r.front_size + r.block_size, "the chunk after must be needed");
    assert_grew_down(h, &r, total - rest - HEADER, total - rest, rest);
    halloc_destroy(h);
}

/* All three chunks become the block, leaving too little for a chunk: the
 * guard's PREV_FREE must be cleared (halloc_check verifies it). */
Test(realloc_down, absorbs_both_sides_wholly)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h, 200, 300, 100);
    size_t total = r.front_size + r.block_size + r.after_size;
    assert_grew_down(h, &r, total - 2 * HEADER, total, 0);
    halloc_destroy(h);
}

/* A minimum free chunk in front has no footer: the block's PREV_MIN flag
 * gives its size. */
Test(realloc_down, grows_over_a_minimum_chunk_in_front)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h, 16, 48, 0);
    cr_assert_eq(r.front_size, 32, "a 16-byte request must take a minimum chunk");
    size_t total = r.front_size + r.block_size;
    assert_grew_down(h, &r, total - HEADER, total, 0);
    halloc_destroy(h);
}

/* The block's old header is left inside the new payload when the front chunk
 * is larger than the block (the copy does not reach it): it must no longer
 * validate, else a stale free of the old pointer would free a chunk inside a
 * live one. */
Test(realloc_down, the_old_pointer_is_refused_after_growing_down)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h, 48, 32, 0);
    cr_assert_gt(r.front_size, r.block_size, "the copy must not reach the old header");
    size_t total = r.front_size + r.block_size;
    assert_grew_down(h, &r, total - HEADER, total, 0);
    errno = 0;
    cr_assert_eq(halloc_free(h, r.block), -1, "a free of the pointer realloc moved from succeeded");
    cr_assert_eq(errno, EINVAL, "a free of the old pointer: errno %d", errno);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* With the cache on, cached blocks look used to their neighbours: one before
 * the front chunk stays as it is, and the cached guard, which had a used
 * block before it, learns that the remainder is free, so that the flush
 * (halloc_trim) merges the two. */
Test(realloc_down, keeps_cached_neighbours_right)
{
    halloc_config c = fixed_config(64 * KIB);
    c.cache_depth = 4;
    halloc_heap *h = heap_from(c);
    void *before = halloc_malloc(h, 100);
    struct row r = make_row(h, 2000, 3000, 0); /* above the cache's largest chunk */
    void *beyond = halloc_malloc(h, 2100); /* too big for the free front */
    size_t guard_size = chunk_of(h, r.guard).size;
    cr_assert_eq((char *)r.guard + guard_size, beyond, "guard and beyond must be adjacent");
    cr_assert_eq(halloc_free(h, before), 0);
    cr_assert_eq(halloc_free(h, r.guard), 0); /* cached: the guard of the row */
    cr_assert_eq(stats_of(h).chunks_cached, 2, "the two small blocks must be cached");
    size_t total = r.front_size + r.block_size, rest = 64;
    assert_grew_down(h, &r, total - rest - HEADER, total - rest, rest);
    cr_assert_eq(halloc_trim(h, NULL), 0);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_chunk_info left = chunk_of(h, (char *)r.front + total - rest);
    cr_assert(left.is_free, "the remainder must stay free after the flush");
    cr_assert_eq(left.size, rest + guard_size, "the flush must merge the cached guard into the remainder");
    halloc_destroy(h);
}

/* A heap that grows, whose first region is full: the next blocks are taken
 * from a second region, where growing down must find its chunk's region
 * (hl_prev_ok, the high-water mark) as in the first. The ones before add
 * region 0's bookkeeping to every offset; these add a region header's. */
static halloc_heap *grown_heap(size_t initial, int trim)
{
    halloc_config c = fixed_config(initial);
    c.grow = 1;
    c.trim = trim;
    halloc_heap *h = heap_from(c);
    void *fill = halloc_malloc(h, stats_of(h).largest_free);
    cr_assert_not_null(fill, "region 0 could not be filled");
    cr_assert_eq(stats_of(h).largest_free, 0, "region 0 must be full");
    return h;
}

/* make_row in a region other than region 0. */
static struct row make_row_beyond0(halloc_heap *h, size_t front, size_t block, size_t after)
{
    struct row r = make_row(h, front, block, after);
    cr_assert_gt(chunk_of(h, r.block).region, 0, "the row must lie beyond region 0");
    cr_assert_eq(stats_of(h).regions, 2);
    return r;
}

Test(realloc_down, grows_down_in_a_region_beyond_the_first)
{
    halloc_heap *h = grown_heap(64 * KIB, HALLOC_TRIM_EAGER);
    struct row r = make_row_beyond0(h, 200, 300, 0);
    size_t total = r.front_size + r.block_size, rest = 64;
    assert_grew_down(h, &r, total - rest - HEADER, total - rest, rest);
    cr_assert_eq(stats_of(h).regions, 2);
    halloc_destroy(h);
}

Test(realloc_down, absorbs_both_sides_in_a_region_beyond_the_first)
{
    halloc_heap *h = grown_heap(64 * KIB, HALLOC_TRIM_EAGER);
    struct row r = make_row_beyond0(h, 200, 300, 100);
    size_t total = r.front_size + r.block_size + r.after_size;
    assert_grew_down(h, &r, total - 2 * HEADER, total, 0);
    halloc_destroy(h);
}

/* The front chunk is the region's first: the grown block starts the region
 * (a first chunk never has PREV_FREE; halloc_check verifies it). */
Test(realloc_down, grows_down_to_a_region_s_first_chunk)
{
    halloc_heap *h = grown_heap(64 * KIB, HALLOC_TRIM_EAGER);
    struct row r = make_row_beyond0(h, 200, 300, 0);
    halloc_chunk_info front = chunk_of(h, r.front);
    chunk_list all = {0};
    cr_assert_eq(collect_chunks(h, &all), 0);
    for (size_t i = 0; i < all.count; i++)
        cr_assert(all.items[i].region != front.region || all.items[i].offset >= front.offset,
                  "the row's front must be its region's first chunk");
    chunk_list_free(&all);
    size_t total = r.front_size + r.block_size;
    assert_grew_down(h, &r, total - HEADER, total, 0);
    halloc_destroy(h);
}

/* Growing forwards over a free chunk of 3,168 bytes (class 3,072-3,199) by
 * 32 leaves a rest of its class: the rest must head the list after the
 * realloc, whether the chunk headed it (the rest takes its place:
 * hl_free_chunk_shift) or not (it is taken and the rest listed), with the
 * other member of the class still listed behind it. */
static void assert_grew_forwards_keeping_the_class(int absorbed_heads_list)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    char *block = halloc_malloc(h, 100), *next = halloc_malloc(h, 3150);
    void *guard = halloc_malloc(h, 50), *other = halloc_malloc(h, 3150), *guard2 = halloc_malloc(h, 50);
    cr_assert(block && next && guard && other && guard2);
    size_t have = chunk_of(h, block).size, next_size = chunk_of(h, next).size;
    cr_assert_eq(next_size, 3168, "malloc(3150) took a %zu-byte chunk", next_size);
    cr_assert_eq(block + have, next, "block and next must be adjacent");
    cr_assert_eq(halloc_free(h, absorbed_heads_list ? other : next), 0);
    cr_assert_eq(halloc_free(h, absorbed_heads_list ? next : other), 0);
    halloc_stats before = stats_of(h);
    cr_assert_eq(halloc_realloc(h, block, have + 32 - HEADER), block, "growing forwards must not move");
    halloc_chunk_info rest = chunk_of(h, block + have + 32);
    cr_assert(rest.is_free && rest.size == next_size - 32, "the rest must be a free chunk of %zu", next_size - 32);
    halloc_stats after = stats_of(h);
    cr_assert_eq(after.bytes_free, before.bytes_free - 32);
    cr_assert_eq(after.chunks_free, before.chunks_free);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    cr_assert_eq(halloc_malloc(h, next_size - 32 - HEADER), block + have + 32, "the rest must head its list");
    cr_assert_eq(halloc_malloc(h, 3150), other, "the other chunk of the class must stay listed");
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(realloc_down, growing_forwards_over_a_list_s_head_keeps_the_rest_there)
{
    assert_grew_forwards_keeping_the_class(1);
}

Test(realloc_down, growing_forwards_over_a_chunk_behind_the_head_lists_the_rest_first)
{
    assert_grew_forwards_keeping_the_class(0);
}
