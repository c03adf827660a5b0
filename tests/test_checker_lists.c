/*
 * test_checker_lists.c - the checker proof of test_checker.c for the free
 * lists, their bitmap and the cache lists: a healthy heap corrupted in
 * exactly one way makes halloc_check fail with that invariant, pointing at
 * the damaged chunk where there is one.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "checker_fixture.h"

/* ---- the corruptions, each breaking exactly one invariant ---- */

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

/* k1 links to the middle of b2's payload: inside the heap, no chunk's start. */
static struct where cache_link_inside_chunk(struct fixture *f)
{
    hl_chunk *inside = (hl_chunk *)((char *)f->b[2] + 32);
    hl_cache_set_link(f->h, cached(f, 1), inside);
    return at(&f->h->region0, inside);
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

static const struct proof proofs[] = {
    {"free chunk in no list", HALLOC_INV_FREE_UNLISTED, unlisted_free, CAUSE_NEVER_LISTED},
    {"free chunk in another class's list", HALLOC_INV_WRONG_LIST, listed_in_wrong_class, CAUSE_RESIZED_LISTED},
    {"used chunk in a list", HALLOC_INV_USED_IN_LIST, used_chunk_listed, CAUSE_TAKEN_LISTED},
    {"payload middle in a list", HALLOC_INV_USED_IN_LIST, non_chunk_listed, CAUSE_LIST_LINK_INSIDE},
    {"head's prev link not NULL", HALLOC_INV_LIST_LINKS, head_prev_not_null, CAUSE_ONE_WAY_LINK},
    {"prev link to another chunk", HALLOC_INV_LIST_LINKS, prev_link_wrong, CAUSE_ONE_WAY_LINK},
    {"next link outside the heap", HALLOC_INV_LIST_LINKS, next_link_outside_heap, CAUSE_ONE_WAY_LINK},
    {"next link misaligned", HALLOC_INV_LIST_LINKS, next_link_misaligned, CAUSE_ONE_WAY_LINK},
    {"list loops back to its head", HALLOC_INV_LIST_CYCLE, list_loops, CAUSE_LISTED_TWICE},
    {"bit set for an empty class", HALLOC_INV_BITMAP, bit_for_empty_class, CAUSE_BITS_STALE},
    {"bit cleared for a listed class", HALLOC_INV_BITMAP, bit_cleared_for_listed_class, CAUSE_BITS_STALE},
    {"first-level bit without second level", HALLOC_INV_BITMAP, first_level_bit_without_second, CAUSE_BITS_STALE},
    {"used chunk in a cache list", HALLOC_INV_CACHE_ENTRY, used_chunk_cached, CAUSE_CACHED_FLAGS},
    {"cached chunk also marked free", HALLOC_INV_CACHE_ENTRY, cached_and_free, CAUSE_CACHED_FLAGS},
    {"cache link outside the heap", HALLOC_INV_CACHE_ENTRY, cache_link_outside_heap, CAUSE_CACHE_LINK},
    {"cache link inside a chunk", HALLOC_INV_CACHE_ENTRY, cache_link_inside_chunk, CAUSE_CACHE_LINK_INSIDE},
    {"cache count off", HALLOC_INV_CACHE_COUNT, cache_count_off, CAUSE_CACHE_COUNT},
    {"cache map bit cleared for a full list", HALLOC_INV_CACHE_COUNT, cache_map_bit_cleared, CAUSE_CACHE_COUNT},
    {"cache list loops", HALLOC_INV_CACHE_COUNT, cache_list_loops, CAUSE_CACHE_COUNT},
    {"cached chunk in no cache list", HALLOC_INV_CACHE_UNLISTED, cached_chunk_unlisted, CAUSE_CACHE_FLAG_LEFT},
};
CHECKER_PROOF_TESTS(checker_lists, 1, "test_checker.c")
