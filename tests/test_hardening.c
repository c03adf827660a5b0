/* test_hardening.c - a one-byte overflow into the next chunk's header.
 *
 * Plain build: the damage is found by the next free of either block and by
 * halloc_check, reported as ENOTRECOVERABLE, and the failing call changes no
 * byte of the heap (it lives in our buffer, so we compare every byte but the
 * heap's last-error message, which exists to describe the failure).
 * ASan build: the overflowing store itself is reported (the header is
 * poisoned), so the test is a death test. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h"

#define HEAP_BYTES (64 * 1024)

struct victim {
    unsigned char *buf;  /* the heap's whole buffer */
    unsigned char *copy; /* its bytes right after the overflow */
    halloc_heap *h;
    unsigned char *p, *q, *guard;
    size_t q_offset;     /* q's chunk offset, from a walk before the damage */
    size_t size;         /* what each of p, q, guard asked for */
};

/* p, q, guard in a row, each of `size` bytes; optionally q freed first. No
 * overflow yet. */
static void setup_sized(struct victim *v, int free_q, size_t size)
{
    v->buf = aligned_alloc(4096, HEAP_BYTES);
    v->copy = malloc(HEAP_BYTES);
    cr_assert(v->buf && v->copy);
    v->h = halloc_create_in(v->buf, HEAP_BYTES, 0);
    cr_assert_not_null(v->h);
    v->size = size;
    v->p = halloc_malloc(v->h, size);
    v->q = halloc_malloc(v->h, size);
    v->guard = halloc_malloc(v->h, size);
    cr_assert(v->p && v->q && v->guard);
    chunk_list list;
    cr_assert_eq(collect_chunks(v->h, &list), 0);
    const halloc_chunk_info *c = find_chunk(&list, v->q);
    cr_assert_not_null(c);
    v->q_offset = c->offset;
    chunk_list_free(&list);
    if (free_q)
        cr_assert_eq(halloc_free(v->h, v->q), 0);
    assert_heap_ok(v->h);
}

static void setup(struct victim *v, int free_q)
{
    setup_sized(v, free_q, 100);
}

/* Flips the first byte past p's usable size: the start of q's header. */
static void overflow_one_byte(struct victim *v)
{
    size_t usable = halloc_usable_size(v->h, v->p);
    cr_assert_geq(usable, v->size);
    cr_assert_lt(v->p + usable, v->q, "the byte past p's usable size must precede q");
    v->p[usable] ^= 0x5a;
    memcpy(v->copy, v->buf, HEAP_BYTES);
}

#if !TEST_ASAN

static void assert_untouched(const struct victim *v, const char *after)
{
    size_t msg = offsetof(struct halloc_heap, last_error);
    size_t rest = msg + sizeof v->h->last_error;
    cr_assert_eq((void *)v->h, (void *)v->buf, "the heap must start at the page-aligned buffer");
    cr_assert_eq(memcmp(v->copy, v->buf, msg), 0, "%s changed the heap struct", after);
    cr_assert_eq(memcmp(v->copy + rest, v->buf + rest, HEAP_BYTES - rest), 0,
                 "%s changed the heap after detecting damage", after);
}

static void teardown(struct victim *v)
{
    free(v->copy);
    free(v->buf);
}

/* A malloc or realloc on the damaged heap (errno cleared before it) gave
 * `result`: NULL with ENOTRECOVERABLE, and the heap unchanged. */
static void assert_refused(const struct victim *v, const void *result, const char *what)
{
    cr_assert_null(result, "%s succeeded on a damaged heap", what);
    cr_assert_eq(errno, ENOTRECOVERABLE, "%s: errno %d", what, errno);
    assert_untouched(v, what);
}

static void assert_free_detects(struct victim *v, void *ptr, const char *what)
{
    errno = 0;
    cr_assert_eq(halloc_free(v->h, ptr), -1, "free of %s succeeded on a damaged header", what);
    cr_assert_eq(errno, ENOTRECOVERABLE, "free of %s: errno %d", what, errno);
    assert_untouched(v, what);
}

Test(hardening, overflow_caught_by_free_of_the_next_block)
{
    struct victim v;
    setup(&v, 0);
    overflow_one_byte(&v);
    assert_free_detects(&v, v.q, "the damaged block");
    teardown(&v);
}

Test(hardening, overflow_caught_by_free_of_the_overflowing_block)
{
    struct victim v;
    setup(&v, 0);
    overflow_one_byte(&v);
    assert_free_detects(&v, v.p, "the overflowing block");
    teardown(&v);
}

Test(hardening, overflow_into_a_free_chunk_caught_by_free)
{
    struct victim v;
    setup(&v, 1);
    overflow_one_byte(&v);
    assert_free_detects(&v, v.p, "the block before a damaged free chunk");
    teardown(&v);
}

Test(hardening, overflow_caught_by_check_and_walk)
{
    struct victim v;
    setup(&v, 0);
    overflow_one_byte(&v);
    halloc_report report;
    errno = 0;
    cr_assert_eq(halloc_check(v.h, &report), -1, "halloc_check missed a damaged header");
    cr_assert_eq(errno, ENOTRECOVERABLE);
    cr_assert_eq(report.invariant, HALLOC_INV_HEADER_CHECK, "reported %s: %s",
                 halloc_invariant_name(report.invariant), report.message);
    cr_assert_eq(report.region, 0);
    cr_assert_eq(report.offset, v.q_offset, "report points at offset %zu, q's chunk is at %zu",
                 report.offset, v.q_offset);
    cr_assert_gt(strlen(report.message), 0, "the report needs a message");
    assert_untouched(&v, "halloc_check");
    chunk_list list;
    cr_assert_null(halloc_malloc(v.h, 0)); /* a message of another kind, for the walk's to replace */
    errno = 0;
    cr_assert_eq(collect_chunks(v.h, &list), -1, "halloc_walk went through a damaged header");
    cr_assert_eq(errno, ENOTRECOVERABLE);
    chunk_list_free(&list);
    char where[64];
    snprintf(where, sizeof where, "walk: header check failed at region 0 offset %zu:", v.q_offset);
    cr_assert(strstr(halloc_last_error(v.h), where), "no '%s' in: %s", where, halloc_last_error(v.h));
    assert_untouched(&v, "halloc_walk");
    char *dump = dump_to_string(v.h, NULL);
    cr_assert(strstr(dump, where), "the dump does not say where its walk stopped ('%s'):\n%s", where, dump);
    free(dump);
    teardown(&v);
}

Test(hardening, damaged_heap_refuses_usable_size_and_realloc)
{
    struct victim v;
    setup(&v, 0);
    overflow_one_byte(&v);
    errno = 0;
    assert_refused(&v, halloc_realloc(v.h, v.q, 50), "realloc of a damaged block");
    errno = 0;
    assert_refused(&v, halloc_realloc(v.h, v.p, 1000), "realloc growing into a damaged neighbour");
    teardown(&v);
}

/* An overflow from guard into the header of the free chunk after it, the
 * largest: halloc_get_stats refuses, rather than pass off as sound a
 * largest_free the walk of that chunk's list could not read (it stopped at
 * it), names where the damage is, and says it with largest_free 0. */
Test(hardening, overflow_into_the_largest_free_chunk_refused_by_get_stats)
{
    struct victim v;
    setup(&v, 0);
    unsigned char *top = v.guard + chunk_of(v.h, v.guard).size;
    cr_assert(chunk_of(v.h, top).is_free, "the chunk after guard must be the free rest of the heap");
    size_t top_offset = chunk_of(v.h, top).offset;
    v.guard[halloc_usable_size(v.h, v.guard)] ^= 0x5a;
    memcpy(v.copy, v.buf, HEAP_BYTES);
    halloc_stats st;
    memset(&st, 0xab, sizeof st);
    errno = 0;
    cr_assert_eq(halloc_get_stats(v.h, &st), -1, "get_stats gave largest_free %zu on a damaged heap",
                 st.largest_free);
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d", errno);
    cr_assert_eq(st.largest_free, 0, "largest_free %zu", st.largest_free);
    char where[64];
    snprintf(where, sizeof where, "get_stats: free list damaged near region 0 offset %zu:", top_offset);
    cr_assert(strstr(halloc_last_error(v.h), where), "no '%s' in: %s", where, halloc_last_error(v.h));
    assert_untouched(&v, "get_stats");
    teardown(&v);
}

/* A write after free into the tail of the chunk before q (its footer, which
 * merging q with it would trust): a realloc of q that must move frees q, so it
 * refuses before allocating anything; one that fits in place never reads the
 * chunk before q and succeeds. */
Test(hardening, realloc_that_moves_checks_the_chunk_before)
{
    struct victim v;
    setup(&v, 0);
    cr_assert_eq(halloc_free(v.h, v.p), 0);
    hl_poke(v.q - HL_HEADER - HL_FOOTER, 0x5a5a5a5a);
    memcpy(v.copy, v.buf, HEAP_BYTES);
    errno = 0;
    assert_refused(&v, halloc_realloc(v.h, v.q, 1000), "realloc moving a block whose free neighbour is damaged");
    cr_assert_eq(halloc_realloc(v.h, v.q, 50), v.q, "shrinking in place must not depend on the chunk before");
    teardown(&v);
}

/* q can grow down over the free p in front of it (allocator/realloc.c): what
 * that trusts of p is checked first, with the same refusal as a realloc that
 * moves q, and nothing changes. The damaged word repaired, q grows down.
 * With `over_guard`, guard is free too and q grows over it as well, which
 * rewrites the header after guard: a fourth block keeps that a live one. */
static void assert_grow_down_checks(unsigned char *(*where)(const struct victim *), int over_guard,
                                    const char *what)
{
    struct victim v;
    setup(&v, 0);
    size_t usable = halloc_usable_size(v.h, v.q), chunk = chunk_of(v.h, v.q).size;
    size_t request = (over_guard ? 3 : 2) * chunk - 2 * HL_HEADER;
    pattern_fill(v.q, usable, 9);
    if (over_guard) {
        cr_assert_not_null(halloc_malloc(v.h, v.size));
        cr_assert_eq(halloc_free(v.h, v.guard), 0);
    }
    cr_assert_eq(halloc_free(v.h, v.p), 0);
    unsigned char *at = where(&v);
    uint64_t saved = hl_peek(at);
    hl_poke(at, saved ^ 0x5a5a5a5a);
    memcpy(v.copy, v.buf, HEAP_BYTES);
    errno = 0;
    assert_refused(&v, halloc_realloc(v.h, v.q, request), what);
    hl_poke(at, saved);
    cr_assert_eq(halloc_realloc(v.h, v.q, request), v.p, "%s repaired: q must grow down over p", what);
    cr_assert(pattern_ok(v.p, usable, 9), "%s repaired: q's bytes did not all move down", what);
    if (over_guard)
        cr_assert_gt(chunk_of(v.h, v.p).size, 2 * chunk, "%s repaired: q must take guard too", what);
    assert_heap_ok(v.h);
    teardown(&v);
}

static unsigned char *front_footer(const struct victim *v) { return v->q - HL_HEADER - HL_FOOTER; }
static unsigned char *front_check(const struct victim *v) { return v->p - HL_HEADER + HL_OFF_CHECK; }
static unsigned char *front_link(const struct victim *v) { return v->p - HL_HEADER + HL_OFF_NEXT; }
/* The header after the free guard, past its footer. */
static unsigned char *after_guard(const struct victim *v)
{
    return v->guard + chunk_of(v->h, v->guard).size - HL_HEADER;
}

Test(hardening, realloc_growing_down_checks_the_footer_in_front)
{
    assert_grow_down_checks(front_footer, 0, "realloc growing down over a damaged footer");
}

Test(hardening, realloc_growing_down_checks_the_header_in_front)
{
    assert_grow_down_checks(front_check, 0, "realloc growing down over a damaged header");
}

Test(hardening, realloc_growing_down_checks_the_links_in_front)
{
    assert_grow_down_checks(front_link, 0, "realloc growing down over damaged list links");
}

/* Growing down over p and the free guard rewrites the header after guard. */
Test(hardening, realloc_growing_down_checks_the_header_after_a_free_successor)
{
    assert_grow_down_checks(after_guard, 1, "realloc growing down up to a damaged header");
}

/* q is a free minimum chunk (16-byte blocks): no footer, guard's PREV_MIN
 * flag stands for it. Damage to its header is found from both sides. */
Test(hardening, overflow_into_a_free_minimum_chunk_caught_by_free)
{
    struct victim v;
    setup_sized(&v, 1, 16);
    cr_assert_eq(chunk_of(v.h, v.p).size, HL_MIN_CHUNK);
    overflow_one_byte(&v);
    assert_free_detects(&v, v.p, "the block before a damaged minimum chunk");
    assert_free_detects(&v, v.guard, "the block after a damaged minimum chunk");
    errno = 0;
    assert_refused(&v, halloc_realloc(v.h, v.p, 40), "realloc growing into a damaged minimum chunk");
    teardown(&v);
}

/* A write after free into a free minimum chunk lands on its list links: the
 * merge on guard's free and the malloc that would take q both refuse. */
Test(hardening, write_after_free_into_a_minimum_chunk_caught)
{
    struct victim v;
    setup_sized(&v, 1, 16);
    hl_poke(v.q, 0x5a5a5a5a5a5a5a5a);
    memcpy(v.copy, v.buf, HEAP_BYTES);
    assert_free_detects(&v, v.guard, "the block after a damaged minimum chunk");
    errno = 0;
    assert_refused(&v, halloc_malloc(v.h, 16), "malloc of a minimum chunk with damaged links");
    teardown(&v);
}

/* Growing p over all of the free q rewrites guard's header (its PREV_FREE
 * and PREV_MIN): damage there is found first, not sealed in. */
Test(hardening, realloc_over_a_free_chunk_checks_the_header_after_it)
{
    struct victim v;
    setup_sized(&v, 1, 32);
    size_t chunk = chunk_of(v.h, v.p).size;
    cr_assert_gt(chunk, HL_MIN_CHUNK, "q above the minimum: its own check does not cover guard");
    v.q[halloc_usable_size(v.h, v.p)] ^= 0x5a; /* a write after free, one byte past q */
    memcpy(v.copy, v.buf, HEAP_BYTES);
    errno = 0;
    assert_refused(&v, halloc_realloc(v.h, v.p, 2 * chunk - HL_HEADER), "realloc growing up to a damaged header");
    teardown(&v);
}

/* Freeing p merges the free minimum chunk q into it, which clears guard's
 * PREV_MIN: guard's header is checked first. */
Test(hardening, free_merging_a_minimum_chunk_checks_the_header_after_it)
{
    struct victim v;
    setup_sized(&v, 1, 16);
    v.q[halloc_usable_size(v.h, v.p)] ^= 0x5a; /* a write after free, one byte past q */
    memcpy(v.copy, v.buf, HEAP_BYTES);
    assert_free_detects(&v, v.p, "the block before a minimum chunk with a damaged successor");
    teardown(&v);
}

/* A malloc that splits q into a block and a minimum chunk sets guard's
 * PREV_MIN: guard's header is checked first. */
Test(hardening, malloc_leaving_a_minimum_chunk_checks_the_header_after_it)
{
    struct victim v;
    setup_sized(&v, 1, 64);
    size_t chunk = chunk_of(v.h, v.p).size;
    v.q[halloc_usable_size(v.h, v.p)] ^= 0x5a; /* a write after free, one byte past q */
    memcpy(v.copy, v.buf, HEAP_BYTES);
    errno = 0;
    assert_refused(&v, halloc_malloc(v.h, chunk - HL_MIN_CHUNK - HL_HEADER), "malloc splitting up to a damaged header");
    teardown(&v);
}

#else /* TEST_ASAN */

/* ASAN_OPTIONS=abort_on_error=1 (tests/build.mk) turns the report into SIGABRT.
 * The expected ASan report goes to Criterion's capture, not the log. */
Test(hardening, asan_reports_the_overflowing_store, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    struct victim v;
    setup(&v, 0);
    overflow_one_byte(&v);
    cr_assert_fail("ASan did not report a store into the next chunk's header");
}

/* The heap's own bookkeeping (internal.h, "the books") is closed between
 * calls: a store just below the first block's header, into the free-list
 * rows, is reported like one into a header. */
Test(hardening, asan_reports_an_underflow_into_the_heap_struct, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    volatile unsigned char *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    p[-(ptrdiff_t)HL_HEADER - 1] = 1;
    cr_assert_fail("ASan did not report a store below the first block's header");
}

/* The same for a region past the first: its header lies right before its first block. */
Test(hardening, asan_reports_an_underflow_into_a_region_header, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    volatile unsigned char *big = halloc_malloc(h, 200 * KIB); /* a region of its own */
    cr_assert_not_null(big);
    cr_assert_eq(((uintptr_t)big - HL_HEADER - HL_REGION_HDR) % (uintptr_t)sysconf(_SC_PAGESIZE), 0,
                 "expected the first block of a new region");
    big[-(ptrdiff_t)HL_HEADER - 1] = 1;
    cr_assert_fail("ASan did not report a store into a region header");
}

/* To ASan a block is its whole usable size (allocator/README.md "Sanitizers and valgrind"):
 * halloc_usable_size gives the program those bytes, so writing them must not
 * be reported, though they lie past the request; the byte after them, the
 * next header, is closed. */
Test(hardening, asan_leaves_the_usable_bytes_past_the_request_open)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    unsigned char *p = halloc_malloc(h, 20);
    cr_assert_not_null(p);
    size_t usable = halloc_usable_size(h, p);
    cr_assert_eq(usable, 32, "a 20-byte request got %zu usable bytes, the README's example says 32", usable);
    memset(p, 1, usable);
    cr_assert_null(__asan_region_is_poisoned(p, usable), "usable bytes of a live block are poisoned");
    cr_assert(__asan_address_is_poisoned(p + usable), "the next chunk's header is open to the program");
    halloc_destroy(h);
}

Test(hardening, asan_reports_a_read_of_a_freed_block, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    struct victim v;
    setup(&v, 1);
    volatile unsigned char c = v.q[0];
    (void)c;
    cr_assert_fail("ASan did not report a read of a freed block");
}

#endif

#if TEST_ASAN
#include <sanitizer/asan_interface.h>
#define POISONED(a) __asan_address_is_poisoned(a)
#else
#define POISONED(a) 0
#endif

/* What a refused call must leave as it was: each byte of [from, from+n) and
 * whether ASan has it poisoned (a poisoned byte reads as 0: reading it would
 * be reported, and halloc cannot write it without unpoisoning it). */
static unsigned char *image_of(const void *from, size_t n)
{
    unsigned char *img = malloc(2 * n);
    cr_assert_not_null(img);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *b = (const unsigned char *)from + i;
        img[2 * i] = (unsigned char)POISONED(b);
        img[2 * i + 1] = img[2 * i] ? 0 : *b;
    }
    return img;
}

static void assert_image_same(unsigned char *img, const void *from, size_t n, const char *what)
{
    unsigned char *now = image_of(from, n);
    cr_assert_eq(memcmp(img, now, 2 * n), 0, "the refused realloc changed %s", what);
    free(now);
    free(img);
}

/* As assert_grow_down_checks, in region 1 of a heap that grows (region 0
 * filled first): growing down finds the front chunk through region 1's
 * bounds, and the damaged word there is refused the same way. Nothing of
 * region 1 nor of the heap struct changes; halloc_check names the fault in
 * region 1; the word repaired, q grows down. */
static void assert_grow_down_checks_beyond0(int at_footer, halloc_invariant says)
{
    halloc_config cfg = fixed_config(64 * KIB);
    cfg.grow = 1;
    cfg.trim = HALLOC_TRIM_NEVER;
    halloc_heap *h = heap_from(cfg);
    cr_assert_not_null(halloc_malloc(h, stats_of(h).largest_free), "region 0 could not be filled");
    unsigned char *p = halloc_malloc(h, 100), *q = halloc_malloc(h, 100);
    cr_assert(p && q && halloc_malloc(h, 100));
    cr_assert_eq(chunk_of(h, q).region, 1, "the row must lie in region 1");
    size_t usable = halloc_usable_size(h, q), chunk = chunk_of(h, q).size;
    cr_assert_eq(p + chunk_of(h, p).size, q, "p and q must be adjacent");
    size_t request = 2 * chunk - 2 * HL_HEADER, front = chunk_of(h, p).offset;
    pattern_fill(q, usable, 9);
    cr_assert_eq(halloc_free(h, p), 0);
    unsigned char *at = at_footer ? q - HL_HEADER - HL_FOOTER : p - HL_HEADER + HL_OFF_CHECK;
    hl_books_open(h);
    hl_region *r1 = h->region0.next;
    size_t bytes = (size_t)((char *)hl_region_fence(r1) - (char *)r1), heap = offsetof(struct halloc_heap, last_error);
    uint64_t saved = hl_peek(at);
    hl_poke(at, saved ^ 0x5a5a5a5a);
    unsigned char *region_img = image_of(r1, bytes), *heap_img = image_of(h, heap);
    errno = 0;
    cr_assert_null(halloc_realloc(h, q, request), "realloc grew down over a damaged front chunk in region 1");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d", errno);
    hl_books_open(h); /* the call closed them again */
    assert_image_same(region_img, r1, bytes, "region 1");
    assert_image_same(heap_img, h, heap, "the heap struct");
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "halloc_check passed the damaged front chunk");
    cr_assert_eq(rep.invariant, says, "expected %s, got %s: %s", halloc_invariant_name(says),
                 halloc_invariant_name(rep.invariant), rep.message);
    cr_assert_eq(rep.region, 1, "the report names region %zu: %s", rep.region, rep.message);
    cr_assert_eq(rep.offset, front, "the report names offset %zu, not p's %zu: %s", rep.offset, front, rep.message);
    hl_poke(at, saved);
    cr_assert_eq(halloc_realloc(h, q, request), p, "repaired: q must grow down over p");
    cr_assert(pattern_ok(p, usable, 9), "repaired: q's bytes did not all move down");
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(hardening, realloc_growing_down_in_region_1_checks_the_footer_in_front)
{
    assert_grow_down_checks_beyond0(1, HALLOC_INV_BOUNDARY_TAG);
}

Test(hardening, realloc_growing_down_in_region_1_checks_the_header_in_front)
{
    assert_grow_down_checks_beyond0(0, HALLOC_INV_HEADER_CHECK);
}
