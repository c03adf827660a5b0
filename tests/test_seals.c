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
 * right before region 0's first chunk. test_region_damage.c has which
 * lookups and unmappings a damaged region header stops.
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
#include "seal_fixture.h"

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
    assert_refused(h, halloc_free(h, in1) == -1, "free of a block in region 1", REGION_DAMAGE_SAYS);
    cr_assert_eq(halloc_owns(h, in1, 1), 0);
    cr_assert_eq(errno, ENOTRECOVERABLE, "owns: errno %d", errno);
    cr_assert_eq(halloc_walk(h, count_chunk, &(size_t){0}), -1);
    cr_assert_eq(errno, ENOTRECOVERABLE, "walk: errno %d", errno);
    errno = 0;
    halloc_stats st;
    assert_refused(h, halloc_get_stats(h, &st) == -1, "get_stats", REGION_DAMAGE_SAYS);
    assert_check_says(h, NULL);
}

/* Region 2's back link sent to an unmapped page. The region index
 * (allocator/regions.c) takes a lookup of a block in region 1 straight
 * there, past nothing (its free would empty region 1, whose unmapping
 * relinks region 2: refused, test_region_damage.c); a pointer in no region
 * is the walk's, which starts at the last region and must not follow the
 * link. */
Test(seals, a_damaged_back_link_is_not_followed)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->last->prev = (hl_region *)(uintptr_t)0x1000;
    long outside;
    errno = 0;
    assert_refused(h, halloc_free(h, &outside) == -1, "free of a pointer in no region", REGION_DAMAGE_SAYS);
    cr_assert_eq(halloc_owns(h, &outside, 1), 0);
    cr_assert_eq(errno, ENOTRECOVERABLE, "owns: errno %d", errno);
    cr_assert_eq(halloc_owns(h, in1, 1), 1, "%s", halloc_last_error(h));
    cr_assert_gt(halloc_usable_size(h, in1), 0, "a block in region 1: %s", halloc_last_error(h));
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

/* A call on a heap with a lock enters by another path than one on a heap
 * without (allocator/books.h, hl_nothing_to_leave): each checks the seal. */
Test(seals, a_heap_with_a_lock_refuses_a_damaged_seal_too)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.thread_safe = 1;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_books_open(h);
    h->span0++;
    assert_every_call_refuses(h, p, "bookkeeping");
}

/* The checker's report of a bad heap seal names every field the seal
 * covers, the last region included (a changed last region alone is caught
 * earlier, as not the list's end: the seal itself is changed here). */
Test(seals, the_heap_seal_report_names_every_sealed_field)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->seal ^= 1;
    assert_check_says(h, "last region");
}

/* The checker's report of a bad region seal names the fields that seal
 * covers: region 0's the heap's fields it folds in besides its own (the
 * buffer flag, the last of them), any other region's only its own. */
Test(seals, each_region_seal_report_names_its_sealed_fields)
{
    void *in1, *in2;
    hl_heap *h = grown_heap(&in1, &in2);
    hl_books_open(h);
    h->region0.seal ^= 1;
    assert_check_says(h, "region 0's size, links, heap pointer or index, or the heap's last region");
    assert_check_says(h, "buffer flag does not match its seal");
    h->region0.seal ^= 1;
    h->region0.next->seal ^= 1;
    assert_check_says(h, "region 1's size, links, heap pointer or index does not match its seal");
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
    assert_refused(h, halloc_free(h, in1) == -1, "free of a block in region 1", REGION_DAMAGE_SAYS);
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim", REGION_DAMAGE_SAYS);
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
