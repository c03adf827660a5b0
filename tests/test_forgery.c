/*
 * test_forgery.c - damage that an attacker (or a stray pointer) shapes to get
 * past the header checks, found by an audit of the hardening claims:
 *
 *   - a damaged header must never be sealed anew by a call that only meant to
 *     update its flags (the damage would pass every later check);
 *   - a header forged to validate (a copy of another header, its word
 *     adjusted to keep the check value) must not lead past its region;
 *   - a list head lost from the heap's own struct is damage, not "out of
 *     memory";
 *   - a report names the fence where the damage is, not "offset 0".
 *
 * Every write goes through internal.h's hl_peek / hl_poke, so the test runs
 * under ASan too. The debug library aborts at the first damaged call, so
 * tests/build.mk leaves this file out of its run (UNIT_CORRUPTING).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

static hl_chunk *chunk(const void *payload) { return hl_chunk_from_payload(payload); }

static size_t offset_in_region0(const hl_heap *h, const void *p) { return hl_region_offset(&h->region0, p); }

/* The check must fail naming `inv` at the chunk at `at`. */
static void assert_check_names(hl_heap *h, halloc_invariant inv, const void *at)
{
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "halloc_check passed a damaged heap");
    cr_assert_eq(rep.invariant, inv, "expected %s, got %s: %s", halloc_invariant_name(inv),
                 halloc_invariant_name(rep.invariant), rep.message);
    if (at)
        cr_assert_eq(rep.offset, offset_in_region0(h, at), "offset %zu: %s", rep.offset, rep.message);
}

/* A stray write (through a pointer to the freed block before it) marks live
 * block c free and clears its PREV_FREE flag. A shrinking realloc of a - whose
 * spare merges with that freed block - then updates c's PREV flags: it used to
 * seal the damaged word anew, so c became a live block that every check took
 * for free (free(c): "double free"; a later free could merge over it). */
Test(forgery, a_damaged_header_is_not_sealed_anew_by_a_flag_update)
{
    hl_heap *h = fixed_heap(64 * KIB);
    unsigned char *a = halloc_malloc(h, 200), *n = halloc_malloc(h, 100), *c = halloc_malloc(h, 100);
    cr_assert(a && n && c && halloc_malloc(h, 100));
    cr_assert_eq(halloc_free(h, n), 0);
    size_t word = hl_chunk_word(chunk(c));
    cr_assert(word & HL_FLAG_PREV_FREE, "c must follow the freed block");
    hl_poke(chunk(c), (word | HL_FLAG_FREE) & ~HL_FLAG_PREV_FREE);

    cr_assert_eq(halloc_realloc(h, a, 8), a, "the shrink itself trusts no damaged header");
    assert_check_names(h, HALLOC_INV_HEADER_CHECK, chunk(c));
    errno = 0;
    cr_assert_eq(halloc_free(h, c), -1);
    cr_assert_eq(errno, ENOTRECOVERABLE, "free of the damaged block: errno %d (%s)", errno, halloc_last_error(h));
    halloc_destroy(h);
}

/* The check value mixes word ^ secret ^ rotated address, so a header copied
 * to another address validates once its word is xor-ed with the two rotated
 * addresses - no secret needed. The word is then garbage whose size reaches
 * far past the region: free used to follow it to the "next header" and crash. */
static uint64_t rotated(const void *p)
{
    uint64_t a = (uint64_t)(uintptr_t)p;
    return a << 32 | a >> 32;
}

Test(forgery, a_forged_header_whose_size_leaves_the_region_is_refused)
{
    hl_heap *h = fixed_heap(64 * KIB);
    unsigned char *a = halloc_malloc(h, 100), *b = halloc_malloc(h, 100);
    cr_assert(a && b && halloc_malloc(h, 100));
    size_t forged = hl_chunk_word(chunk(a)) ^ rotated(chunk(a)) ^ rotated(chunk(b));
    hl_poke(chunk(b), forged);
    hl_poke((char *)chunk(b) + HL_OFF_CHECK, hl_chunk_check_word(chunk(a)));
    cr_assert(hl_chunk_is_valid(h, chunk(b)), "the forgery's premise: the copied check value validates");
    cr_assert_gt(hl_word_size(forged), h->region0.size, "the forged size must lead past the region");

    errno = 0;
    cr_assert_eq(halloc_usable_size(h, b), 0);
    cr_assert_eq(errno, ENOTRECOVERABLE, "usable_size: errno %d", errno);
    errno = 0;
    cr_assert_null(halloc_realloc(h, b, 300));
    cr_assert_eq(errno, ENOTRECOVERABLE, "realloc: errno %d", errno);
    errno = 0;
    cr_assert_eq(halloc_free(h, b), -1);
    cr_assert_eq(errno, ENOTRECOVERABLE, "free: errno %d", errno);
    cr_assert(strstr(halloc_last_error(h), "header check failed"), "%s", halloc_last_error(h));
    halloc_destroy(h);
}

/* The list heads sit in the heap's struct, just before region 0's first
 * chunk: an underflow from the first block reaches them. A head zeroed while
 * its bitmap bit stays set used to make malloc report ENOMEM on a heap that
 * was nearly all free. */
Test(forgery, a_lost_list_head_is_damage_not_out_of_memory)
{
    hl_heap *h = fixed_heap(64 * KIB);
    unsigned char *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_chunk *top = hl_chunk_at(chunk(p), hl_chunk_size(chunk(p)));
    cr_assert(hl_chunk_is_free(top));
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(top), &fl, &sl);
    hl_books_open(h);
    cr_assert_eq(h->heads[fl][sl], top);
    h->heads[fl][sl] = NULL;

    errno = 0;
    cr_assert_null(halloc_malloc(h, 1000));
    cr_assert_eq(errno, ENOTRECOVERABLE, "malloc on a heap whose only free chunk lost its list head: errno %d (%s)",
                 errno, halloc_last_error(h));
    assert_check_names(h, HALLOC_INV_BITMAP, NULL);
    hl_books_open(h);
    h->heads[fl][sl] = top;
    cr_assert_eq(halloc_check(h, NULL), 0, "only the head was damaged");
    halloc_destroy(h);
}

/* A block that ends at the fence overflows into it: the report must name the
 * fence's offset (the region lookup for messages covered chunks only, so it
 * said region 0 offset 0). */
Test(forgery, damage_to_the_fence_is_located_at_the_fence)
{
    hl_heap *h = fixed_heap(64 * KIB);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    unsigned char *last = halloc_malloc(h, st.largest_free);
    cr_assert_not_null(last);
    hl_chunk *fence = hl_region_fence(&h->region0);
    cr_assert_eq(hl_chunk_at(chunk(last), hl_chunk_size(chunk(last))), fence, "the block must end at the fence");
    hl_poke((char *)fence + HL_OFF_CHECK, hl_chunk_check_word(fence) ^ 1);

    errno = 0;
    cr_assert_eq(halloc_free(h, last), -1);
    cr_assert_eq(errno, ENOTRECOVERABLE);
    char where[64];
    snprintf(where, sizeof where, "region 0 offset %zu:", offset_in_region0(h, fence));
    cr_assert(strstr(halloc_last_error(h), where), "no '%s' in: %s", where, halloc_last_error(h));
    halloc_destroy(h);
}

/* A list head overwritten with an address in no region: the report names
 * that address, not "region 0 offset 0" as it did (no region spans it). */
Test(forgery, a_list_link_outside_the_heap_is_located_by_its_address)
{
    static _Alignas(16) unsigned char elsewhere[256];
    hl_heap *h = fixed_heap(64 * KIB);
    unsigned char *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_chunk *top = hl_chunk_at(chunk(p), hl_chunk_size(chunk(p)));
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(top), &fl, &sl);
    hl_books_open(h);
    h->heads[fl][sl] = (hl_chunk *)(void *)elsewhere;

    errno = 0;
    cr_assert_null(halloc_malloc(h, 1000));
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d (%s)", errno, halloc_last_error(h));
    char where[64];
    snprintf(where, sizeof where, "near %p, outside every region:", (void *)elsewhere);
    cr_assert(strstr(halloc_last_error(h), where), "no '%s' in: %s", where, halloc_last_error(h));
    hl_books_open(h);
    h->heads[fl][sl] = top;
    halloc_destroy(h);
}

/* Every bit of a header word is covered by its check value, so a stray write
 * flipping any one of them - a flag or a size bit - is caught. The FREE flag
 * matters most: a check value blind to it would let a live block marked free
 * pass for freed, and its free report a double free instead of the damage.
 * (The check value forces its own bit 0 to 1; hl_check_value in chunk.h says
 * why that costs no bit of the word.) */
Test(forgery, every_bit_of_a_header_word_is_covered_by_its_check_value)
{
    hl_heap *h = fixed_heap(64 * KIB);
    unsigned char *p[3] = { halloc_malloc(h, 16), halloc_malloc(h, 100), halloc_malloc(h, 1000) };
    for (int i = 0; i < 3; i++) {
        cr_assert_not_null(p[i]);
        hl_chunk *c = chunk(p[i]);
        uint64_t word = hl_peek(c), check = hl_chunk_check_word(c);
        for (unsigned bit = 0; bit < 64; bit++)
            cr_assert_neq(hl_check_value(h, c, word ^ ((uint64_t)1 << bit)), check,
                          "block %d: flipping bit %u of its word keeps the check value", i, bit);
    }
    hl_poke(chunk(p[1]), hl_peek(chunk(p[1])) | HL_FLAG_FREE);
    errno = 0;
    cr_assert_eq(halloc_free(h, p[1]), -1);
    cr_assert_eq(errno, ENOTRECOVERABLE, "free of a live block marked free: errno %d (%s)", errno,
                 halloc_last_error(h));
    halloc_destroy(h);
}

/* The check value's last step is a multiply, which carries a change of the
 * top bit through unchanged: bit 63 of a header's word, PREV_MIN, flipped
 * with bit 63 of its check value validates without the secret. The flag then
 * lies about the free chunk before: set, it says "32 bytes, no footer" in
 * front of a bigger one; cleared, it sends the footer read into a minimum
 * chunk's links. Either way the chunk met there is no valid header of that
 * size, so free refuses rather than merging, and the checker names it. */
static void flip_prev_min_and_its_check_bit(hl_chunk *c)
{
    const uint64_t top = (uint64_t)1 << 63;
    hl_poke(c, hl_peek(c) ^ top);
    hl_poke((char *)c + HL_OFF_CHECK, hl_chunk_check_word(c) ^ top);
}

Test(forgery, prev_min_flipped_with_its_check_bit_is_refused_by_the_merge)
{
    for (size_t before = 16; before <= 100; before += 84) { /* a 32-byte free chunk, then a bigger one */
        hl_heap *h = fixed_heap(64 * KIB);
        unsigned char *a = halloc_malloc(h, before), *c = halloc_malloc(h, 100);
        cr_assert(a && c && halloc_malloc(h, 100));
        cr_assert_eq(halloc_free(h, a), 0);
        cr_assert_eq(!!(hl_chunk_word(chunk(c)) & HL_FLAG_PREV_MIN), before == 16, "the premise: PREV_MIN as built");
        flip_prev_min_and_its_check_bit(chunk(c));
        cr_assert(hl_chunk_is_valid(h, chunk(c)), "the premise: the top bit passes through the check value");

        assert_check_names(h, HALLOC_INV_PREV_FREE, chunk(c));
        errno = 0;
        cr_assert_eq(halloc_free(h, c), -1, "a free after %zu bytes freed merged past a forged PREV_MIN", before);
        cr_assert_eq(errno, ENOTRECOVERABLE, "free: errno %d (%s)", errno, halloc_last_error(h));
        halloc_destroy(h);
    }
}

/* A cache map set on a heap created without a cache (a stray write into the
 * heap struct's maps, which change on every call and are not sealed) is
 * damage: the free of the last live block, which flushes the cache, reports
 * it rather than going on. A free skips the cache's tests when the heap has
 * no cache; this one it must keep. */
Test(forgery, a_cache_map_without_a_cache_is_reported_by_the_last_free)
{
    hl_heap *h = fixed_heap(64 * KIB);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_books_open(h);
    cr_assert_null(h->cache, "the heap should have been created without a cache");
    h->cache_map = 1;
    errno = 0;
    cr_assert_eq(halloc_free(h, p), -1, "the free went ahead with a cache map but no cache");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d (%s)", errno, halloc_last_error(h));
    halloc_destroy(h);
}

/* What halloc_get_stats reads besides the sealed fields - the top list's
 * head, the bitmaps, the cache map, the counters - is damaged one at a time:
 * it must refuse, not give a wrong figure (a lost head gave largest_free 0, a
 * map without a cache a largest_free of nothing, counters past mapped an
 * overhead near SIZE_MAX), yet fill the fields the damage does not hide
 * (halloc.h): the counts, with largest_free 0, when a list or the cache map
 * is damaged; nothing, every field 0, when the counters are. Each is put
 * back after, and the same call succeeds: the damage, nothing else, made it
 * refuse. halloc_dump prints what was read and why the rest is 0. */
static void lose_top_head(hl_heap *h, hl_chunk **saved)
{
    unsigned fl = 63u - (unsigned)__builtin_clzll(h->fl_bitmap);
    unsigned sl = 31u - (unsigned)__builtin_clz(h->sl_bitmap[fl]);
    hl_chunk *old = h->heads[fl][sl];
    h->heads[fl][sl] = *saved;
    *saved = old;
}
static void map_missing_cache(hl_heap *h, hl_chunk **unused) { (void)unused; h->cache_map ^= 1; }
static void count_past_mapped(hl_heap *h, hl_chunk **unused) { (void)unused; h->stats.bytes_free ^= h->mapped; }

static void assert_dump_says(hl_heap *h, const char *says)
{
    char *text = dump_to_string(h, NULL);
    cr_assert_not_null(strstr(text, says), "the dump does not say \"%s\":\n%s", says, text);
    cr_assert_not_null(strstr(text, "figures it could not read are 0: halloc: get_stats:"), "%s", text);
    free(text);
}

Test(forgery, get_stats_refuses_damage_it_would_read_as_figures_and_fills_the_rest)
{
    static void (*const damage[])(hl_heap *, hl_chunk **) = { lose_top_head, map_missing_cache, count_past_mapped };
    static const char *const what[] = { "the top list's head", "a cache map without a cache", "the counters" };
    hl_heap *h = fixed_heap(64 * KIB);
    cr_assert_not_null(halloc_malloc(h, 100));
    halloc_stats sound = stats_of(h), zero;
    memset(&zero, 0, sizeof zero);
    for (size_t i = 0; i < sizeof damage / sizeof *damage; i++) {
        hl_chunk *saved = NULL;
        halloc_stats st, want = sound;
        want.largest_free = 0;
        if (damage[i] == count_past_mapped)
            want = zero;
        memset(&st, 0xab, sizeof st);
        hl_books_open(h);
        damage[i](h, &saved);
        errno = 0;
        cr_assert_eq(halloc_get_stats(h, &st), -1, "%s damaged: largest_free %zu, overhead %zu", what[i],
                     st.largest_free, st.overhead);
        cr_assert_eq(errno, ENOTRECOVERABLE, "%s damaged: errno %d", what[i], errno);
        cr_assert(strstr(halloc_last_error(h), "get_stats"), "%s: %s", what[i], halloc_last_error(h));
        cr_assert_eq(memcmp(&st, &want, sizeof st), 0,
                     "%s damaged: in use %zu (want %zu), chunks used %zu (want %zu), largest_free %zu, mapped %zu "
                     "(want %zu)",
                     what[i], st.bytes_in_use, want.bytes_in_use, st.chunks_used, want.chunks_used, st.largest_free,
                     st.mapped, want.mapped);
        char in_use[64];
        snprintf(in_use, sizeof in_use, "in use %zu in %zu chunk%s", want.bytes_in_use, want.chunks_used,
                 want.chunks_used == 1 ? "" : "s");
        assert_dump_says(h, in_use);
        hl_books_open(h);
        damage[i](h, &saved);
        cr_assert_eq(halloc_get_stats(h, &st), 0, "%s put back: %s", what[i], halloc_last_error(h));
        cr_assert_eq(memcmp(&st, &sound, sizeof st), 0, "%s put back: other figures", what[i]);
    }
    halloc_destroy(h);
}

/* A second-level map has HL_SL_COUNT classes in a 32-bit word: a stray write
 * that sets a bit above them made malloc and get_stats take the list of a
 * class the row does not have, reading past the head table for the last row.
 * Both must refuse such a map as damage, and the check name the bitmap. */
Test(forgery, a_second_level_bit_above_the_classes_is_damage_not_a_list)
{
    hl_heap *h = fixed_heap(64 * KIB);
    cr_assert_not_null(halloc_malloc(h, 56 * KIB)); /* the top left is small: the last row is empty */
    hl_books_open(h);
    unsigned last = h->fl_count - 1;
    cr_assert_eq(h->sl_bitmap[last], 0, "the last row should be empty");
    h->sl_bitmap[last] = UINT32_C(1) << 31;
    h->fl_bitmap |= UINT64_C(1) << last;

    halloc_stats st;
    errno = 0;
    cr_assert_eq(halloc_get_stats(h, &st), -1, "get_stats read a class above the row's");
    cr_assert_eq(errno, ENOTRECOVERABLE, "get_stats: errno %d (%s)", errno, halloc_last_error(h));
    errno = 0;
    cr_assert_null(halloc_malloc(h, 7 * KIB), "malloc took a list from a class above the row's");
    cr_assert_eq(errno, ENOTRECOVERABLE, "malloc: errno %d (%s)", errno, halloc_last_error(h));
    assert_check_names(h, HALLOC_INV_BITMAP, NULL);
    hl_books_open(h);
    h->sl_bitmap[last] = 0;
    h->fl_bitmap &= ~(UINT64_C(1) << last);
    cr_assert_eq(halloc_check(h, NULL), 0, "only the bitmaps were damaged");
    cr_assert_not_null(halloc_malloc(h, 1000), "the mended heap should serve a request that fits its top");
    halloc_destroy(h);
}
