/*
 * test_checker.c - the checker proof: for every invariant halloc_check knows,
 * a healthy heap corrupted in exactly that one way makes halloc_check fail
 * with that invariant, pointing at the damaged chunk where there is one.
 *
 * The corruptions use allocator/internal.h (accessors that open and close
 * tracked memory, so they work under ASan too; hl_chunk_seal / set_word keep
 * a deliberately wrong word looking genuine, so only the named invariant breaks).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

/*
 * Region 0: b0 b1 b2 b3 b4 b5 b6 b7 b8 k0 k1 [free remainder] [fence]
 *           b1, b3 free (same class: list b3 -> b1), b5 free (another class),
 *           k0, k1 cached (cache list k1 -> k0).
 * Region 1: big (used), then a free remainder.
 */
struct fixture {
    hl_heap *h;
    void *b[9];
    void *k[2];
    void *big;
    hl_region *r1;
    unsigned cache_list; /* the cache list holding k1 -> k0 */
};

/* Where the report must point; any = 1 when the invariant has no one chunk. */
struct where {
    int any;
    size_t region;
    size_t offset;
};

static hl_chunk *chunk(const struct fixture *f, size_t i)
{
    return hl_chunk_from_payload(f->b[i]);
}

static struct where at(const hl_region *r, const void *c)
{
    return (struct where){0, r->index, hl_region_offset(r, c)};
}

static struct where at0(const struct fixture *f, size_t i)
{
    return at(&f->h->region0, chunk(f, i));
}

static const struct where anywhere = {1, 0, 0};

static void build_fixture(struct fixture *f)
{
    static const size_t sizes[9] = {100, 100, 100, 100, 100, 1000, 100, 1000, 100};
    halloc_config c = halloc_default_config();
    c.initial_size = 256 * KIB;
    c.thread_safe = 0;
    c.cache_depth = 2;
    f->h = halloc_create_ex(&c);
    f->h->config.cache_depth = 0; /* b1, b3, b5 below go to the free lists */
    cr_assert_not_null(f->h);
    for (size_t i = 0; i < 9; i++) {
        f->b[i] = halloc_malloc(f->h, sizes[i]);
        cr_assert_not_null(f->b[i]);
    }
    for (size_t i = 0; i < 2; i++)
        cr_assert_not_null(f->k[i] = halloc_malloc(f->h, 200));
    f->big = halloc_malloc(f->h, 300 * KIB);
    cr_assert_not_null(f->big);
    cr_assert_eq(halloc_free(f->h, f->b[1]), 0);
    cr_assert_eq(halloc_free(f->h, f->b[3]), 0);
    cr_assert_eq(halloc_free(f->h, f->b[5]), 0);
    /* Only now the cache: b1, b3, b5 above went to the free lists. */
    f->h->config.cache_depth = 2;
    cr_assert_eq(halloc_free(f->h, f->k[0]), 0);
    cr_assert_eq(halloc_free(f->h, f->k[1]), 0);
    f->cache_list = hl_cache_index(hl_chunk_size(hl_chunk_from_payload(f->k[0])));
    hl_books_open(f->h);
    cr_assert_eq(f->h->cache->head[f->cache_list], hl_chunk_from_payload(f->k[1]), "expected the cache list k1 -> k0");
    cr_assert_eq(hl_cache_link(f->h, hl_chunk_from_payload(f->k[1])), hl_chunk_from_payload(f->k[0]));
    f->r1 = f->h->region0.next;
    cr_assert_not_null(f->r1, "the big block must have mapped region 1");
    cr_assert_eq(hl_region_of(f->h, f->big), f->r1);
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(chunk(f, 1)), &fl, &sl);
    cr_assert_eq(f->h->heads[fl][sl], chunk(f, 3), "expected the list b3 -> b1");
    cr_assert_eq(hl_link_next(chunk(f, 3)), chunk(f, 1));
    cr_assert_null(hl_link_next(chunk(f, 1)));
    assert_heap_ok(f->h);
}

/* ---- the corruptions, each breaking exactly one invariant ---- */

static struct where region0_magic(struct fixture *f)
{
    f->h->region0.magic ^= 1;
    return (struct where){0, 0, 0};
}

static struct where region1_magic(struct fixture *f)
{
    f->r1->magic ^= 1;
    return anywhere;
}

static struct where region1_back_link(struct fixture *f)
{
    f->r1->heap = NULL;
    return anywhere;
}

static struct where heap_last_region(struct fixture *f)
{
    f->h->last = &f->h->region0;
    return anywhere;
}

static struct where inline_levels_off(struct fixture *f)
{
    f->h->fl_inline -= 1;
    return anywhere;
}

static struct where table_pointer_inline(struct fixture *f)
{
    cr_assert(f->h->heads != f->h->heads_inline, "region 1 should have moved the table out of region 0");
    f->h->heads = f->h->heads_inline; /* with all HL_FL_COUNT levels claimed */
    return anywhere;
}

static struct where table_levels_off(struct fixture *f)
{
    cr_assert(f->h->heads != f->h->heads_inline, "region 1 should have moved the table out of region 0");
    f->h->fl_count = f->h->fl_inline; /* a mapped table with only region 0's levels */
    return anywhere;
}

static struct where cache_lists_moved(struct fixture *f)
{
    f->h->cache = (hl_cache_table *)((char *)f->h->cache + HL_ALIGN);
    return anywhere;
}

static struct where first_chunk_offset_off(struct fixture *f)
{
    f->h->first0 += HL_ALIGN;
    return anywhere;
}

static struct where cache_lists_lost(struct fixture *f)
{
    f->h->cache = NULL; /* the heap still has a cache depth */
    return anywhere;
}

static void flip_check(hl_chunk *c)
{
    hl_poke((char *)c + HL_OFF_CHECK, hl_chunk_check_word(c) ^ 0x100);
}

static struct where check_of_used(struct fixture *f)
{
    flip_check(chunk(f, 2));
    return at0(f, 2);
}

static struct where check_of_free(struct fixture *f)
{
    flip_check(chunk(f, 5));
    return at0(f, 5);
}

static struct where check_in_region1(struct fixture *f)
{
    hl_chunk *c = hl_chunk_from_payload(f->big);
    flip_check(c);
    return at(f->r1, c);
}

static struct where check_of_fence(struct fixture *f)
{
    hl_chunk *fence = hl_region_fence(&f->h->region0);
    flip_check(fence);
    return at(&f->h->region0, fence);
}

static struct where size_not_multiple(struct fixture *f)
{
    hl_chunk *c = chunk(f, 4);
    hl_chunk_set_word(f->h, c, hl_chunk_word(c) + 8);
    return at0(f, 4);
}

static struct where size_below_minimum(struct fixture *f)
{
    hl_chunk *c = chunk(f, 4);
    hl_chunk_set_word(f->h, c, (HL_MIN_CHUNK - HL_ALIGN) | (hl_chunk_word(c) & HL_FLAG_MASK));
    return at0(f, 4);
}

static struct where size_beyond_region(struct fixture *f)
{
    hl_chunk *c = chunk(f, 6);
    hl_chunk_set_word(f->h, c, f->h->region0.size | (hl_chunk_word(c) & HL_FLAG_MASK));
    return at0(f, 6);
}

static struct where fence_not_size_zero(struct fixture *f)
{
    hl_chunk *fence = hl_region_fence(&f->h->region0);
    hl_chunk_set_word(f->h, fence, 16 | (hl_chunk_word(fence) & HL_FLAG_MASK));
    return at(&f->h->region0, fence);
}

static struct where early_fence(struct fixture *f)
{
    hl_chunk *c = chunk(f, 7);
    hl_chunk_set_word(f->h, c, hl_chunk_word(c) & HL_FLAG_MASK);
    return at0(f, 7);
}

/* The last chunk of region 1 grown by 16 bytes: it ends at the region's end,
 * inside the region but over the fence. */
static struct where last_chunk_over_fence(struct fixture *f)
{
    hl_chunk *c = hl_chunk_next(hl_chunk_from_payload(f->big));
    cr_assert_eq(hl_chunk_next(c), hl_region_fence(f->r1), "expected the remainder last");
    hl_chunk_set_word(f->h, c, hl_chunk_word(c) + 16);
    return at(f->r1, c);
}

static struct where footer_of_free(struct fixture *f)
{
    hl_chunk *c = chunk(f, 5);
    size_t size = hl_chunk_size(c);
    hl_poke((char *)c + size - HL_FOOTER, size + 16); /* the footer stays where it is */
    return at0(f, 5);
}

static struct where prev_free_after_used(struct fixture *f)
{
    hl_chunk_set_prev_free(f->h, chunk(f, 8), 1); /* b7 is used */
    return at0(f, 8);
}

static struct where prev_free_on_first_chunk(struct fixture *f)
{
    hl_chunk_set_prev_free(f->h, chunk(f, 0), 1);
    return at0(f, 0);
}

static struct where prev_free_cleared(struct fixture *f)
{
    hl_chunk_set_prev_free(f->h, chunk(f, 6), 0); /* b5 is free */
    return at0(f, 6);
}

/* Three 16-byte blocks side by side, the middle one freed: a free minimum
 * chunk between two used ones. Returns the chunk after it, which carries
 * PREV_MIN in place of a footer. (Two more 16-byte blocks freed first fill
 * the fixture's cache list of that size, so m goes to the free lists.) */
static hl_chunk *after_free_minimum_chunk(struct fixture *f)
{
    void *a = halloc_malloc(f->h, 16), *m = halloc_malloc(f->h, 16), *b = halloc_malloc(f->h, 16);
    void *fill[2] = {halloc_malloc(f->h, 16), halloc_malloc(f->h, 16)};
    cr_assert(a && m && b && fill[0] && fill[1]);
    for (size_t i = 0; i < 2; i++)
        cr_assert_eq(halloc_free(f->h, fill[i]), 0);
    hl_books_open(f->h);
    cr_assert_eq(f->h->cache->count[hl_cache_index(HL_MIN_CHUNK)], f->h->config.cache_depth);
    hl_chunk *mc = hl_chunk_from_payload(m);
    cr_assert_eq(hl_chunk_at(hl_chunk_from_payload(a), HL_MIN_CHUNK), mc, "expected a, m, b side by side");
    cr_assert_eq(hl_chunk_from_payload(b), hl_chunk_at(mc, HL_MIN_CHUNK), "expected a, m, b side by side");
    cr_assert_eq(halloc_free(f->h, m), 0);
    cr_assert_eq(hl_chunk_size(mc), HL_MIN_CHUNK);
    cr_assert(hl_chunk_word(hl_chunk_from_payload(b)) & HL_FLAG_PREV_MIN);
    assert_heap_ok(f->h);
    hl_books_open(f->h);
    return hl_chunk_from_payload(b);
}

static struct where prev_min_cleared(struct fixture *f)
{
    hl_chunk *c = after_free_minimum_chunk(f);
    hl_chunk_set_prev(f->h, c, HL_MIN_CHUNK + HL_ALIGN); /* PREV_FREE kept: "read my footer" */
    return at(hl_region_of(f->h, c), c);
}

static struct where prev_min_after_larger_free(struct fixture *f)
{
    hl_chunk_set_prev(f->h, chunk(f, 6), HL_MIN_CHUNK); /* b5 is free, and 1 KiB */
    return at0(f, 6);
}

static struct where prev_min_without_prev_free(struct fixture *f)
{
    hl_chunk *c = chunk(f, 8); /* b7 is used */
    hl_chunk_set_word(f->h, c, hl_chunk_word(c) | HL_FLAG_PREV_MIN);
    return at0(f, 8);
}

/* b6 becomes free without merging into the free b5 before it; b7 stays used. */
static struct where missed_coalesce(struct fixture *f)
{
    hl_chunk *c = chunk(f, 6);
    size_t size = hl_chunk_size(c);
    hl_track_user_free(f->b[6], size - HL_HEADER);
    hl_used_chunk_forget(f->h, size);
    hl_free_chunk_add(f->h, c, size);
    hl_chunk_set_prev_free(f->h, c, 1);
    return at0(f, 6);
}

static struct where unlisted_free(struct fixture *f)
{
    hl_bin_remove(f->h, chunk(f, 5));
    return anywhere; /* counted, not located: see the report's message */
}

static struct where listed_in_wrong_class(struct fixture *f)
{
    hl_chunk *c = chunk(f, 5);
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(c), &fl, &sl);
    hl_bin_remove(f->h, c);
    hl_bin_insert_at(f->h, c, fl, (sl + 1) % HL_SL_COUNT);
    return at0(f, 5);
}

static struct where used_chunk_listed(struct fixture *f)
{
    hl_bin_insert(f->h, chunk(f, 2));
    return at0(f, 2);
}

/* b1 (last in its list) links to the middle of b2's payload: not a chunk.
 * The report names the listed non-chunk. */
static struct where non_chunk_listed(struct fixture *f)
{
    hl_chunk *fake = (hl_chunk *)((char *)f->b[2] + 32);
    hl_set_link_next(chunk(f, 1), fake);
    return at(&f->h->region0, fake);
}

static struct where head_prev_not_null(struct fixture *f)
{
    hl_set_link_prev(chunk(f, 3), chunk(f, 3));
    return at0(f, 3);
}

static struct where prev_link_wrong(struct fixture *f)
{
    hl_set_link_prev(chunk(f, 1), chunk(f, 5));
    return at0(f, 1);
}

static struct where next_link_outside_heap(struct fixture *f)
{
    hl_set_link_next(chunk(f, 3), (hl_chunk *)(uintptr_t)0x1000);
    return at0(f, 3);
}

static struct where next_link_misaligned(struct fixture *f)
{
    hl_set_link_next(chunk(f, 3), (hl_chunk *)((char *)chunk(f, 1) + 8));
    return at0(f, 3);
}

static struct where list_loops(struct fixture *f)
{
    hl_set_link_next(chunk(f, 1), chunk(f, 3));
    return anywhere;
}

static struct where bit_for_empty_class(struct fixture *f)
{
    unsigned fl, sl;
    hl_size_class(64, &fl, &sl);
    cr_assert_null(f->h->heads[fl][sl], "no free 64-byte chunk expected");
    f->h->sl_bitmap[fl] |= UINT32_C(1) << sl;
    return anywhere;
}

static struct where bit_cleared_for_listed_class(struct fixture *f)
{
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(chunk(f, 5)), &fl, &sl);
    f->h->sl_bitmap[fl] &= ~(UINT32_C(1) << sl);
    return anywhere;
}

static struct where first_level_bit_without_second(struct fixture *f)
{
    f->h->fl_bitmap |= UINT64_C(1) << (f->h->fl_count - 1);
    return anywhere;
}

static struct where mapped_off(struct fixture *f)
{
    f->h->mapped += 4096;
    return anywhere;
}

static struct where chunks_used_off(struct fixture *f)
{
    f->h->stats.chunks_used += 1;
    return anywhere;
}

static struct where bytes_free_off(struct fixture *f)
{
    f->h->stats.bytes_free -= 16;
    return anywhere;
}

static struct where regions_off(struct fixture *f)
{
    f->h->stats.regions += 1;
    return anywhere;
}

static hl_chunk *cached(const struct fixture *f, size_t i)
{
    return hl_chunk_from_payload(f->k[i]);
}

static struct where used_chunk_cached(struct fixture *f)
{
    unsigned i = hl_cache_index(hl_chunk_size(chunk(f, 0)));
    cr_assert_null(f->h->cache->head[i], "b0's cache list must be empty");
    f->h->cache->head[i] = chunk(f, 0);
    f->h->cache->count[i] = 1;
    f->h->cache_map |= UINT64_C(1) << i;
    return at0(f, 0);
}

static struct where cached_and_free(struct fixture *f)
{
    hl_chunk_set_word(f->h, cached(f, 0), hl_chunk_word(cached(f, 0)) | HL_FLAG_FREE);
    return at(&f->h->region0, cached(f, 0));
}

static struct where cache_link_outside_heap(struct fixture *f)
{
    hl_cache_set_link(f->h, cached(f, 1), (hl_chunk *)(uintptr_t)0x1000);
    return at(&f->h->region0, cached(f, 1));
}

static struct where cache_count_off(struct fixture *f)
{
    f->h->cache->count[f->cache_list]++;
    return anywhere;
}

static struct where cache_map_bit_cleared(struct fixture *f)
{
    f->h->cache_map &= ~(UINT64_C(1) << f->cache_list);
    return anywhere;
}

static struct where cache_list_loops(struct fixture *f)
{
    hl_cache_set_link(f->h, cached(f, 0), cached(f, 1));
    return anywhere;
}

static struct where cached_chunk_unlisted(struct fixture *f)
{
    f->h->cache->head[f->cache_list] = cached(f, 0);
    f->h->cache->count[f->cache_list]--;
    return anywhere;
}

static struct where chunks_cached_off(struct fixture *f)
{
    f->h->stats.chunks_cached -= 1;
    return anywhere;
}

struct proof {
    const char *name;
    halloc_invariant expect;
    struct where (*corrupt)(struct fixture *f);
};

static const struct proof proofs[] = {
    {"region 0 magic", HALLOC_INV_HEAP_HEADER, region0_magic},
    {"region 1 magic", HALLOC_INV_HEAP_HEADER, region1_magic},
    {"region 1 heap back link", HALLOC_INV_HEAP_HEADER, region1_back_link},
    {"heap's last region", HALLOC_INV_HEAP_HEADER, heap_last_region},
    {"inline free-list levels off", HALLOC_INV_HEAP_HEADER, inline_levels_off},
    {"free-list table pointer back inline", HALLOC_INV_HEAP_HEADER, table_pointer_inline},
    {"free-list table levels off", HALLOC_INV_HEAP_HEADER, table_levels_off},
    {"cache lists moved", HALLOC_INV_HEAP_HEADER, cache_lists_moved},
    {"cache lists lost", HALLOC_INV_HEAP_HEADER, cache_lists_lost},
    {"region 0's first chunk offset off", HALLOC_INV_HEAP_HEADER, first_chunk_offset_off},
    {"check word of a used chunk", HALLOC_INV_HEADER_CHECK, check_of_used},
    {"check word of a free chunk", HALLOC_INV_HEADER_CHECK, check_of_free},
    {"check word in region 1", HALLOC_INV_HEADER_CHECK, check_in_region1},
    {"check word of the fence", HALLOC_INV_HEADER_CHECK, check_of_fence},
    {"size not a multiple of 16", HALLOC_INV_SIZE, size_not_multiple},
    {"size below the minimum chunk", HALLOC_INV_SIZE, size_below_minimum},
    {"size beyond the region", HALLOC_INV_CHUNK_BOUNDS, size_beyond_region},
    {"fence with a size", HALLOC_INV_WALK_END, fence_not_size_zero},
    {"size 0 before the fence", HALLOC_INV_WALK_END, early_fence},
    {"last chunk over the fence", HALLOC_INV_WALK_END, last_chunk_over_fence},
    {"footer of a free chunk", HALLOC_INV_BOUNDARY_TAG, footer_of_free},
    {"prev-free set after a used chunk", HALLOC_INV_PREV_FREE, prev_free_after_used},
    {"prev-free on a region's first chunk", HALLOC_INV_PREV_FREE, prev_free_on_first_chunk},
    {"prev-free cleared after a free chunk", HALLOC_INV_PREV_FREE, prev_free_cleared},
    {"prev-min cleared after a free minimum chunk", HALLOC_INV_PREV_FREE, prev_min_cleared},
    {"prev-min set after a larger free chunk", HALLOC_INV_PREV_FREE, prev_min_after_larger_free},
    {"prev-min set after a used chunk", HALLOC_INV_PREV_FREE, prev_min_without_prev_free},
    {"missed coalesce", HALLOC_INV_ADJACENT_FREE, missed_coalesce},
    {"free chunk in no list", HALLOC_INV_FREE_UNLISTED, unlisted_free},
    {"free chunk in another class's list", HALLOC_INV_WRONG_LIST, listed_in_wrong_class},
    {"used chunk in a list", HALLOC_INV_USED_IN_LIST, used_chunk_listed},
    {"payload middle in a list", HALLOC_INV_USED_IN_LIST, non_chunk_listed},
    {"head's prev link not NULL", HALLOC_INV_LIST_LINKS, head_prev_not_null},
    {"prev link to another chunk", HALLOC_INV_LIST_LINKS, prev_link_wrong},
    {"next link outside the heap", HALLOC_INV_LIST_LINKS, next_link_outside_heap},
    {"next link misaligned", HALLOC_INV_LIST_LINKS, next_link_misaligned},
    {"list loops back to its head", HALLOC_INV_LIST_CYCLE, list_loops},
    {"bit set for an empty class", HALLOC_INV_BITMAP, bit_for_empty_class},
    {"bit cleared for a listed class", HALLOC_INV_BITMAP, bit_cleared_for_listed_class},
    {"first-level bit without second level", HALLOC_INV_BITMAP, first_level_bit_without_second},
    {"mapped bytes off", HALLOC_INV_ACCOUNTING, mapped_off},
    {"chunks_used counter off", HALLOC_INV_STATS, chunks_used_off},
    {"bytes_free counter off", HALLOC_INV_STATS, bytes_free_off},
    {"regions counter off", HALLOC_INV_STATS, regions_off},
    {"chunks_cached counter off", HALLOC_INV_STATS, chunks_cached_off},
    {"used chunk in a cache list", HALLOC_INV_CACHE_ENTRY, used_chunk_cached},
    {"cached chunk also marked free", HALLOC_INV_CACHE_ENTRY, cached_and_free},
    {"cache link outside the heap", HALLOC_INV_CACHE_ENTRY, cache_link_outside_heap},
    {"cache count off", HALLOC_INV_CACHE_COUNT, cache_count_off},
    {"cache map bit cleared for a full list", HALLOC_INV_CACHE_COUNT, cache_map_bit_cleared},
    {"cache list loops", HALLOC_INV_CACHE_COUNT, cache_list_loops},
    {"cached chunk in no cache list", HALLOC_INV_CACHE_UNLISTED, cached_chunk_unlisted},
};
#define NPROOFS (sizeof proofs / sizeof proofs[0])

ParameterizedTestParameters(checker, proof)
{
    static size_t index[NPROOFS];
    for (size_t i = 0; i < NPROOFS; i++)
        index[i] = i;
    return cr_make_param_array(size_t, index, NPROOFS);
}

ParameterizedTest(size_t *i, checker, proof)
{
    const struct proof *p = &proofs[*i];
    struct fixture f;
    build_fixture(&f);
    hl_books_open(f.h); /* the corruption is written as a test, not as a stray write ASan would stop */
    struct where w = p->corrupt(&f);
    halloc_report report;
    memset(&report, 0xa5, sizeof report);
    errno = 0;
    int rc = halloc_check(f.h, &report);
    cr_assert_eq(rc, -1, "[%s] halloc_check passed a heap with %s damaged", p->name,
                 halloc_invariant_name(p->expect));
    cr_assert_eq(errno, ENOTRECOVERABLE, "[%s] errno %d", p->name, errno);
    cr_assert_eq(report.invariant, p->expect, "[%s] expected %s, got %s: %s", p->name,
                 halloc_invariant_name(p->expect), halloc_invariant_name(report.invariant),
                 report.message);
    cr_assert(memchr(report.message, '\0', sizeof report.message) && report.message[0],
              "[%s] the report needs a one-line message", p->name);
    cr_assert_null(strchr(report.message, '\n'), "[%s] message is more than one line", p->name);
    if (!w.any) {
        cr_assert_eq(report.region, w.region, "[%s] region %zu, expected %zu", p->name,
                     report.region, w.region);
        cr_assert_eq(report.offset, w.offset, "[%s] offset %zu, expected %zu: %s", p->name,
                     report.offset, w.offset, report.message);
    }
    errno = 0;
    cr_assert_eq(halloc_check(f.h, NULL), -1, "[%s] a NULL report changes the verdict", p->name);
    cr_assert_eq(errno, ENOTRECOVERABLE);
    halloc_destroy(f.h);
}

Test(checker, every_invariant_has_a_proof)
{
    for (int inv = HALLOC_INV_NONE + 1; inv < HALLOC_INV_COUNT; inv++) {
        size_t n = 0;
        for (size_t i = 0; i < NPROOFS; i++)
            n += proofs[i].expect == (halloc_invariant)inv;
        cr_assert_gt(n, 0, "no corruption proves the checker finds %s",
                     halloc_invariant_name((halloc_invariant)inv));
    }
}

Test(checker, invariant_names_are_distinct)
{
    for (int a = 0; a < HALLOC_INV_COUNT; a++) {
        const char *na = halloc_invariant_name((halloc_invariant)a);
        cr_assert(na && na[0], "invariant %d has no name", a);
        for (int b = 0; b < a; b++)
            cr_assert_str_neq(na, halloc_invariant_name((halloc_invariant)b));
    }
    cr_assert_not_null(halloc_invariant_name(HALLOC_INV_COUNT));
    cr_assert_not_null(halloc_invariant_name((halloc_invariant)-1));
}

Test(checker, healthy_heap_passes_and_null_heap_is_einval)
{
    struct fixture f;
    build_fixture(&f);
    halloc_report report;
    memset(&report, 0xa5, sizeof report);
    cr_assert_eq(halloc_check(f.h, &report), 0);
    cr_assert_eq(report.invariant, HALLOC_INV_NONE, "a passing check must clear the report");
    cr_assert_eq(halloc_check(f.h, NULL), 0);
    halloc_destroy(f.h);
    errno = 0;
    cr_assert_eq(halloc_check(NULL, &report), -1);
    cr_assert_eq(errno, EINVAL);
}
