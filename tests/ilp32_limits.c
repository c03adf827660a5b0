/*
 * ilp32_limits.c - what differs where size_t and pointers are 32 bits
 * (make check-m32 builds it with -m32 -static and runs it under qemu-i386).
 *
 * Criterion has no i386 package, so this is a plain program: every failed
 * check prints its line, and the exit status is 1 if any failed.
 *
 *   - requests at or above 2^29 fail with ENOMEM before any arithmetic, and
 *     one just below it is served (the limit is exactly there);
 *   - a region larger than the limit reports largest_free below it, a
 *     request that succeeds (a 64-bit heap needs 64 TiB of address space
 *     for this, which a Criterion test process may not have in one piece);
 *   - calloc whose n * size overflows 32 bits fails with ENOMEM;
 *   - a stray write into the upper half of an 8-byte header, footer or link
 *     word (unused on ILP32) is caught as on LP64, not cut off unseen;
 *   - region 0's seal covers the fields it rotates into its upper 32 bits;
 *   - no report is cut at its buffer, 264 bytes here (tests/report_drive.c);
 *   - the fuzz harness's tenths of a second (the TIMEOUT words, a stuck
 *     op's progress line) round as on x86-64, x87 arithmetic and all
 *     (tests/tenths_pins.h).
 */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../fuzz/tenths.h"
#include "ilp32_check.h"
#include "report_drive.h"
#include "tenths_pins.h"

#if SIZE_MAX > UINT32_MAX
#error "ilp32_limits.c checks a 32-bit build: compile it with -m32 (make check-m32)"
#endif

#define LIMIT ((size_t)1 << 29)

/* call is NULL (or -1) and errno is want afterwards. */
#define REFUSED(call, want, what)                                                         \
    do {                                                                                  \
        errno = 0;                                                                        \
        int refused_ = (call);                                                            \
        int errno_ = errno;                                                               \
        CHECK(refused_ && errno_ == (want), "%s: refused=%d errno=%d (%s), expected %s", \
              what, refused_, errno_, strerror(errno_), #want);                           \
    } while (0)

static void requests_at_the_limit(void)
{
    halloc_heap *h = halloc_create(0x10000);
    CHECK(h != NULL, "halloc_create(64 KiB) failed: %s", strerror(errno));
    REFUSED(halloc_malloc(h, LIMIT) == NULL, ENOMEM, "malloc(2^29)");
    REFUSED(halloc_malloc(h, LIMIT + 1) == NULL, ENOMEM, "malloc(2^29 + 1)");
    REFUSED(halloc_malloc(h, SIZE_MAX) == NULL, ENOMEM, "malloc(SIZE_MAX)");
    REFUSED(halloc_malloc(h, SIZE_MAX / 2 + 1) == NULL, ENOMEM, "malloc(2^31)");
    REFUSED(halloc_aligned_alloc(h, 64, LIMIT) == NULL, ENOMEM, "aligned_alloc(64, 2^29)");
    REFUSED(halloc_aligned_alloc(h, LIMIT, 16) == NULL, ENOMEM, "aligned_alloc(2^29, 16)");
    CHECK(strstr(halloc_last_error(h), "limit below 536870912 bytes") != NULL, "last error names the limit: %s",
          halloc_last_error(h));

    char *p = halloc_malloc(h, 100);
    CHECK(p != NULL, "malloc(100): %s", strerror(errno));
    memset(p, 0x5a, 100);
    REFUSED(halloc_realloc(h, p, LIMIT) == NULL, ENOMEM, "realloc(p, 2^29)");
    CHECK(p[0] == 0x5a && p[99] == 0x5a, "a failed realloc left the block intact");

    /* Just below the limit: a region of 2^29 + a page is mapped for it. */
    char *big = halloc_malloc(h, LIMIT - 1);
    CHECK(big != NULL, "malloc(2^29 - 1) failed: %s (%s)", strerror(errno), halloc_last_error(h));
    if (big) {
        big[0] = 1;
        big[LIMIT - 2] = 2;
        CHECK(halloc_usable_size(h, big) >= LIMIT - 1, "usable %zu", halloc_usable_size(h, big));
        CHECK(halloc_free(h, big) == 0, "free(big): %s", strerror(errno));
    }
    CHECK(halloc_free(h, p) == 0, "free(p): %s", strerror(errno));
    CHECK(halloc_check(h, NULL) == 0, "heap consistent after the limits");
    halloc_destroy(h);
}

/* A region past the limit: its free chunk holds more than any request may
 * ask, and largest_free must still be a request that succeeds (it was the
 * chunk's size, which malloc refused with ENOMEM). */
static void largest_free_below_the_limit(void)
{
    halloc_config c = halloc_default_config();
    c.initial_size = LIMIT + 0x10000;
    halloc_heap *h = halloc_create_ex(&c);
    CHECK(h != NULL, "halloc_create_ex(2^29 + 64 KiB) failed: %s", strerror(errno));
    if (!h)
        return;
    halloc_stats st;
    CHECK(halloc_get_stats(h, &st) == 0, "get_stats: %s", strerror(errno));
    CHECK(st.largest_free == LIMIT - 1, "largest_free %zu, the largest request %zu", st.largest_free, LIMIT - 1);
    void *p = halloc_malloc(h, st.largest_free);
    CHECK(p != NULL, "malloc(largest_free = %zu): %s", st.largest_free, halloc_last_error(h));
    CHECK(halloc_free(h, p) == 0, "free: %s", strerror(errno));
    CHECK(halloc_check(h, NULL) == 0, "heap consistent after a block past the limit's region");
    halloc_destroy(h);
}

static void calloc_overflow(void)
{
    halloc_heap *h = halloc_create(0x10000);
    CHECK(h != NULL, "halloc_create(64 KiB) failed: %s", strerror(errno));
    REFUSED(halloc_calloc(h, 65536, 65536) == NULL, ENOMEM, "calloc(2^16, 2^16): 2^32 wraps to 0");
    REFUSED(halloc_calloc(h, 65537, 65537) == NULL, ENOMEM, "calloc(65537, 65537): wraps to 131073");
    REFUSED(halloc_calloc(h, 2, SIZE_MAX / 2 + 1) == NULL, ENOMEM, "calloc(2, 2^31)");
    REFUSED(halloc_calloc(h, SIZE_MAX / 2 + 1, 2) == NULL, ENOMEM, "calloc(2^31, 2)");
    CHECK(strstr(halloc_last_error(h), "overflow") != NULL, "last error says overflow: %s", halloc_last_error(h));
    REFUSED(halloc_calloc(h, 65535, 65537) == NULL, ENOMEM, "calloc(65535, 65537) = SIZE_MAX: no wrap, too large");
    REFUSED(halloc_calloc(h, 1 << 15, 1 << 14) == NULL, ENOMEM, "calloc(2^15, 2^14) = 2^29");
    char *z = halloc_calloc(h, 1000, 4);
    CHECK(z != NULL && z[0] == 0 && z[3999] == 0, "calloc(1000, 4) zeroed");
    CHECK(halloc_free(h, z) == 0, "free(z)");
    halloc_destroy(h);
}

/* Flips a bit in the upper half of the 8-byte word at `at`. */
static void damage_upper_half(void *at)
{
    hl_poke(at, hl_peek(at) ^ UINT64_C(0x0100) << 32);
}

static void upper_half_damage(void)
{
    halloc_heap *h = halloc_create(0x10000);
    char *a = halloc_malloc(h, 100), *b = halloc_malloc(h, 200), *c = halloc_malloc(h, 100);
    CHECK(a && b && c, "three blocks");
    damage_upper_half(b - HL_HEADER);
    REFUSED(halloc_free(h, b) == -1, ENOTRECOVERABLE, "free of a block whose header's upper half was hit");
    halloc_destroy(h);

    h = halloc_create(0x10000);
    a = halloc_malloc(h, 100), b = halloc_malloc(h, 200), c = halloc_malloc(h, 100);
    CHECK(halloc_free(h, b) == 0, "free(b)");
    damage_upper_half(b - HL_HEADER + hl_chunk_size(hl_chunk_from_payload(b)) - HL_FOOTER);
    CHECK(halloc_check(h, NULL) != 0, "the checker sees a free chunk's footer hit in its upper half");
    halloc_destroy(h);

    h = halloc_create(0x10000);
    a = halloc_malloc(h, 100), b = halloc_malloc(h, 200), c = halloc_malloc(h, 100);
    CHECK(halloc_free(h, b) == 0, "free(b)");
    damage_upper_half(b - HL_HEADER + HL_OFF_PREV);
    CHECK(halloc_check(h, NULL) != 0, "the checker sees a free chunk's link hit in its upper half");
    halloc_destroy(h);

    halloc_config cfg = halloc_default_config();
    cfg.initial_size = 0x10000;
    cfg.cache_depth = 4;
    h = halloc_create_ex(&cfg);
    a = halloc_malloc(h, 100), b = halloc_malloc(h, 100), c = halloc_malloc(h, 100);
    CHECK(halloc_free(h, a) == 0 && halloc_free(h, b) == 0, "two blocks cached");
    damage_upper_half(b); /* a write after free into the cache link's unused half */
    CHECK(halloc_check(h, NULL) != 0, "the checker sees a cache link hit in its upper half");
    halloc_destroy(h);
}

/* Region 0's seal rotates these into bits 32-63 of a 64-bit value; a seal
 * cut to 32 bits would not cover them. */
static void seal_covers_upper_bits(void)
{
    static const char *const field[] = {"region 0's index", "next_index", "in_buffer"};
    for (int i = 0; i < 3; i++) {
        hl_heap *h = halloc_create(0x10000);
        CHECK(halloc_check(h, NULL) == 0, "a fresh heap is consistent");
        if (i == 0)
            h->region0.index ^= 1;
        else if (i == 1)
            h->next_index ^= 1;
        else
            h->in_buffer ^= 1;
        halloc_report rep;
        CHECK(halloc_check(h, &rep) != 0 && rep.invariant == HALLOC_INV_HEAP_HEADER,
              "%s changed: the checker should name heap-header", field[i]);
        halloc_destroy(h);
    }
}

static void report_whole(const char *what, int refused, const char *msg, const char *tail)
{
    CHECK(refused, "%s: the call did not fail as it should (last error: '%s')", what, msg);
    const char *problem = report_cut_problem(msg, tail);
    CHECK(!problem, "%s: the report is %s ('%s'): '%s' (%zu bytes)", what, problem, tail, msg, strlen(msg));
}

static void tenths_rounding(void)
{
    for (size_t i = 0; i < sizeof tenths_pins / sizeof tenths_pins[0]; i++)
        CHECK(tenths_of(tenths_pins[i].seconds) == tenths_pins[i].tenths, "tenths_of(%g) is %u, expected %u",
              tenths_pins[i].seconds, tenths_of(tenths_pins[i].seconds), tenths_pins[i].tenths);
}

int main(void)
{
    requests_at_the_limit();
    largest_free_below_the_limit();
    calloc_overflow();
    upper_half_damage();
    seal_covers_upper_bits();
    report_drive_no_heap(report_whole);
    report_drive_refusals(report_whole);
    report_drive_no_memory(report_whole);
    report_drive_pointers(report_whole);
    tenths_rounding();
    printf("ilp32_limits: %d checks passed, %d failed\n", passed, failed);
    return failed != 0;
}
