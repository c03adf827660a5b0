/*
 * test_seals.c - the heap's own bookkeeping is sealed (internal.h, "seals"):
 * the heap struct just before region 0's first block and each region header
 * just before its region's first block, where an underflow from that block
 * lands. Each test damages one sealed field the way such a write would and
 * shows that no call follows it: every call refuses with ENOTRECOVERABLE,
 * nothing outside the heap is written or unmapped, and halloc_check names
 * heap-header. Without the seals each of these crashed, wrote into memory
 * that was not the heap's, or went on as if nothing had happened. The last
 * tests damage what is not sealed there, the list heads and cache counts
 * right before region 0's first chunk.
 *
 * Each test opens the books (hl_books_open) before it damages them, as a
 * stray write would not, so that it runs under ASan and memcheck too. The
 * debug library aborts at the first damaged call, so tests/build.mk leaves
 * this file out of its run (UNIT_CORRUPTING).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "helpers.h"
#include "internal.h"

static hl_heap *heap_of(size_t bytes, int grow)
{
    halloc_config c = halloc_default_config();
    c.initial_size = bytes;
    c.grow = grow;
    c.thread_safe = 0;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    return h;
}

/* A heap of three regions whose free-list table has moved to its own
 * mapping; *in1 and *in2 are blocks in regions 1 and 2. */
static hl_heap *grown_heap(void **in1, void **in2)
{
    hl_heap *h = heap_of(64 * KIB, 1);
    cr_assert_not_null(*in1 = halloc_malloc(h, 100 * KIB));
    cr_assert_not_null(*in2 = halloc_malloc(h, 300 * KIB));
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 3, "expected regions 0, 1 and 2");
    cr_assert_eq(hl_region_of(h, *in2), h->last);
    cr_assert(h->heads != h->heads_inline, "region 2 should have moved the table out of region 0");
    cr_assert_eq(halloc_check(h, NULL), 0);
    return h;
}

static void assert_refused(hl_heap *h, int failed, const char *call, const char *says)
{
    cr_assert(failed, "%s went ahead on a heap with damaged bookkeeping", call);
    cr_assert_eq(errno, ENOTRECOVERABLE, "%s: errno %d, expected ENOTRECOVERABLE", call, errno);
    cr_assert_not_null(strstr(halloc_last_error(h), says), "%s: the message does not say \"%s\": %s", call, says,
                       halloc_last_error(h));
    /* Its end too: the message must fit the heap's buffer, not be cut off. */
    const char *said = halloc_last_error(h), *end = "the heap is broken";
    cr_assert(strlen(said) >= strlen(end) && strcmp(said + strlen(said) - strlen(end), end) == 0,
              "%s: the message is cut short: %s", call, said);
}

static void assert_check_says(hl_heap *h, const char *says)
{
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "halloc_check passed a heap with damaged bookkeeping");
    cr_assert_eq(rep.invariant, HALLOC_INV_HEAP_HEADER, "expected heap-header, got %s: %s",
                 halloc_invariant_name(rep.invariant), rep.message);
    if (says)
        cr_assert_not_null(strstr(rep.message, says), "the report does not say \"%s\": %s", says, rep.message);
}

/* Every call but check and destroy, on heap h with live block p. */
static void assert_every_call_refuses(hl_heap *h, void *p, const char *says)
{
    halloc_stats st;
    errno = 0;
    assert_refused(h, halloc_malloc(h, 100) == NULL, "malloc", says);
    errno = 0;
    assert_refused(h, halloc_calloc(h, 2, 50) == NULL, "calloc", says);
    errno = 0;
    assert_refused(h, halloc_aligned_alloc(h, 64, 100) == NULL, "aligned_alloc", says);
    errno = 0;
    assert_refused(h, halloc_realloc(h, p, 300) == NULL, "realloc", says);
    errno = 0;
    assert_refused(h, halloc_usable_size(h, p) == 0, "usable_size", says);
    errno = 0;
    assert_refused(h, halloc_free(h, p) == -1, "free", says);
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim", says);
    errno = 0;
    assert_refused(h, halloc_get_stats(h, &st) == -1, "get_stats", says);
    errno = 0;
    assert_refused(h, halloc_owns(h, p, 1) == 0, "owns", says);
}

/* An underflow from region 0's first block runs back over the cache lists
 * and free-list rows into the struct: the table pointer, region 0's first
 * chunk offset. Before the seal, the next malloc wrote through the zeroed
 * table pointer. */
Test(seals, an_underflow_over_the_heap_struct_is_refused_by_every_call)
{
    hl_heap *h = heap_of(64 * KIB, 0);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_books_open(h);
    char *from = (char *)&h->heads, *to = (char *)hl_region_first(h, &h->region0); /* up to its header */
    memset(from, 0, (size_t)(to - from));
    assert_every_call_refuses(h, p, "bookkeeping");
    assert_check_says(h, NULL);
    errno = 0;
    halloc_destroy(h); /* region 0's size is not trusted: left mapped */
    cr_assert_eq(errno, ENOTRECOVERABLE);
}

/* The table pointer changed to a copy of the table elsewhere: every check of
 * the table itself passes (a mapped table of all levels), only the seal
 * tells. No call may write into the copy. */
Test(seals, a_table_pointer_changed_to_a_copy_is_never_written_through)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    size_t bytes = hl_table_mapping();
    void *copy = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(copy, MAP_FAILED);
    hl_books_open(h);
    memcpy(copy, h->heads, bytes);
    void *snapshot = malloc(bytes);
    cr_assert_not_null(snapshot);
    memcpy(snapshot, copy, bytes);
    void *table = h->heads;
    h->heads = copy;
    assert_every_call_refuses(h, in1, "bookkeeping");
    cr_assert_eq(memcmp(copy, snapshot, bytes), 0, "a call wrote into the memory the damaged pointer names");
    assert_check_says(h, "seal");
    errno = 0;
    halloc_destroy(h);
    cr_assert_eq(errno, ENOTRECOVERABLE);
    ((volatile char *)copy)[bytes - 1] = 1; /* still mapped: destroy did not unmap what it named */
    munmap(copy, bytes);
    munmap(table, bytes);
    free(snapshot);
}

static int count_chunk(const halloc_chunk_info *c, void *ctx)
{
    (void)c;
    ++*(size_t *)ctx;
    return 0;
}

/* Region 1's next link sent to an unmapped page: a walk of the heap
 * follows it to region 2, and a lookup of a block in region 1 checks its
 * header. Before the seal they read the page and crashed. */
Test(seals, a_damaged_region_link_is_not_followed)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_region *r1 = h->region0.next;
    hl_books_open(h);
    r1->next = (hl_region *)(uintptr_t)0x1000;
    errno = 0;
    assert_refused(h, halloc_free(h, in1) == -1, "free of a block in region 1", "header of the region");
    cr_assert_eq(halloc_owns(h, in1, 1), 0);
    cr_assert_eq(errno, ENOTRECOVERABLE, "owns: errno %d", errno);
    cr_assert_eq(halloc_walk(h, count_chunk, &(size_t){0}), -1);
    cr_assert_eq(errno, ENOTRECOVERABLE, "walk: errno %d", errno);
    errno = 0;
    halloc_stats st;
    assert_refused(h, halloc_get_stats(h, &st) == -1, "get_stats", "header of the region");
    assert_check_says(h, NULL);
}

/* Region 2's back link sent to an unmapped page: a lookup starts at the
 * last region (hl_region_past0), so one of a block in region 1 walks past
 * region 2 and must not follow the link. */
Test(seals, a_damaged_back_link_is_not_followed)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->last->prev = (hl_region *)(uintptr_t)0x1000;
    errno = 0;
    assert_refused(h, halloc_free(h, in1) == -1, "free of a block in region 1", "header of the region");
    cr_assert_eq(halloc_owns(h, in1, 1), 0);
    cr_assert_eq(errno, ENOTRECOVERABLE, "owns: errno %d", errno);
    assert_check_says(h, NULL);
}

/* The heap's last-region pointer, where that lookup starts, is covered by
 * the heap's seal: sent to region 0's own header it would skip every region
 * past 0. Every call refuses. */
Test(seals, a_changed_last_region_is_refused_by_every_call)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->last = h->region0.next;
    assert_every_call_refuses(h, in2, "bookkeeping");
}

/* Region 1's size shrunk to another plausible size (a whole number of
 * pages, its fence still mapped): every other check of the region header
 * passes; the seal does not. Before it, free went ahead within the wrong
 * bounds. */
Test(seals, a_changed_region_size_is_caught_by_the_seal)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_region *r1 = h->region0.next;
    hl_books_open(h);
    r1->size -= hl_os_page();
    assert_check_says(h, "seal");
    errno = 0;
    assert_refused(h, halloc_free(h, in1) == -1, "free of a block in region 1", "header of the region");
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim", "header of the region");
}

/* A region header is resealed after every legitimate change: growth, trim
 * and unlinking keep a heap the checker passes, seals included. */
Test(seals, growth_and_trim_keep_every_seal)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    void *in3 = halloc_malloc(h, 700 * KIB);
    cr_assert_not_null(in3);
    cr_assert_eq(stats_of(h).regions, 4);
    cr_assert_eq(halloc_free(h, in2), 0); /* region 2 is unlinked between 1 and 3 */
    cr_assert_eq(stats_of(h).regions, 3);
    cr_assert_eq(halloc_check(h, NULL), 0, "%s", halloc_last_error(h));
    cr_assert_eq(halloc_free(h, in3), 0); /* the last region: the heap's last pointer moves */
    cr_assert_eq(halloc_free(h, in1), 0);
    cr_assert_eq(stats_of(h).regions, 1);
    cr_assert_eq(halloc_check(h, NULL), 0, "%s", halloc_last_error(h));
    cr_assert_not_null(halloc_malloc(h, 200 * KIB), "grows again: %s", halloc_last_error(h));
    cr_assert_eq(halloc_check(h, NULL), 0);
    halloc_destroy(h);
}

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

/* Region 1's header damaged by `damage`: a lookup past region 0 walks back
 * from the last region (hl_region_past0, since 81dd091), so frees of blocks
 * in regions 3 and 2 never pass region 1 and go ahead, and so does one in
 * region 0 (tested inline); a free in region 1, or of a pointer in no region
 * (the walk passes region 1), is refused. halloc_check reports the damage at
 * once. Before 81dd091 the walk went forward from region 1: every free past
 * region 0 was refused. */
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
    assert_refused(h, halloc_free(h, in[1]) == -1, "free of a block in region 1", "header of the region");
    long outside;
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", "header of the region");
    cr_assert_eq(halloc_free(h, in[0]), 0, "free in region 0: %s", halloc_last_error(h));
    assert_check_says(h, NULL);
}

static void damage_next_link(hl_region *r1) { r1->next = (hl_region *)(uintptr_t)0x1000; }
static void damage_size(hl_region *r1) { r1->size -= hl_os_page(); }

Test(seals, a_damaged_next_link_refuses_only_lookups_past_it)
{
    assert_only_lookups_past_region1_refused(damage_next_link);
}

Test(seals, a_damaged_region_size_refuses_only_lookups_past_it)
{
    assert_only_lookups_past_region1_refused(damage_size);
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
    assert_refused(h, halloc_free(h, in2) == -1, "free emptying region 2", "header of the region");
    assert_names_region(h, r1);
    hl_books_open(h);
    cr_assert_eq(memcmp(r1, &before, sizeof before), 0, "the refused free wrote into region 1's header");
    cr_assert_eq(h->last, r2, "region 2 was unlinked");
    cr_assert_eq(h->stats.regions, 3);
    cr_assert_gt(halloc_usable_size(h, in2), 0, "the refused free's block is no longer live: %s",
                 halloc_last_error(h));
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim", "header of the region");
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
                   "header of the region");
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
    assert_refused(h, halloc_free(h, in2) == -1, "free emptying region 2", "bookkeeping");
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
    assert_refused(h, halloc_free(h, big) == -1, "free flushing the cache into region 1", "bookkeeping");
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
    assert_refused(h, halloc_free(h, in[2]) == -1, "free emptying region 2", "header of the region");
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
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", "header of the region");
    assert_names_region(h, r2);
    hl_books_open(h);
    r2->size += hl_os_page();
    h->next_index += 1; /* only region 0's keyed seal covers it */
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", "bookkeeping");
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
    assert_refused(h, halloc_free(h, in[2]) == -1, "free in region 2", "bookkeeping");
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
                       "header of the region");
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
    assert_refused(h, halloc_free(h, in[3]) == -1, "free emptying region 3", "bookkeeping");
    hl_books_open(h);
    cr_assert_eq(h->stats.regions, 4, "a region was unmapped");
    cr_assert_gt(halloc_usable_size(h, in[3]), 0, "%s", halloc_last_error(h));
    assert_check_says(h, NULL);
}

/* A 64 KiB heap whose first block is region 0's first chunk; opens the
 * books and returns that chunk. */
static unsigned char *first_block_heap(hl_heap **hp, void **p, int cache_depth)
{
    halloc_config c = fixed_config(64 * KIB);
    c.cache_depth = cache_depth;
    *hp = heap_from(c);
    *p = halloc_malloc(*hp, 100);
    hl_books_open(*hp);
    unsigned char *first = (unsigned char *)hl_region_first(*hp, &(*hp)->region0);
    cr_assert_eq(*p, first + HL_HEADER, "the first block should be region 0's first chunk");
    return first;
}

static void assert_check_finds(hl_heap *h, halloc_invariant expected)
{
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "halloc_check passed a damaged heap");
    cr_assert_eq(rep.invariant, expected, "expected %s, got %s: %s", halloc_invariant_name(expected),
                 halloc_invariant_name(rep.invariant), rep.message);
    hl_books_open(h);
}

/* An underflow of 9 to 16 bytes before region 0's first chunk (25 to 32
 * before its first block) lands, without a cache, in the head of free list
 * (last level, 14): sizes of 60 to 62 KiB, empty in this heap, its bitmap bit
 * clear. halloc_check reports it (bitmap). Freeing a chunk of that class
 * wrote the new head's address through the damaged one (SIGSEGV here); now
 * an empty list's head is never written through, the damaged value stays as
 * the chunk's next link, and taking the chunk is refused. */
Test(seals, an_underflow_into_an_empty_list_head_is_never_written_through)
{
    hl_heap *h;
    void *p;
    unsigned char *first = first_block_heap(&h, &p, 0);
    unsigned fl, sl;
    hl_size_class(60 * KIB + 128, &fl, &sl);
    cr_assert_eq(first - 16, (unsigned char *)&h->heads[fl][sl], "the head of (%u,%u) should be there", fl, sl);
    cr_assert_null(h->heads[fl][sl]);
    memset(first - 16, 0xA5, 8);
    assert_check_finds(h, HALLOC_INV_BITMAP);
    void *a = halloc_malloc(h, 60 * KIB + 100); /* a 60 KiB + 128 chunk: class (fl, sl) */
    cr_assert_not_null(a, "%s", halloc_last_error(h));
    cr_assert_not_null(halloc_malloc(h, stats_of(h).largest_free), "%s", halloc_last_error(h)); /* the rest */
    cr_assert_eq(halloc_free(h, a), 0, "%s", halloc_last_error(h));
    errno = 0;
    cr_assert_null(halloc_malloc(h, 60 * KIB), "a chunk listed after a damaged head was handed out");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d: %s", errno, halloc_last_error(h));
    cr_assert_not_null(strstr(halloc_last_error(h), "free list damaged"), "%s", halloc_last_error(h));
    hl_books_open(h);
    assert_check_finds(h, HALLOC_INV_LIST_LINKS);
}

/* With a cache, the same underflow lands in the last cache lists' counts
 * (and the padding after them, which nothing reads): halloc_check reports
 * them (cache-count); calls go on and never use them. */
Test(seals, an_underflow_into_the_cache_counts_is_reported_by_the_checker)
{
    hl_heap *h;
    void *p;
    unsigned char *first = first_block_heap(&h, &p, 8);
    memset(first - 16, 0xA5, 16);
    assert_check_finds(h, HALLOC_INV_CACHE_COUNT);
    void *q[4];
    for (int i = 0; i < 4; i++)
        cr_assert_not_null(q[i] = halloc_malloc(h, 1000 - 16 * i), "%s", halloc_last_error(h));
    for (int i = 0; i < 4; i++)
        cr_assert_eq(halloc_free(h, q[i]), 0, "%s", halloc_last_error(h));
    cr_assert_eq(halloc_free(h, p), 0, "%s", halloc_last_error(h));
    hl_books_open(h);
    for (int i = 1; i <= 16; i++)
        cr_assert_eq(first[-i], 0xA5, "a call rewrote byte -%d before the first chunk", i);
    assert_check_finds(h, HALLOC_INV_CACHE_COUNT);
}
