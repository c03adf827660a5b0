/*
 * test_checker.c - the checker proof: for every invariant halloc_check knows,
 * a healthy heap corrupted in exactly that one way makes halloc_check fail
 * with that invariant, pointing at the damaged chunk where there is one.
 * Here: the heap header, the chunk walk, accounting and stats; the free
 * lists, bitmap and cache lists are proved in test_checker_lists.c, over the
 * same fixture (checker_fixture.c).
 *
 * The corruptions use allocator/internal.h (accessors that open and close
 * tracked memory, so they work under ASan too; hl_chunk_seal / set_word keep
 * a deliberately wrong word looking genuine, so only the named invariant breaks).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <string.h>

#include "checker_fixture.h"

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

/* A sealed field changed to another plausible value: only the seal tells. */
static struct where region1_seal(struct fixture *f)
{
    f->r1->seal ^= 1;
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

static struct where lookup_bound_off(struct fixture *f)
{
    f->h->span0 += 1; /* hl_region_holding would accept a chunk past region 0's end */
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

/* A footer no split leaves (below the minimum chunk): not one of a carve's
 * two sizes (footer_of_free's), so no stale header or footer is told of. */
static struct where footer_overwritten(struct fixture *f)
{
    hl_chunk *c = chunk(f, 5);
    hl_poke((char *)c + hl_chunk_size(c) - HL_FOOTER, 24);
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
    hl_track_user_free(f->h, f->b[6], size - HL_HEADER);
    hl_used_chunk_forget(f->h, size);
    hl_free_chunk_add(f->h, c, size);
    hl_chunk_set_prev_free(f->h, c, 1);
    return at0(f, 6);
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

static struct where chunks_cached_off(struct fixture *f)
{
    f->h->stats.chunks_cached -= 1;
    return anywhere;
}

static const struct proof proofs[] = {
    {"region 0 magic", HALLOC_INV_HEAP_HEADER, region0_magic, CAUSE_REGION_LINKS},
    {"region 1 magic", HALLOC_INV_HEAP_HEADER, region1_magic, CAUSE_REGION_LINKS},
    {"region 1's seal", HALLOC_INV_HEAP_HEADER, region1_seal, CAUSE_UNSEALED},
    {"region 1 heap back link", HALLOC_INV_HEAP_HEADER, region1_back_link, CAUSE_REGION_LINKS},
    {"heap's last region", HALLOC_INV_HEAP_HEADER, heap_last_region, CAUSE_REGION_LINKS},
    {"inline free-list levels off", HALLOC_INV_HEAP_HEADER, inline_levels_off, CAUSE_TABLE_OUT_OF_STEP},
    {"free-list table pointer back inline", HALLOC_INV_HEAP_HEADER, table_pointer_inline, CAUSE_TABLE_OUT_OF_STEP},
    {"free-list table levels off", HALLOC_INV_HEAP_HEADER, table_levels_off, CAUSE_TABLE_OUT_OF_STEP},
    {"cache lists moved", HALLOC_INV_HEAP_HEADER, cache_lists_moved, CAUSE_CACHE_LISTS_MISPLACED},
    {"cache lists lost", HALLOC_INV_HEAP_HEADER, cache_lists_lost, CAUSE_CACHE_LISTS_MISPLACED},
    {"region 0's first chunk offset off", HALLOC_INV_HEAP_HEADER, first_chunk_offset_off, CAUSE_FIRST_CHUNK_MISPLACED},
    {"region 0's lookup bound off", HALLOC_INV_HEAP_HEADER, lookup_bound_off, CAUSE_LOOKUP_BOUND_STALE},
    {"check word of a used chunk", HALLOC_INV_HEADER_CHECK, check_of_used, CAUSE_WRITTEN_OVER},
    {"check word of a free chunk", HALLOC_INV_HEADER_CHECK, check_of_free, CAUSE_WRITTEN_OVER},
    {"check word in region 1", HALLOC_INV_HEADER_CHECK, check_in_region1, CAUSE_WRITTEN_OVER},
    {"check word of the fence", HALLOC_INV_HEADER_CHECK, check_of_fence, CAUSE_WRITTEN_OVER},
    {"size not a multiple of 16", HALLOC_INV_SIZE, size_not_multiple, CAUSE_BAD_SPLIT},
    {"size below the minimum chunk", HALLOC_INV_SIZE, size_below_minimum, CAUSE_BAD_SPLIT},
    {"size beyond the region", HALLOC_INV_CHUNK_BOUNDS, size_beyond_region, CAUSE_PAST_REGION},
    {"fence with a size", HALLOC_INV_WALK_END, fence_not_size_zero, CAUSE_FENCE_MOVED},
    {"size 0 before the fence", HALLOC_INV_WALK_END, early_fence, CAUSE_FENCE_MOVED},
    {"last chunk over the fence", HALLOC_INV_WALK_END, last_chunk_over_fence, CAUSE_FENCE_MOVED},
    {"footer of a free chunk", HALLOC_INV_BOUNDARY_TAG, footer_of_free, CAUSE_SPLIT_NO_FOOTER},
    {"footer overwritten", HALLOC_INV_BOUNDARY_TAG, footer_overwritten, CAUSE_FOOTER_STALE},
    {"prev-free set after a used chunk", HALLOC_INV_PREV_FREE, prev_free_after_used, CAUSE_PREV_FREE_LEFT},
    {"prev-free on a region's first chunk", HALLOC_INV_PREV_FREE, prev_free_on_first_chunk, CAUSE_FIRST_CHUNK_FLAGS},
    {"prev-free cleared after a free chunk", HALLOC_INV_PREV_FREE, prev_free_cleared, CAUSE_MERGE_SKIPPED},
    {"prev-min cleared after a free minimum chunk", HALLOC_INV_PREV_FREE, prev_min_cleared, CAUSE_PREV_FLAGS},
    {"prev-min set after a larger free chunk", HALLOC_INV_PREV_FREE, prev_min_after_larger_free, CAUSE_PREV_FLAGS},
    {"prev-min set after a used chunk", HALLOC_INV_PREV_FREE, prev_min_without_prev_free, CAUSE_PREV_MIN_LEFT},
    {"missed coalesce", HALLOC_INV_ADJACENT_FREE, missed_coalesce, CAUSE_NOT_COALESCED},
    {"mapped bytes off", HALLOC_INV_ACCOUNTING, mapped_off, CAUSE_MAPPED_UNCOUNTED},
    {"chunks_used counter off", HALLOC_INV_STATS, chunks_used_off, CAUSE_COUNTERS_SKIPPED},
    {"bytes_free counter off", HALLOC_INV_STATS, bytes_free_off, CAUSE_COUNTERS_SKIPPED},
    {"regions counter off", HALLOC_INV_STATS, regions_off, CAUSE_COUNTERS_SKIPPED},
    {"chunks_cached counter off", HALLOC_INV_STATS, chunks_cached_off, CAUSE_COUNTERS_SKIPPED},
};
CHECKER_PROOF_TESTS(checker, 0, "test_checker_lists.c")

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
