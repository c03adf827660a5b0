/*
 * test_seal_layout.c - region 0's first chunk offset (first0) is checked on
 * entry to every call, with the heap's seal (allocator/seal.h): every lookup
 * bounds a pointer or a list link with it, so a first0 moved up by a stray
 * write moved region 0's window past its end, and a free of a pointer
 * beyond region 0 read there (a fault, where that memory is not mapped)
 * before any check said the heap was damaged. test_seals.c has the other
 * sealed fields, test_region_damage.c which calls a damaged region header
 * stops. Below, two sealed fields changed by the same bits: the seal folded
 * in fields rotated each by a constant, some by none, so such a pair could
 * cancel.
 *
 * Each test opens the books (hl_books_open) before it damages the heap, as a
 * stray write would not, so that it runs under ASan and memcheck too. The
 * debug library aborts at the first damaged call: tests/build.mk leaves this
 * file out of its run (UNIT_CORRUPTING).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "seal_fixture.h"

#define BUFFER_PAGES 16

static unsigned char *mapping;
static size_t page;

/* A buffer heap of BUFFER_PAGES pages between two PROT_NONE pages: a read
 * past its end faults. */
static hl_heap *guarded_heap(void)
{
    page = (size_t)sysconf(_SC_PAGESIZE);
    mapping = mmap(NULL, (BUFFER_PAGES + 2) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(mapping != MAP_FAILED);
    cr_assert_eq(mprotect(mapping, page, PROT_NONE), 0);
    cr_assert_eq(mprotect(mapping + (BUFFER_PAGES + 1) * page, page, PROT_NONE), 0);
    halloc_config c = halloc_default_config();
    c.thread_safe = 0;
    hl_heap *h = halloc_create_in_ex(mapping + page, BUFFER_PAGES * page, &c);
    cr_assert_not_null(h);
    cr_assert_eq((unsigned char *)h + h->region0.size, mapping + (BUFFER_PAGES + 1) * page,
                 "the heap should end at the guard page");
    return h;
}

/* first0 moved up a page: before the check, region 0's window reached a page
 * past its end, and this free read the guard page (SIGSEGV). */
Test(seal_layout, a_raised_first_chunk_offset_is_not_followed_past_region0)
{
    hl_heap *h = guarded_heap();
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    h->first0 += page;
    void *beyond = (unsigned char *)h + h->region0.size + 2 * HL_HEADER; /* in the guard page */
    errno = 0;
    assert_refused(h, halloc_free(h, beyond) == -1, "free of a pointer past region 0", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_usable_size(h, beyond) == 0, "usable_size of a pointer past region 0", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_realloc(h, beyond, 10) == NULL, "realloc of a pointer past region 0", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_owns(h, beyond, 1) == 0, "owns", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_free(h, p) == -1, "free of a live block", "bookkeeping");
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1);
    cr_assert_eq(rep.invariant, HALLOC_INV_HEAP_HEADER, "%s: %s", halloc_invariant_name(rep.invariant), rep.message);
    h->first0 -= page; /* repaired: the heap is as it was */
    cr_assert_eq(halloc_free(h, p), 0, "%s", halloc_last_error(h));
    cr_assert_eq(halloc_check(h, NULL), 0);
}

/* first0 moved down into the heap's struct: its window then takes in the
 * bookkeeping, which no call may take for chunks. */
Test(seal_layout, a_lowered_first_chunk_offset_is_refused_by_every_call)
{
    hl_heap *h = guarded_heap();
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_books_open(h);
    h->first0 -= 4 * HL_ALIGN;
    errno = 0;
    assert_refused(h, halloc_malloc(h, 10) == NULL, "malloc", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_free(h, p) == -1, "free", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_trim(h, NULL) == -1, "trim", "bookkeeping");
    halloc_stats st;
    errno = 0;
    assert_refused(h, halloc_get_stats(h, &st) == -1, "get_stats", "bookkeeping");
}

/* heads and first0 were both xored in unrotated: the same bits flipped in
 * both left the seal as it was, and every call went ahead. */
Test(seal_layout, two_fields_changed_by_the_same_bits_are_refused)
{
    hl_heap *h = guarded_heap();
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    hl_books_open(h);
    uintptr_t bits = 4 * HL_ALIGN;
    h->heads = (void *)((uintptr_t)h->heads ^ bits);
    h->first0 ^= bits;
    errno = 0;
    assert_refused(h, halloc_malloc(h, 10) == NULL, "malloc", "bookkeeping");
    errno = 0;
    assert_refused(h, halloc_free(h, p) == -1, "free", "bookkeeping");
}

/* Every pair of 64-bit fields in a seal, changed by the same pattern:
 * patterns repeating every bit, 2, 4 or 8 bits (both fields complemented, a
 * byte pattern) cancelled in the old seals for pairs rotated a multiple of
 * that apart. Each field is changed and put back in place; no call runs. */
static void assert_no_pair_cancels(hl_heap *h, uint64_t *fields[], size_t n, int (*intact)(hl_heap *), const char *seal)
{
    static const uint64_t patterns[] = {~UINT64_C(0), UINT64_C(0x5555555555555555), UINT64_C(0x1111111111111111),
                                        UINT64_C(0x0101010101010101), UINT64_C(0x00000010)};
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
                *fields[i] ^= patterns[k];
                *fields[j] ^= patterns[k];
                int passed = intact(h);
                *fields[i] ^= patterns[k];
                *fields[j] ^= patterns[k];
                cr_assert(!passed, "%s: fields %zu and %zu xored with %#llx kept the seal", seal, i, j,
                          (unsigned long long)patterns[k]);
            }
    cr_assert(intact(h), "%s: not intact after putting every field back", seal);
}

static int heap_intact(hl_heap *h) { return h->seal == hl_heap_seal(h); }
static int region0_intact(hl_heap *h) { return hl_region_intact(h, &h->region0); }

Test(seal_layout, no_two_sealed_fields_cancel)
{
    _Static_assert(sizeof(uintptr_t) == 8, "this test changes fields as 64-bit words");
    hl_heap *h = guarded_heap();
    hl_books_open(h);
    uint64_t *heap_fields[] = {(uint64_t *)&h->heads, (uint64_t *)&h->cache, (uint64_t *)&h->region0.size,
                               (uint64_t *)&h->last, (uint64_t *)&h->span0, (uint64_t *)&h->first0};
    assert_no_pair_cancels(h, heap_fields, sizeof heap_fields / sizeof heap_fields[0], heap_intact, "heap seal");
    uint64_t *region_fields[] = {(uint64_t *)&h->region0.size, (uint64_t *)&h->region0.next,
                                 (uint64_t *)&h->region0.prev, (uint64_t *)&h->region0.heap,
                                 (uint64_t *)&h->region0.index, (uint64_t *)&h->last,
                                 (uint64_t *)&h->next_index, (uint64_t *)&h->config.max_size};
    assert_no_pair_cancels(h, region_fields, sizeof region_fields / sizeof region_fields[0], region0_intact,
                           "region 0's seal");
    hl_books_close(h);
}

/* One bit of a sealed field flipped together with one bit of the seal: the
 * heap seal ended with first0 xored in, so first0's bit i changed the seal's
 * bit i alone and the pair passed, whatever the key; a region seal's last
 * 64-bit field (a region's index) passed with its top bit and the seal's,
 * which the chunk mix's multiply carries out unchanged. Every bit of every
 * field against every bit of the seal (the same bit first among them). */
typedef struct sealed_field {
    const char *name;
    void *at;
    size_t bytes;
} sealed_field;

typedef struct seal_under_test {
    const char *name;
    uint64_t *seal;
    int (*intact)(hl_heap *h, const hl_region *r);
    const hl_region *region;
} seal_under_test;

static void flip(void *at, size_t bit) { ((unsigned char *)at)[bit / 8] ^= (unsigned char)(1u << bit % 8); }

static void assert_no_bit_pair_passes(hl_heap *h, const seal_under_test *s, const sealed_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t fb = 0; fb < 8 * f[i].bytes; fb++)
            for (unsigned sb = 0; sb < 64; sb++) {
                flip(f[i].at, fb);
                *s->seal ^= UINT64_C(1) << sb;
                int passed = s->intact(h, s->region);
                *s->seal ^= UINT64_C(1) << sb;
                flip(f[i].at, fb);
                cr_assert(!passed, "%s: bit %zu of %s flipped with the seal's bit %u kept the seal", s->name, fb,
                          f[i].name, sb);
            }
    cr_assert(s->intact(h, s->region), "%s: not intact after putting every bit back", s->name);
}

#define FIELD(lvalue) {#lvalue, &(lvalue), sizeof(lvalue)}

static int heap_seal_matches(hl_heap *h, const hl_region *r) { return (void)r, h->seal == hl_heap_seal(h); }
static int region_seal_matches(hl_heap *h, const hl_region *r) { return hl_region_intact(h, r); }

Test(seal_layout, no_bit_of_a_sealed_field_passes_with_a_bit_of_the_seal)
{
    hl_heap *h = guarded_heap();
    hl_books_open(h);
    const sealed_field heap_fields[] = {FIELD(h->heads), FIELD(h->cache), FIELD(h->region0.size),
                                        FIELD(h->last),  FIELD(h->span0), FIELD(h->first0)};
    seal_under_test heap = {"heap seal", &h->seal, heap_seal_matches, NULL};
    assert_no_bit_pair_passes(h, &heap, heap_fields, sizeof heap_fields / sizeof heap_fields[0]);
    const sealed_field region0_fields[] = {
        FIELD(h->region0.size), FIELD(h->region0.next), FIELD(h->region0.prev),     FIELD(h->region0.heap),
        FIELD(h->region0.index), FIELD(h->last),        FIELD(h->next_index),       FIELD(h->fl_inline),
        FIELD(h->fl_count),     FIELD(h->config.max_size), FIELD(h->config.grow),   FIELD(h->config.trim),
        FIELD(h->config.thread_safe), FIELD(h->in_buffer)};
    seal_under_test region0 = {"region 0's seal", &h->region0.seal, region_seal_matches, &h->region0};
    assert_no_bit_pair_passes(h, &region0, region0_fields, sizeof region0_fields / sizeof region0_fields[0]);
    /* Any other region's seal: a copy of region 0's header elsewhere, which
     * its address makes a region past 0, sealed as one. */
    hl_region other = h->region0;
    other.index = 1;
    hl_region_reseal(h, &other);
    const sealed_field other_fields[] = {FIELD(other.size), FIELD(other.next), FIELD(other.prev), FIELD(other.heap),
                                         FIELD(other.index)};
    seal_under_test region1 = {"a later region's seal", &other.seal, region_seal_matches, &other};
    assert_no_bit_pair_passes(h, &region1, other_fields, sizeof other_fields / sizeof other_fields[0]);
    hl_books_close(h);
}
