/*
 * test_list_heads.c - a damaged head of a non-empty free list is never
 * written through. List heads are not sealed (allocator/seal.h): an
 * underflow from region 0's first block reaches the last row of the table,
 * and a stray write may hit any head. Inserting a chunk into a list wrote
 * its address through the old head's prev link: into a live block, outside
 * the heap, or at a misaligned address. Now the head is checked as a chunk
 * first (allocator/bins.h, hl_bin_head_sound), by every call that lists a
 * chunk (free, a malloc's split, realloc in place): a head that is not a
 * free chunk without a prev link is left as the new chunk's next link,
 * which the malloc that would take that chunk refuses (ENOTRECOVERABLE,
 * nothing changed), and halloc_check reports at once. (test_seals.c has the
 * head of an empty list.)
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
#include "internal.h"

/* Memory in no region of any heap, for a head damaged to point there. */
static _Alignas(16) unsigned char outside[64];

/* A growing heap of two regions: in region 0 the freed block a heads its
 * list; b, a block of a's size, is still live, and so are live0 (region 0)
 * and live1 (region 1), filled with zeros - a free chunk's empty prev link. */
typedef struct layout {
    hl_heap *h;
    void *a, *b, *live0, *live1;
    unsigned fl, sl; /* the list a is in, b goes to */
} layout;

static void layout_make(layout *l)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.thread_safe = 0;
    cr_assert_not_null(l->h = halloc_create_ex(&c));
    void *keep[3];
    cr_assert_not_null(l->a = halloc_malloc(l->h, 200));
    cr_assert_not_null(keep[0] = halloc_malloc(l->h, 100)); /* apart from a's and b's neighbours */
    cr_assert_not_null(l->b = halloc_malloc(l->h, 200));
    cr_assert_not_null(keep[1] = halloc_malloc(l->h, 100));
    cr_assert_not_null(l->live0 = halloc_malloc(l->h, 200));
    cr_assert_not_null(keep[2] = halloc_malloc(l->h, 100));
    cr_assert_not_null(l->live1 = halloc_malloc(l->h, 100 * KIB));
    memset(l->live0, 0, 200);
    memset(l->live1, 0, 256);
    cr_assert_eq(halloc_free(l->h, l->a), 0, "%s", halloc_last_error(l->h));
    hl_books_open(l->h);
    cr_assert_eq(l->h->stats.regions, 2, "live1 should be in region 1");
    cr_assert_eq(hl_region_of(l->h, l->live1), l->h->last);
    hl_size_class(hl_chunk_size(hl_chunk_from_payload(l->a)), &l->fl, &l->sl);
    cr_assert_eq(l->h->heads[l->fl][l->sl], hl_chunk_from_payload(l->a), "a should head its list");
    cr_assert_eq(halloc_check(l->h, NULL), 0);
    hl_books_open(l->h);
}

/* The bookkeeping a refused call must leave as it was. */
typedef struct books {
    hl_counters stats;
    uint64_t fl_bitmap;
    uint32_t sl_bitmap[HL_FL_COUNT];
    hl_chunk *head;
} books;

static books books_of(const layout *l)
{
    books b;
    memset(&b, 0, sizeof b); /* padding too: compared with memcmp */
    b.stats = l->h->stats;
    b.fl_bitmap = l->h->fl_bitmap;
    memcpy(b.sl_bitmap, l->h->sl_bitmap, sizeof b.sl_bitmap);
    b.head = l->h->heads[l->fl][l->sl];
    return b;
}

/* The 8 words at `at`, read as the allocator does (a chunk header is closed
 * to ASan and memcheck between calls). */
static void words_at(const unsigned char *at, uint64_t out[8])
{
    for (int i = 0; i < 8; i++)
        out[i] = hl_peek(at + 8 * i);
}

static void assert_words_same(const unsigned char *at, const uint64_t before[8], const char *call)
{
    uint64_t now[8];
    words_at(at, now);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(now[i], before[i], "%s wrote through the damaged head %p: word %d is %#llx, was %#llx", call,
                     (const void *)at, i, (unsigned long long)now[i], (unsigned long long)before[i]);
}

/* A malloc is refused, changing nothing, because the chunk it would take
 * was listed after the damaged head at `at` (its next link). */
static void assert_take_refused(layout *l, size_t size, const unsigned char *at, const uint64_t before[8])
{
    hl_books_open(l->h);
    books kept = books_of(l);
    errno = 0;
    cr_assert_null(halloc_malloc(l->h, size), "a chunk listed after a damaged head was handed out");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d: %s", errno, halloc_last_error(l->h));
    cr_assert_not_null(strstr(halloc_last_error(l->h), "free list damaged"), "%s", halloc_last_error(l->h));
    assert_words_same(at, before, "malloc");
    hl_books_open(l->h);
    books now = books_of(l);
    cr_assert(memcmp(&kept, &now, sizeof kept) == 0, "the refused malloc changed the lists or counters");
}

/* Points the head of a's list at `at`, frees b into that list and takes a
 * block of b's size again. Before: free wrote b's address at at + 24 (in
 * every case here: into memory outside the heap, or a live block). Now no
 * byte there changes, the malloc is refused without changing anything, and
 * halloc_check names the fault. */
static void assert_head_not_written_through(layout *l, unsigned char *at, halloc_invariant says)
{
    uint64_t before[8];
    words_at(at, before);
    l->h->heads[l->fl][l->sl] = (hl_chunk *)(void *)at;
    cr_assert_eq(halloc_free(l->h, l->b), 0, "%s", halloc_last_error(l->h));
    assert_words_same(at, before, "freeing b");
    assert_take_refused(l, 200, at, before);
    halloc_report rep;
    cr_assert_eq(halloc_check(l->h, &rep), -1, "halloc_check passed a damaged list head");
    cr_assert_eq(rep.invariant, says, "expected %s, got %s: %s", halloc_invariant_name(says),
                 halloc_invariant_name(rep.invariant), rep.message);
}

Test(list_heads, a_head_pointing_outside_every_region_is_not_written_through)
{
    layout l;
    layout_make(&l);
    assert_head_not_written_through(&l, outside, HALLOC_INV_LIST_LINKS);
}

Test(list_heads, a_head_pointing_into_a_live_block_is_not_written_through)
{
    layout l;
    layout_make(&l);
    assert_head_not_written_through(&l, l.live0, HALLOC_INV_USED_IN_LIST);
}

Test(list_heads, a_misaligned_head_is_not_written_through)
{
    layout l;
    layout_make(&l);
    assert_head_not_written_through(&l, (unsigned char *)l.live0 + 8, HALLOC_INV_LIST_LINKS);
}

/* A region past 0 is looked up on another path (hl_region_holding_past0). */
Test(list_heads, a_head_pointing_into_a_live_block_of_region_1_is_not_written_through)
{
    layout l;
    layout_make(&l);
    assert_head_not_written_through(&l, l.live1, HALLOC_INV_USED_IN_LIST);
}

/* The real head's header, forged to say used: a used chunk. */
Test(list_heads, a_head_pointing_at_a_used_chunk_is_not_written_through)
{
    layout l;
    layout_make(&l);
    assert_head_not_written_through(&l, (unsigned char *)hl_chunk_from_payload(l.live0), HALLOC_INV_USED_IN_LIST);
}

/* The head of another list: a free chunk sound in every way but its class
 * (x, freed between two live blocks, heads the list of 320 bytes).
 * Inserting b wrote b's address into its prev link and listed it after b:
 * one chunk in two lists, and the malloc that took b went on with x's list
 * naming b as x's neighbour. Now the head's class is checked too
 * (hl_bin_head_sound). */
Test(list_heads, the_head_of_another_list_is_not_written_through)
{
    layout l;
    layout_make(&l);
    void *x, *guard;
    /* Both too big for a's chunk: one after the other from the same rest. */
    cr_assert_not_null(x = halloc_malloc(l.h, 300));
    cr_assert_not_null(guard = halloc_malloc(l.h, 300));
    cr_assert_eq(halloc_free(l.h, x), 0, "%s", halloc_last_error(l.h));
    hl_books_open(l.h);
    hl_chunk *other = hl_chunk_from_payload(x);
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(other), &fl, &sl);
    cr_assert(fl != l.fl || sl != l.sl, "x should be of another class than a");
    cr_assert_eq(l.h->heads[fl][sl], other, "x should head its own list");
    cr_assert_eq(halloc_check(l.h, NULL), 0);
    hl_books_open(l.h);
    assert_head_not_written_through(&l, (unsigned char *)other, HALLOC_INV_WRONG_LIST);
}

/* A sound head in a region whose header is damaged: b (region 0) goes to
 * the list a (region 1) heads, and region 1's size is damaged. A lookup
 * past region 0 walks back from the last region and stops at region 1's
 * header, so the insert takes a for unsound and leaves it as b's next link,
 * and the malloc that would take b is refused. It named the list ("free
 * list damaged near ..., outside every region"), which is sound; now it
 * names the region header, the fault, as halloc_check does. */
Test(list_heads, a_sound_head_behind_a_damaged_region_header_names_that_header)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.trim = HALLOC_TRIM_NEVER;
    c.thread_safe = 0;
    layout l = {.h = heap_from(c)};
    void *fill, *big, *k[2];
    cr_assert_not_null(l.b = halloc_malloc(l.h, 200));
    cr_assert_not_null(k[0] = halloc_malloc(l.h, 100));
    cr_assert_not_null(fill = halloc_malloc(l.h, stats_of(l.h).largest_free)); /* the rest of region 0 */
    cr_assert_not_null(l.a = halloc_malloc(l.h, 200));
    cr_assert_not_null(k[1] = halloc_malloc(l.h, 100));
    cr_assert_not_null(big = halloc_malloc(l.h, 300 * KIB));
    cr_assert_eq(chunk_of(l.h, l.b).region, 0);
    cr_assert_eq(chunk_of(l.h, l.a).region, 1);
    cr_assert_eq(chunk_of(l.h, big).region, 2);
    cr_assert_eq(halloc_free(l.h, l.a), 0, "%s", halloc_last_error(l.h));
    hl_books_open(l.h);
    hl_size_class(hl_chunk_size(hl_chunk_from_payload(l.a)), &l.fl, &l.sl);
    cr_assert_eq(l.h->heads[l.fl][l.sl], hl_chunk_from_payload(l.a), "a should head its list");
    hl_region *r1 = l.h->region0.next;
    cr_assert(r1 != l.h->last, "region 1 should not be the last region, which every call checks");
    r1->size -= hl_os_page();
    cr_assert_eq(halloc_free(l.h, l.b), 0, "%s", halloc_last_error(l.h));
    errno = 0;
    cr_assert_null(halloc_malloc(l.h, 200), "a chunk listed before a head the lookup could not place was handed out");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d: %s", errno, halloc_last_error(l.h));
    char names[64];
    snprintf(names, sizeof names, "header of the region at %p", (void *)r1);
    cr_assert_not_null(strstr(halloc_last_error(l.h), names), "the report does not name region 1's header: %s",
                       halloc_last_error(l.h));
    halloc_report rep;
    cr_assert_eq(halloc_check(l.h, &rep), -1, "halloc_check passed a damaged region header");
    cr_assert_eq(rep.invariant, HALLOC_INV_HEAP_HEADER, "%s: %s", halloc_invariant_name(rep.invariant), rep.message);
}

/* The rest of a split goes through the same insert: f, free and of the
 * request's own class, is taken for 40944 bytes (a 40960-byte chunk) and
 * leaves 1024, the size of a, whose list's head points into a live block. */
Test(list_heads, a_malloc_splitting_into_a_damaged_list_does_not_write_through)
{
    layout l = {.h = fixed_heap(256 * KIB)};
    void *k[2], *f;
    cr_assert_not_null(l.a = halloc_malloc(l.h, 1008));
    cr_assert_not_null(k[0] = halloc_malloc(l.h, 100));
    cr_assert_not_null(f = halloc_malloc(l.h, 41968));
    cr_assert_not_null(k[1] = halloc_malloc(l.h, 100));
    cr_assert_not_null(l.live0 = halloc_malloc(l.h, 200));
    memset(l.live0, 0, 200);
    cr_assert_eq(halloc_free(l.h, l.a), 0, "%s", halloc_last_error(l.h));
    cr_assert_eq(halloc_free(l.h, f), 0, "%s", halloc_last_error(l.h));
    hl_books_open(l.h);
    hl_size_class(1024, &l.fl, &l.sl);
    cr_assert_eq(l.h->heads[l.fl][l.sl], hl_chunk_from_payload(l.a), "a should head the list of 1024");
    cr_assert_eq(hl_chunk_size(hl_chunk_from_payload(f)), 41984, "f should be a 41984-byte chunk");
    unsigned char *at = l.live0;
    uint64_t before[8];
    words_at(at, before);
    l.h->heads[l.fl][l.sl] = (hl_chunk *)(void *)at;
    cr_assert_eq(halloc_malloc(l.h, 40944), f, "the malloc should split f: %s", halloc_last_error(l.h));
    assert_words_same(at, before, "the malloc splitting f");
    assert_take_refused(&l, 1008, at, before);
}

/* So does realloc shrinking in place: x (448 bytes) to 224, whose spare
 * 224 goes to a's list, whose head points outside every region. */
Test(list_heads, a_realloc_in_place_does_not_write_through_a_damaged_head)
{
    layout l = {.h = fixed_heap(64 * KIB)};
    void *x, *k[2];
    cr_assert_not_null(l.a = halloc_malloc(l.h, 200));
    cr_assert_not_null(k[0] = halloc_malloc(l.h, 100));
    cr_assert_not_null(x = halloc_malloc(l.h, 432));
    cr_assert_not_null(k[1] = halloc_malloc(l.h, 100));
    cr_assert_eq(halloc_free(l.h, l.a), 0, "%s", halloc_last_error(l.h));
    hl_books_open(l.h);
    hl_size_class(224, &l.fl, &l.sl);
    cr_assert_eq(l.h->heads[l.fl][l.sl], hl_chunk_from_payload(l.a));
    uint64_t before[8];
    words_at(outside, before);
    l.h->heads[l.fl][l.sl] = (hl_chunk *)(void *)outside;
    cr_assert_eq(halloc_realloc(l.h, x, 200), x, "%s", halloc_last_error(l.h));
    assert_words_same(outside, before, "realloc");
    hl_books_open(l.h);
    cr_assert_eq(l.h->heads[l.fl][l.sl], hl_chunk_at(hl_chunk_from_payload(x), 224), "x's spare should head the list");
    assert_take_refused(&l, 200, outside, before);
    halloc_report rep;
    cr_assert_eq(halloc_check(l.h, &rep), -1, "halloc_check passed a damaged list head");
    cr_assert_eq(rep.invariant, HALLOC_INV_LIST_LINKS, "%s", rep.message);
}

/* A chunk listed in a class its size is not of (a stray write into a list
 * can put it there) is refused by the malloc that would take it from that
 * list (hl_fit_ok, hl_in_class): a 1 KiB chunk in the list of `list_size`
 * chunks, taken by a malloc of `request` bytes, which looks there first. */
static void chunk_in_another_class_is_not_taken(size_t list_size, size_t request)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    c.thread_safe = 0;
    hl_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    void *a = halloc_malloc(h, 1000), *guard = halloc_malloc(h, 100); /* a merges with nothing */
    cr_assert(a && guard);
    cr_assert_eq(halloc_free(h, a), 0, "%s", halloc_last_error(h));
    hl_books_open(h);
    hl_chunk *ca = hl_chunk_from_payload(a);
    unsigned fl, sl, want_fl, want_sl;
    hl_size_class(list_size, &fl, &sl);
    hl_size_class(hl_chunk_size_for(request), &want_fl, &want_sl);
    cr_assert(fl == want_fl && sl == want_sl, "malloc(%zu) should look in the list of %zu", request, list_size);
    cr_assert_null(h->heads[fl][sl], "the list of %zu-byte chunks should be empty", list_size);
    hl_bin_remove(h, ca);
    hl_bin_insert_at(h, ca, fl, sl);
    errno = 0;
    cr_assert_null(halloc_malloc(h, request), "malloc took a 1 KiB chunk from the list of %zu", list_size);
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d: %s", errno, halloc_last_error(h));
    halloc_destroy(h);
}

Test(list_heads, a_chunk_in_a_small_class_list_is_not_taken)
{
    chunk_in_another_class_is_not_taken(80, 64);
}

Test(list_heads, a_chunk_in_a_lower_large_class_list_is_not_taken)
{
    chunk_in_another_class_is_not_taken(960, 944);
}

/* A chunk listed again while it heads its list (a stray write can make a
 * list name a chunk twice) is its own old head: written through, its back
 * link, cleared a moment before, would point at itself both ways, which the
 * link checks accept, and malloc would hand out a chunk still listed. The
 * insert leaves it a one-way loop (allocator/bins.h hl_bin_insert_sized),
 * which the malloc that would take it refuses. */
Test(list_heads, a_chunk_listed_again_while_it_heads_its_list_is_not_taken)
{
    layout l;
    layout_make(&l);
    hl_chunk *ca = hl_chunk_from_payload(l.a);
    hl_bin_insert_at(l.h, ca, l.fl, l.sl);
    cr_assert_null(hl_link_prev(ca), "a's back link should stay clear, not point at a itself");
    books kept = books_of(&l);
    errno = 0;
    cr_assert_null(halloc_malloc(l.h, 200), "malloc handed out a chunk that still heads its list");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d: %s", errno, halloc_last_error(l.h));
    hl_books_open(l.h);
    books now = books_of(&l);
    cr_assert(memcmp(&kept, &now, sizeof kept) == 0, "the refused malloc changed the lists or counters");
    halloc_report rep;
    cr_assert_eq(halloc_check(l.h, &rep), -1, "halloc_check passed a list that loops");
}
