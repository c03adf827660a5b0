/* test_min_chunk.c - the 32-byte minimum chunk: requests of 1 to 16 bytes
 * take 32 bytes, and a free chunk that small (no room for a footer) is merged,
 * split off and reused like any other, with the heap checked after every call.
 * internal.h's PREV_MIN flag stands for its footer; the checker proofs for
 * that flag are in test_checker.c, the damage cases in test_hardening.c. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "helpers.h"

#define MIN_CHUNK 32 /* what these tests expect of halloc; internal.h: HL_MIN_CHUNK */

static size_t chunk_size(halloc_heap *h, const void *p)
{
    return chunk_of(h, p).size;
}

Test(min_chunk, tiny_requests_take_32_bytes)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    for (size_t n = 1; n <= 16; n++) {
        unsigned char *a = halloc_malloc(h, n), *b = halloc_malloc(h, n);
        cr_assert(a && b);
        cr_assert_eq(chunk_size(h, a), MIN_CHUNK, "malloc(%zu) took a %zu-byte chunk", n, chunk_size(h, a));
        cr_assert_eq(halloc_usable_size(h, a), 16);
        cr_assert_eq((size_t)(b - a), MIN_CHUNK, "two malloc(%zu) blocks %td bytes apart", n, b - a);
        memset(a, 0xa5, 16);
        assert_heap_ok(h);
    }
    void *c = halloc_malloc(h, 17);
    cr_assert_eq(chunk_size(h, c), MIN_CHUNK + 16, "17 bytes need the next size up");
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* The next permutation of a[0..n) in lexicographic order; 0 after the last. */
static int next_permutation(unsigned *a, size_t n)
{
    size_t i = n - 1;
    while (i > 0 && a[i - 1] >= a[i])
        i--;
    if (i == 0)
        return 0;
    size_t j = n - 1;
    while (a[j] <= a[i - 1])
        j--;
    unsigned t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
    for (size_t lo = i, hi = n - 1; lo < hi; lo++, hi--) {
        t = a[lo];
        a[lo] = a[hi];
        a[hi] = t;
    }
    return 1;
}

/* Five blocks (sizes mix minimum and larger chunks) between used guards, freed
 * in every one of the 120 orders; after each free the heap checks out, and at
 * the end the five are one free chunk again. */
Test(min_chunk, every_free_order_merges_back)
{
    static const size_t sizes[5] = {16, 16, 40, 1, 16};
    unsigned order[5] = {0, 1, 2, 3, 4};
    size_t orders = 0;
    halloc_heap *h = fixed_heap(64 * KIB);
    do {
        void *left = halloc_malloc(h, 16), *b[5], *right;
        for (size_t i = 0; i < 5; i++)
            cr_assert_not_null(b[i] = halloc_malloc(h, sizes[i]));
        cr_assert_not_null(right = halloc_malloc(h, 16));
        size_t span = (size_t)((char *)right - (char *)b[0]);
        for (size_t i = 0; i < 5; i++) {
            cr_assert_eq(halloc_free(h, b[order[i]]), 0);
            assert_heap_ok(h);
        }
        halloc_chunk_info merged = chunk_of(h, b[0]);
        cr_assert(merged.is_free, "order %zu: the first block's chunk is not free", orders);
        cr_assert_eq(merged.size, span, "order %zu: merged into %zu bytes, expected %zu", orders, merged.size,
                     span);
        cr_assert_eq(halloc_free(h, left), 0);
        cr_assert_eq(halloc_free(h, right), 0);
        assert_heap_ok(h);
        orders++;
    } while (next_permutation(order, 5));
    cr_assert_eq(orders, 120);
    halloc_destroy(h);
}

/* A free chunk of 80 bytes between used ones, split for a 48-byte chunk: the
 * 32 bytes left over are a free chunk that the next tiny request takes. */
Test(min_chunk, split_leaves_a_minimum_chunk_that_is_reused)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    void *guard0 = halloc_malloc(h, 16), *hole = halloc_malloc(h, 64), *guard1 = halloc_malloc(h, 16);
    cr_assert(guard0 && hole && guard1);
    cr_assert_eq(chunk_size(h, hole), 80);
    cr_assert_eq(halloc_free(h, hole), 0);
    void *a = halloc_malloc(h, 32);
    cr_assert_eq(a, hole, "the 48-byte chunk comes from the hole");
    assert_heap_ok(h);
    halloc_chunk_info rest = chunk_of(h, (char *)hole + 48);
    cr_assert(rest.is_free);
    cr_assert_eq(rest.size, MIN_CHUNK);
    void *b = halloc_malloc(h, 8);
    cr_assert_eq(b, (char *)hole + 48, "the minimum chunk left over serves a tiny request");
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* realloc in place around minimum chunks: growing over one exactly,
 * shrinking to leave one, growing into a larger free chunk and leaving one. */
Test(min_chunk, realloc_in_place_around_minimum_chunks)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    char *p = halloc_malloc(h, 16), *q = halloc_malloc(h, 16), *r = halloc_malloc(h, 16);
    void *guard = halloc_malloc(h, 16);
    cr_assert(p && q && r && guard);
    memset(p, 'p', 16);
    cr_assert_eq(halloc_free(h, q), 0);
    cr_assert_eq(halloc_realloc(h, p, 48), p, "grows over the free minimum chunk after it");
    cr_assert_eq(chunk_size(h, p), 2 * MIN_CHUNK);
    assert_heap_ok(h);
    cr_assert_eq(halloc_realloc(h, p, 16), p, "shrinks in place");
    cr_assert_eq(chunk_size(h, p), MIN_CHUNK, "the spare 32 bytes are a chunk of their own");
    halloc_chunk_info spare = chunk_of(h, p + MIN_CHUNK);
    cr_assert(spare.is_free);
    cr_assert_eq(spare.size, MIN_CHUNK);
    assert_heap_ok(h);
    cr_assert_eq(halloc_free(h, r), 0);
    cr_assert_eq(chunk_of(h, p + MIN_CHUNK).size, 2 * MIN_CHUNK, "the spare and r merged");
    assert_heap_ok(h);
    cr_assert_eq(halloc_realloc(h, p, 48), p, "grows into part of the free chunk after it");
    cr_assert_eq(chunk_of(h, p + 2 * MIN_CHUNK).size, MIN_CHUNK, "leaving a minimum chunk");
    assert_heap_ok(h);
    for (size_t i = 0; i < 16; i++)
        cr_assert_eq(p[i], 'p', "byte %zu lost on the way", i);
    halloc_destroy(h);
}

/* Aligned blocks whose gap in front is exactly a minimum chunk. */
Test(min_chunk, aligned_gap_of_a_minimum_chunk)
{
    halloc_heap *h = fixed_heap(256 * KIB);
    size_t seen_min_gap = 0;
    for (size_t pad = 0; pad < 16; pad++) {
        void *filler = pad ? halloc_malloc(h, pad * 16) : NULL;
        void *a = halloc_aligned_alloc(h, 64, 16);
        cr_assert_not_null(a);
        cr_assert_eq((uintptr_t)a % 64, 0);
        chunk_list list;
        cr_assert_eq(collect_chunks(h, &list), 0);
        for (size_t i = 0; i + 1 < list.count; i++)
            if (list.items[i + 1].payload == a && list.items[i].is_free && list.items[i].size == MIN_CHUNK)
                seen_min_gap++;
        chunk_list_free(&list);
        assert_heap_ok(h);
        cr_assert_eq(halloc_free(h, a), 0);
        if (filler)
            cr_assert_eq(halloc_free(h, filler), 0);
        assert_heap_ok(h);
    }
    cr_assert_gt(seen_min_gap, 0, "no placement left a minimum chunk in front of the aligned block");
    halloc_destroy(h);
}
