/*
 * test_region_damage.c - which calls a damaged region header stops (the
 * headers are sealed, internal.h "seals"; test_seals.c damages each sealed
 * field): a lookup goes to its region by the region index, so only a lookup
 * in the damaged region (or the walk's, of a pointer in none) is refused; a
 * free that empties a region under a trim policy unmaps it, relinking its
 * neighbours and rewriting region 0's header, so it is refused when one of
 * those is damaged, before anything changes; and
 * a pointer in no region is reported as the damage, not as a foreign
 * pointer, when the walk cannot tell.
 *
 * Each test opens the books (hl_books_open) before it damages them, as a
 * stray write would not, so that it runs under ASan and memcheck too. The
 * debug library aborts at the first damaged call, so tests/build.mk leaves
 * this file out of its run (UNIT_CORRUPTING).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "seal_fixture.h"

/* Four regions under trim policy `trim` (HALLOC_TRIM_NEVER: a free only
 * looks a block up): in[i] is a block in region i, the only one past 0. */
static hl_heap *four_regions(void *in[4], int trim)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.grow = 1;
    c.trim = trim;
    c.thread_safe = 0;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    const size_t sizes[4] = {100, 100 * KIB, 300 * KIB, 700 * KIB};
    for (int i = 0; i < 4; i++)
        cr_assert_not_null(in[i] = halloc_malloc(h, sizes[i]));
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 4, "expected regions 0 to 3");
    for (int i = 0; i < 4; i++)
        cr_assert_eq(chunk_of(h, in[i]).region, (size_t)i, "block %d is not in region %d", i, i);
    cr_assert_eq(halloc_check(h, NULL), 0);
    return h;
}

/* Region 1's header damaged by `damage`: the region index takes a lookup
 * past region 0 straight to its region (allocator/regions.c), so frees of
 * blocks in regions 3 and 2 go ahead, and so does one in region 0 (tested
 * inline); a free in region 1 checks its seal and is refused, and so is one
 * of a pointer in no region (the index's walk back from the last region
 * passes region 1). halloc_check reports the damage at once. Before 81dd091
 * the walk went forward from region 1: every free past region 0 was
 * refused. */
static void assert_only_lookups_past_region1_refused(void (*damage)(hl_region *))
{
    void *in[4];
    hl_heap *h = four_regions(in, HALLOC_TRIM_NEVER);
    hl_books_open(h);
    damage(h->region0.next);
    assert_check_says(h, NULL);
    cr_assert_eq(halloc_free(h, in[3]), 0, "free in the last region: %s", halloc_last_error(h));
    cr_assert_eq(halloc_free(h, in[2]), 0, "free in region 2: %s", halloc_last_error(h));
    errno = 0;
    assert_refused(h, halloc_free(h, in[1]) == -1, "free of a block in region 1", REGION_DAMAGE_SAYS);
    long outside;
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", REGION_DAMAGE_SAYS);
    cr_assert_eq(halloc_free(h, in[0]), 0, "free in region 0: %s", halloc_last_error(h));
    assert_check_says(h, NULL);
}

static void damage_next_link(hl_region *r1) { r1->next = (hl_region *)(uintptr_t)0x1000; }
static void damage_size(hl_region *r1) { r1->size -= hl_os_page(); }

Test(seals, a_damaged_next_link_refuses_only_lookups_in_its_region)
{
    assert_only_lookups_past_region1_refused(damage_next_link);
}

Test(seals, a_damaged_region_size_refuses_only_lookups_in_its_region)
{
    assert_only_lookups_past_region1_refused(damage_size);
}

/* Region 2's header damaged: a free in region 1 goes ahead, as the index
 * takes its lookup past no other region; the walk back from the last region
 * it replaced stopped at region 2 and refused it. A free in region 2, or of a
 * pointer in no region (the walk's), is refused. */
Test(seals, a_lookup_passes_no_region_but_its_own)
{
    void *in[4];
    long outside;
    hl_heap *h = four_regions(in, HALLOC_TRIM_NEVER);
    hl_books_open(h);
    h->region0.next->next->next = (hl_region *)(uintptr_t)0x1000;
    cr_assert_eq(halloc_free(h, in[1]), 0, "free in region 1: %s", halloc_last_error(h));
    errno = 0;
    assert_refused(h, halloc_free(h, in[2]) == -1, "free in region 2", REGION_DAMAGE_SAYS);
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", REGION_DAMAGE_SAYS);
    assert_check_says(h, NULL);
}

/* The region index's entries are sealed: region 1's, widened to hold every
 * address from a page no region is at, is not followed there (its header
 * would be read at 0x1000) - the walk finds the block - and the checker
 * names it. Its count, not sealed, is read no further than the index: at
 * SIZE_MAX / 64 a lookup read far past it. */
Test(seals, a_damaged_region_index_is_not_followed)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    hl_index *x = hl_index_of(h);
    cr_assert(x && x->count == 2, "expected an index of regions 1 and 2");
    x->at[0].first = 0x1000 + HL_REGION_HDR;
    x->at[0].room = UINTPTR_MAX / 2;
    cr_assert_gt(halloc_usable_size(h, in1), 0, "a block in region 1: %s", halloc_last_error(h));
    assert_check_says(h, "region index entry 0 of 2");
    hl_books_open(h);
    x->count = SIZE_MAX / 64;
    cr_assert_gt(halloc_usable_size(h, in2), 0, "a block in region 2: %s", halloc_last_error(h));
    assert_check_says(h, "the region index counts");
}

/* The message names the region at r, by its address. */
static void assert_names_region(hl_heap *h, const hl_region *r)
{
    char at[64];
    snprintf(at, sizeof at, "region at %p", (const void *)r);
    cr_assert_not_null(strstr(halloc_last_error(h), at), "the message does not name %s: %s", at,
                       halloc_last_error(h));
}

/* Emptying a region past 0 under a trim policy unmaps it, which relinks its
 * neighbours and rewrites region 0's header (the last region): with one of
 * those damaged, the free is refused before anything changes. It used to go
 * ahead and keep the region mapped, saying nothing. Here region 1's next
 * link is damaged and region 2's only block is freed (the walk back from the
 * last region never passes region 1, so only the unlinking meets it). */
Test(seals, a_damaged_next_link_refuses_the_free_that_empties_the_region_after_it)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    hl_region *r1 = h->region0.next, *r2 = h->last;
    r1->next = (hl_region *)(uintptr_t)0x1000;
    hl_region before = *r1;
    errno = 0;
    assert_refused(h, halloc_free(h, in2) == -1, "free emptying region 2", REGION_DAMAGE_SAYS);
    assert_names_region(h, r1);
    hl_books_open(h);
    cr_assert_eq(memcmp(r1, &before, sizeof before), 0, "the refused free wrote into region 1's header");
    cr_assert_eq(h->last, r2, "region 2 was unlinked");
    cr_assert_eq(h->stats.regions, 3);
    cr_assert_gt(halloc_usable_size(h, in2), 0, "the refused free's block is no longer live: %s",
                 halloc_last_error(h));
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim", REGION_DAMAGE_SAYS);
    assert_check_says(h, NULL);
}

/* A realloc that moves region 2's only block frees it there: refused as that
 * free would be, before the new block is taken, and the block stays where
 * it was. */
Test(seals, a_realloc_moving_out_of_a_region_beside_the_damage_is_refused)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->region0.next->next = (hl_region *)(uintptr_t)0x1000;
    size_t mapped = h->mapped;
    errno = 0;
    assert_refused(h, halloc_realloc(h, in2, 2000 * KIB) == NULL, "realloc moving out of region 2",
                   REGION_DAMAGE_SAYS);
    hl_books_open(h);
    cr_assert_eq(h->mapped, mapped, "the refused realloc mapped or unmapped a region");
    cr_assert_gt(halloc_usable_size(h, in2), 0, "%s", halloc_last_error(h));
}

/* The same with region 0's header damaged where only its keyed seal looks
 * (the next region index, which growth uses): region 0 holds the last-region
 * pointer that unmapping region 2 rewrites. */
Test(seals, damage_to_region0_refuses_the_free_that_empties_a_region)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->next_index += 1;
    errno = 0;
    assert_refused(h, halloc_free(h, in2) == -1, "free emptying region 2", REGION0_DAMAGE_SAYS);
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 3);
    assert_check_says(h, NULL);
}

/* With a cache, a free of the last live block flushes the cache first
 * (cache.h), and returning a cached block may empty a region: refused the
 * same way, the last block still live. */
Test(seals, a_cache_flush_that_empties_a_region_is_refused)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.cache_depth = 8;
    c.thread_safe = 0;
    hl_heap *h = heap_from(c);
    void *big = halloc_malloc(h, stats_of(h).largest_free);
    void *a = halloc_malloc(h, 500), *b = halloc_malloc(h, 500);
    cr_assert(big && a && b, "%s", halloc_last_error(h));
    cr_assert_eq(chunk_of(h, a).region, 1);
    cr_assert_eq(chunk_of(h, b).region, 1);
    cr_assert_eq(halloc_free(h, a), 0, "%s", halloc_last_error(h));
    cr_assert_eq(halloc_free(h, b), 0, "%s", halloc_last_error(h));
    cr_assert_eq(stats_of(h).chunks_cached, 2);
    hl_books_open(h);
    h->next_index += 1;
    errno = 0;
    assert_refused(h, halloc_free(h, big) == -1, "free flushing the cache into region 1", REGION0_DAMAGE_SAYS);
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 2, "region 1 was unmapped");
    cr_assert_eq(h->stats.chunks_used, 1, "the refused free's block is no longer live");
}

/* Eager trim, region 1's next link damaged, one block in each region:
 * emptying region 3 relinks regions 2 and 0, not 1, and goes ahead (region 3
 * is unmapped); emptying region 2, whose previous region is 1, is refused
 * and region 2 stays as it was; region 0 is never unmapped: its free goes
 * ahead. */
Test(seals, emptying_a_region_is_refused_only_beside_the_damage)
{
    void *in[4];
    hl_heap *h = four_regions(in, HALLOC_TRIM_EAGER);
    hl_books_open(h);
    hl_region *r1 = h->region0.next, *r2 = r1->next;
    r1->next = (hl_region *)(uintptr_t)0x1000;
    cr_assert_eq(halloc_free(h, in[3]), 0, "free emptying the last region: %s", halloc_last_error(h));
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 3, "region 3 was not unmapped");
    cr_assert_eq(h->last, r2);
    errno = 0;
    assert_refused(h, halloc_free(h, in[2]) == -1, "free emptying region 2", REGION_DAMAGE_SAYS);
    assert_names_region(h, r1);
    cr_assert_gt(halloc_usable_size(h, in[2]), 0, "%s", halloc_last_error(h));
    cr_assert_eq(halloc_free(h, in[0]), 0, "free in region 0: %s", halloc_last_error(h));
    assert_check_says(h, NULL);
}

/* A pointer in no region: with every header intact that is what the
 * report says (EINVAL). With a region's header damaged, the walk back from
 * the last region stops there and cannot tell that the pointer is not in
 * that region: the report names that region (ENOTRECOVERABLE), not some
 * other fault. Region 0's header, which a lookup does not check, is checked
 * by the report (hl_report_not_in_heap checks every header): damage there
 * is named too, since the heap is broken either way, and a free in a region
 * still goes ahead. */
Test(seals, a_foreign_free_names_the_right_fault)
{
    void *in[4];
    long outside;
    hl_heap *h = four_regions(in, HALLOC_TRIM_NEVER);
    errno = 0;
    cr_assert_eq(halloc_free(h, &outside), -1);
    cr_assert_eq(errno, EINVAL, "errno %d", errno);
    cr_assert_not_null(strstr(halloc_last_error(h), "is not inside this heap"), "%s", halloc_last_error(h));
    hl_books_open(h);
    hl_region *r2 = h->region0.next->next;
    r2->size -= hl_os_page();
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", REGION_DAMAGE_SAYS);
    assert_names_region(h, r2);
    hl_books_open(h);
    r2->size += hl_os_page();
    h->next_index += 1; /* only region 0's keyed seal covers it */
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", REGION0_DAMAGE_SAYS);
    cr_assert_eq(halloc_free(h, in[2]), 0, "free in region 2: %s", halloc_last_error(h));
    assert_check_says(h, NULL);
}

/* Why the report above checks region 0's header too, which lookups do not:
 * a lookup goes past region 0 only if region 0's next link, covered by its
 * keyed seal alone, says there are more regions. Lost to a stray write, a
 * free in region 2 finds no region; only region 0's seal tells that apart
 * from a pointer that is not the heap's (EINVAL, "is not inside this heap",
 * which would blame the caller for a live block and leak it). */
Test(seals, a_lost_first_region_link_is_not_taken_for_a_foreign_pointer)
{
    void *in[4];
    hl_heap *h = four_regions(in, HALLOC_TRIM_NEVER);
    hl_books_open(h);
    hl_region *r1 = h->region0.next;
    h->region0.next = NULL;
    errno = 0;
    assert_refused(h, halloc_free(h, in[2]) == -1, "free in region 2", REGION0_DAMAGE_SAYS);
    assert_check_says(h, NULL);
    hl_books_open(h);
    h->region0.next = r1;
    cr_assert_eq(halloc_free(h, in[2]), 0, "the refused free's block is no longer live: %s", halloc_last_error(h));
    cr_assert_eq(halloc_check(h, NULL), 0);
}

/* Under HALLOC_TRIM_KEEP_ONE the policy walks the regions from region 1 for
 * one kept wholly free, to decide which region the emptying unmaps: with
 * region 1's header damaged it cannot tell, so emptying any region past 0
 * is refused, naming region 1: region 2 (beside the damage) and region 3
 * too. The walk used to give up there and unmap region 3 as under the
 * eager policy, saying nothing, though a kept region past the damage might
 * have been the one to go. */
Test(seals, keep_one_refuses_emptying_any_region_past_a_damaged_header)
{
    void *in[4];
    hl_heap *h = four_regions(in, HALLOC_TRIM_KEEP_ONE);
    hl_books_open(h);
    hl_region *r1 = h->region0.next;
    r1->next = (hl_region *)(uintptr_t)0x1000;
    for (int i = 2; i <= 3; i++) {
        errno = 0;
        assert_refused(h, halloc_free(h, in[i]) == -1, i == 2 ? "free emptying region 2" : "free emptying region 3",
                       REGION_DAMAGE_SAYS);
        assert_names_region(h, r1);
        hl_books_open(h);
        cr_assert_eq(h->stats.regions, 4, "a region was unmapped");
        cr_assert_gt(halloc_usable_size(h, in[i]), 0, "%s", halloc_last_error(h));
    }
    assert_check_says(h, NULL);
}

/* Under HALLOC_TRIM_KEEP_ONE, emptying a region while no other is kept
 * wholly free keeps it: nothing is unlinked, so damage to region 0's header
 * (which unmapping rewrites) does not stop it - it used to be refused. The
 * next emptying unmaps the smaller of the two, region 2, which would
 * rewrite region 0's header: refused, naming it. */
Test(seals, keep_one_refuses_an_emptying_only_when_it_unmaps)
{
    void *in[4];
    hl_heap *h = four_regions(in, HALLOC_TRIM_KEEP_ONE);
    hl_books_open(h);
    h->next_index += 1; /* only region 0's keyed seal covers it */
    cr_assert_eq(halloc_free(h, in[2]), 0, "free emptying region 2, which the policy keeps: %s",
                 halloc_last_error(h));
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 4, "region 2 was unmapped");
    errno = 0;
    assert_refused(h, halloc_free(h, in[3]) == -1, "free emptying region 3", REGION0_DAMAGE_SAYS);
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 4, "a region was unmapped");
    cr_assert_gt(halloc_usable_size(h, in[3]), 0, "%s", halloc_last_error(h));
    assert_check_says(h, NULL);
}
