/* test_behaviour.c - split, coalesce, realloc in place, calloc on reused
 * memory (and big callocs left to the kernel's zero pages), aligned
 * allocation on a fragmented heap, no spurious OOM. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"

/* The chunk that physically follows the one holding `payload`. */
static halloc_chunk_info chunk_after(halloc_heap *h, const void *payload)
{
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    size_t i = 0;
    while (i < list.count && list.items[i].payload != payload)
        i++;
    cr_assert_lt(i + 1, list.count, "no chunk follows %p", payload);
    halloc_chunk_info next = list.items[i + 1];
    chunk_list_free(&list);
    return next;
}

Test(split, small_malloc_from_big_free_chunk_leaves_free_remainder)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    cr_assert_eq(list.count, 1, "a fresh heap is one free chunk");
    halloc_chunk_info whole = list.items[0];
    chunk_list_free(&list);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    halloc_chunk_info used = chunk_of(h, p);
    cr_assert_lt(used.size, 1 * KIB, "a 100-byte request took a %zu-byte chunk", used.size);
    cr_assert_geq(used.usable, 100);
    cr_assert_eq(used.offset, whole.offset, "the block is carved from the chunk's start");
    halloc_chunk_info rest = chunk_after(h, p);
    cr_assert(rest.is_free, "the remainder must be free");
    cr_assert_eq(rest.size, whole.size - used.size, "remainder %zu, expected %zu - %zu", rest.size,
                 whole.size, used.size);
    cr_assert_eq(collect_chunks(h, &list), 0);
    cr_assert_eq(list.count, 2, "expected the used chunk and the free remainder");
    chunk_list_free(&list);
    assert_stats_match_walk(h);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* a, b, c in a row with a used guard after them. */
struct row {
    void *a, *b, *c, *guard;
    size_t span; /* bytes from a's chunk start to the guard's */
};

static struct row make_row(halloc_heap *h)
{
    struct row r;
    r.a = halloc_malloc(h, 200);
    r.b = halloc_malloc(h, 300);
    r.c = halloc_malloc(h, 400);
    r.guard = halloc_malloc(h, 50);
    cr_assert(r.a && r.b && r.c && r.guard);
    halloc_chunk_info a = chunk_of(h, r.a), g = chunk_of(h, r.guard);
    cr_assert_eq(chunk_after(h, r.a).payload, r.b, "a, b, c must be adjacent");
    cr_assert_eq(chunk_after(h, r.b).payload, r.c);
    cr_assert_eq(chunk_after(h, r.c).payload, r.guard);
    r.span = g.offset - a.offset;
    return r;
}

/* The free chunk at `payload` spans `span` bytes and is the only free one before the guard. */
static void assert_merged(halloc_heap *h, void *payload, const struct row *r, size_t span)
{
    halloc_chunk_info m = chunk_of(h, payload);
    cr_assert(m.is_free, "the merged chunk is not free");
    cr_assert_eq(m.size, span, "merged chunk is %zu bytes, expected %zu", m.size, span);
    cr_assert_eq(chunk_after(h, payload).payload, r->guard, "not one free chunk up to the guard");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
}

Test(coalesce, with_right_neighbour)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h);
    cr_assert_eq(halloc_free(h, r.c), 0);
    cr_assert_eq(halloc_free(h, r.b), 0);
    cr_assert_eq(chunk_after(h, r.a).payload, r.b);
    assert_merged(h, r.b, &r, r.span - chunk_of(h, r.a).size);
    halloc_destroy(h);
}

Test(coalesce, with_left_neighbour)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h);
    size_t a_size = chunk_of(h, r.a).size;
    cr_assert_eq(halloc_free(h, r.b), 0);
    cr_assert_eq(halloc_free(h, r.c), 0);
    assert_merged(h, r.b, &r, r.span - a_size);
    halloc_destroy(h);
}

Test(coalesce, with_both_neighbours)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h);
    cr_assert_eq(halloc_free(h, r.a), 0);
    cr_assert_eq(halloc_free(h, r.c), 0);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    size_t free_before = count_free_chunks(&list);
    chunk_list_free(&list);
    cr_assert_eq(halloc_free(h, r.b), 0);
    cr_assert_eq(collect_chunks(h, &list), 0);
    cr_assert_eq(count_free_chunks(&list), free_before - 1, "three free chunks must become one");
    chunk_list_free(&list);
    assert_merged(h, r.a, &r, r.span);
    halloc_destroy(h);
}

Test(realloc_behaviour, grows_in_place_into_free_successor)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h);
    size_t a_usable = halloc_usable_size(h, r.a);
    pattern_fill(r.a, a_usable, 1);
    cr_assert_eq(halloc_free(h, r.b), 0);
    void *p = halloc_realloc(h, r.a, a_usable + 100);
    cr_assert_eq(p, r.a, "growing into a free successor must keep the pointer");
    cr_assert_geq(halloc_usable_size(h, p), a_usable + 100);
    cr_assert(pattern_ok(p, a_usable, 1));
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

Test(realloc_behaviour, grows_last_block_in_place_into_remainder)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    pattern_fill(p, 100, 2);
    void *q = halloc_realloc(h, p, 20 * KIB);
    cr_assert_eq(q, p, "the free remainder follows p: realloc must grow in place");
    cr_assert(pattern_ok(q, 100, 2));
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(realloc_behaviour, shrinks_in_place_and_frees_the_tail)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    void *p = halloc_malloc(h, 4000), *guard = halloc_malloc(h, 64);
    cr_assert(p && guard);
    pattern_fill(p, 4000, 3);
    size_t before = chunk_of(h, p).size;
    void *q = halloc_realloc(h, p, 200);
    cr_assert_eq(q, p, "shrinking must keep the pointer");
    cr_assert(pattern_ok(q, 200, 3));
    halloc_chunk_info now = chunk_of(h, q), tail = chunk_after(h, q);
    cr_assert_lt(now.size, before);
    cr_assert(tail.is_free, "the cut-off tail must be a free chunk");
    cr_assert_eq(now.size + tail.size, before, "the tail must be exactly what was cut off");
    cr_assert_eq(chunk_after(h, tail.payload).payload, guard);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

Test(realloc_behaviour, moves_when_successor_is_used)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    struct row r = make_row(h);
    size_t a_usable = halloc_usable_size(h, r.a);
    pattern_fill(r.a, a_usable, 4);
    pattern_fill(r.b, 300, 5);
    void *p = halloc_realloc(h, r.a, 3000);
    cr_assert_not_null(p);
    cr_assert_neq(p, r.a, "b is used: the block cannot grow in place");
    cr_assert(pattern_ok(p, a_usable, 4), "moving lost the contents");
    cr_assert(pattern_ok(r.b, 300, 5), "the neighbour was overwritten");
    cr_assert(chunk_of(h, r.a).is_free, "the old block must be freed");
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}

/* Fills what is left of a fixed heap with blocks of `size`, then with minimal
 * blocks, so no free chunk can serve anything. Returns how many it made. */
static size_t exhaust(halloc_heap *h, size_t size, void **out, size_t max)
{
    size_t n = 0;
    for (size_t s = size; s >= 1; s /= 2)
        for (void *p; n < max && (p = halloc_malloc(h, s)) != NULL;)
            out[n++] = p;
    cr_assert_lt(n, max, "the heap did not fill up");
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.largest_free, 0, "after exhausting, largest_free is %zu", st.largest_free);
    return n;
}

Test(calloc_behaviour, zeroes_reused_dirty_memory)
{
    halloc_heap *h = fixed_heap(64 * KIB);
    void *blocks[8192];
    unsigned char *p = halloc_malloc(h, 500);
    void *guard = halloc_malloc(h, 32);
    cr_assert(p && guard);
    exhaust(h, 4096, blocks, 8192);
    memset(p, 0xff, halloc_usable_size(h, p));
    cr_assert_eq(halloc_free(h, p), 0);
    unsigned char *q = halloc_calloc(h, 1, 500);
    cr_assert_eq(q, p, "the only free chunk is p's: calloc must reuse it");
    for (size_t i = 0; i < 500; i++)
        cr_assert_eq(q[i], 0, "calloc left byte %zu = %#x", i, q[i]);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* Pages touching [p, p + n) the process has resident (mincore); helpers.h
 * resident_pages counts only the whole pages inside. */
static size_t resident_pages_touching(const void *p, size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = (uintptr_t)p & ~(page - 1), end = ((uintptr_t)p + n + page - 1) & ~(page - 1);
    size_t count = (end - start) / page, resident = 0;
    unsigned char *vec = malloc(count);
    cr_assert_not_null(vec);
    cr_assert_eq(mincore((void *)start, end - start, vec), 0);
    for (size_t i = 0; i < count; i++)
        resident += vec[i] & 1;
    free(vec);
    return resident;
}

static void assert_all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            cr_assert_fail("calloc left byte %zu of %zu = %#x", i, n, p[i]);
}

/* A big calloc must not write its pages (a sparse table would become wholly
 * resident: glibc gives such sizes fresh mappings); it must still read zero. */
Test(calloc_behaviour, big_block_is_not_made_resident)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    size_t n = 64 * 1024 * KIB;
    unsigned char *p = halloc_calloc(h, 1, n);
    cr_assert_not_null(p);
    /* Under transparent huge pages the partial pages cleared at either end
     * may each fault in 2 MiB: an eighth of the block is far above that. */
    size_t resident = resident_pages_touching(p, n), pages = n / (size_t)sysconf(_SC_PAGESIZE);
    cr_assert_lt(resident, pages / 8, "calloc(%zu) made %zu of its %zu pages resident", n, resident, pages);
    assert_all_zero(p, n);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* Reused dirty memory, the block's ends not on page boundaries. */
Test(calloc_behaviour, big_reused_block_reads_zero)
{
    static void *blocks[8192];
    halloc_heap *h = fixed_heap(4096 * KIB);
    /* Below HL_RELEASE_MIN, so its free keeps the pages resident. */
    unsigned char *p = halloc_malloc(h, 1000 * KIB);
    void *guard = halloc_malloc(h, 32);
    cr_assert(p && guard);
    exhaust(h, 4096, blocks, 8192);
    memset(p, 0xab, halloc_usable_size(h, p));
    cr_assert_eq(halloc_free(h, p), 0);
    size_t n = 512 * KIB + 100;
    unsigned char *q = halloc_calloc(h, 1, n);
    cr_assert_eq(q, p, "the only free chunk is p's: calloc must reuse it");
    /* Resident pages are cleared in place, not handed back to be faulted in
     * again (a program callocing the same 256 KiB over and over ran 30x slower). */
    size_t resident = resident_pages_touching(q, n), pages = n / (size_t)sysconf(_SC_PAGESIZE);
    cr_assert_geq(resident, pages, "calloc dropped %zu of the %zu resident pages it reused", pages + 1 - resident,
                  pages + 1);
    assert_all_zero(q, n);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* A buffer heap in shared memory: MADV_DONTNEED would not zero it (the pages
 * come back with their old bytes), so calloc must clear it by hand. */
Test(calloc_behaviour, big_block_in_shared_buffer_reads_zero)
{
    size_t size = 4096 * KIB;
    void *buffer = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(buffer, MAP_FAILED);
    halloc_heap *h = halloc_create_in(buffer, size, 0);
    cr_assert_not_null(h);
    unsigned char *p = halloc_malloc(h, 2048 * KIB);
    cr_assert_not_null(p);
    memset(p, 0xcd, 2048 * KIB);
    cr_assert_eq(halloc_free(h, p), 0);
    size_t n = 2048 * KIB;
    unsigned char *q = halloc_calloc(h, 1, n);
    cr_assert_not_null(q);
    assert_all_zero(q, n);
    assert_heap_ok(h);
    halloc_destroy(h);
    munmap(buffer, size);
}

Test(aligned_behaviour, aligned_alloc_on_fragmented_heap)
{
    halloc_heap *h = fixed_heap(2048 * KIB);
    uint32_t seed = 777;
    void *blocks[400];
    for (size_t i = 0; i < 400; i++) {
        blocks[i] = halloc_malloc(h, 1 + rng_below(&seed, 2000));
        cr_assert_not_null(blocks[i]);
    }
    for (size_t i = 0; i < 400; i += 2)
        cr_assert_eq(halloc_free(h, blocks[i]), 0);
    void *aligned[40];
    size_t n = 0;
    for (size_t a = 32; a <= 64 * KIB; a *= 2)
        for (size_t k = 0; k < 3; k++) {
            size_t size = 1 + rng_below(&seed, 3000);
            void *p = halloc_aligned_alloc(h, a, size);
            cr_assert_not_null(p, "aligned_alloc(%zu, %zu) failed, errno %d", a, size, errno);
            cr_assert_eq((uintptr_t)p % a, 0, "aligned_alloc(%zu) gave %p", a, p);
            cr_assert_geq(halloc_usable_size(h, p), size);
            pattern_fill(p, size, (uint32_t)n);
            aligned[n++] = p;
            assert_heap_ok(h);
        }
    for (size_t i = 1; i < 400; i += 2)
        cr_assert_eq(halloc_free(h, blocks[i]), 0);
    assert_stats_match_walk(h);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(halloc_free(h, aligned[i]), 0);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* A full heap with one hole of `size`: malloc(usable of the hole) must succeed. */
static void hole_is_reusable(size_t size)
{
    halloc_heap *h = fixed_heap(256 * KIB);
    void **blocks = malloc(16384 * sizeof *blocks);
    cr_assert_not_null(blocks);
    void *before = halloc_malloc(h, size), *hole = halloc_malloc(h, size);
    void *after = halloc_malloc(h, size);
    cr_assert(before && hole && after, "setup malloc(%zu) failed", size);
    exhaust(h, size, blocks, 16384);
    size_t usable = halloc_usable_size(h, hole);
    cr_assert_eq(halloc_free(h, hole), 0);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.largest_free, usable, "largest_free %zu, the hole holds %zu",
                 st.largest_free, usable);
    void *again = halloc_malloc(h, usable);
    cr_assert_eq(again, hole, "malloc(%zu) with a free %zu-byte chunk: spurious OOM (errno %d)",
                 usable, usable, errno);
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.regions, 1);
    assert_heap_ok(h);
    free(blocks);
    halloc_destroy(h);
}

Test(no_spurious_oom, hole_of_exact_size_is_found_for_many_sizes)
{
    static const size_t sizes[] = {1,    16,   24,   100,  127,  128,  129,   200,   255,
                                   500,  1000, 1100, 1500, 2047, 3000, 4095,  5000,  7777,
                                   8200, 9999, 12000, 16385, 20000, 30000, 40000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        hole_is_reusable(sizes[i]);
}

/* Random churn; at every checkpoint largest_free must be exactly the limit. */
static void largest_free_is_exact(uint32_t seed, int grow)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 256 * KIB;
    c.grow = grow;
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    void *live[256] = {0};
    for (int step = 0; step < 4000; step++) {
        size_t i = rng_below(&seed, 256);
        if (live[i]) {
            cr_assert_eq(halloc_free(h, live[i]), 0);
            live[i] = NULL;
        } else {
            live[i] = halloc_malloc(h, 1 + rng_below(&seed, rng_below(&seed, 2) ? 200 : 6000));
        }
        if (step % 50 != 49)
            continue;
        halloc_stats st;
        cr_assert_eq(halloc_get_stats(h, &st), 0);
        if (st.largest_free > 0) {
            void *p = halloc_malloc(h, st.largest_free);
            cr_assert_not_null(p, "seed %u step %d: malloc(largest_free=%zu) failed, errno %d",
                               seed, step, st.largest_free, errno);
            cr_assert_eq(halloc_free(h, p), 0);
        }
        errno = 0;
        void *q = halloc_malloc(h, st.largest_free + 1);
        if (grow) {
            cr_assert_not_null(q, "a growing heap must serve largest_free + 1");
            cr_assert_eq(halloc_free(h, q), 0);
        } else {
            cr_assert_null(q, "largest_free %zu is not the largest request", st.largest_free);
            cr_assert_eq(errno, ENOMEM);
        }
    }
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(no_spurious_oom, largest_free_is_exact_on_fixed_heaps)
{
    for (uint32_t seed = 1; seed <= 8; seed++)
        largest_free_is_exact(seed * 2654435761u, 0);
}

Test(no_spurious_oom, largest_free_plus_one_grows_a_growing_heap)
{
    for (uint32_t seed = 1; seed <= 4; seed++)
        largest_free_is_exact(seed * 40503u, 1);
}
