/* test_report_whole.c - every report the public API can provoke fits its
 * buffer whole: driven with the longest arguments each allows (pointers with
 * every bit set, sizes near SIZE_MAX, the longest op names), no message ends
 * in report.c's cut mark and each ends with its own last words. A cut one
 * would end in "[cut]" (the first test shows the mark is there to see).
 *
 * Not reached here: the corruption reports (corrupt header, footer, list,
 * cache, heap, region) need a damaged heap; test_hardening, test_seals and
 * test_forgery provoke them, with short ops and region 0. */
#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "helpers.h"
#include "internal.h" /* HL_MAX_REQUEST, hl_report_create_failed */

#define CUT_MARK "[cut]" /* report.c's HL_CUT_MARK */

static int ends_with(const char *text, const char *tail)
{
    size_t n = strlen(text), t = strlen(tail);
    return n >= t && strcmp(text + n - t, tail) == 0;
}

/* The message is whole: it starts as every report does, is not cut, and
 * ends with `tail`, the last words its format writes. */
static void assert_whole(const char *msg, const char *tail)
{
    cr_assert_not_null(msg);
    cr_assert(strncmp(msg, "halloc: ", 8) == 0, "not a report: '%s'", msg);
    cr_assert(!ends_with(msg, CUT_MARK), "report cut at %zu bytes: '%s'", strlen(msg), msg);
    cr_assert(ends_with(msg, tail), "report does not end with '%s': '%s'", tail, msg);
}

static void *all_bits(void) { return (void *)UINTPTR_MAX; }

/* The largest request below the limit (too_large refuses the rest). */
static const size_t biggest = HL_MAX_REQUEST - 1;

Test(report_whole, a_message_too_long_ends_in_the_cut_mark)
{
    char longer[400];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    errno = 0;
    cr_assert_eq(hl_report_create_failed(EINVAL, "halloc: %s", longer), -1);
    cr_assert_eq(errno, EINVAL);
    const char *msg = halloc_last_error(NULL);
    cr_assert(ends_with(msg, CUT_MARK), "a cut message does not end in the mark: '%s'", msg);
    cr_assert_gt(strlen(msg), strlen(CUT_MARK));
    cr_assert(strncmp(msg, "halloc: xxx", 11) == 0, "'%s'", msg);
}

Test(report_whole, no_heap_and_create_refusals)
{
    cr_assert_eq(halloc_free(NULL, all_bits()), -1);
    assert_whole(halloc_last_error(NULL), "pass a heap from halloc_create*");
    hfree(all_bits()); /* no default heap yet: the longest op */
    assert_whole(halloc_last_error(NULL), "pass a heap from halloc_create*");

    cr_assert_null(halloc_create(0));
    assert_whole(halloc_last_error(NULL), "ask for at least 1 byte");

    halloc_config cfg = halloc_default_config();
    cfg.trim = INT_MIN;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), "_NEVER or _KEEP_ONE");

    cfg = halloc_default_config();
    cfg.initial_size = SIZE_MAX;
    cfg.max_size = SIZE_MAX - 1;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), "raise max_size (0: no cap) or lower initial_size");

    cfg = halloc_default_config();
    cfg.cache_depth = INT_MIN;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), "is outside 0..64");

    cfg = halloc_default_config();
    cfg.initial_size = SIZE_MAX;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), " bytes");

    /* initial_size rounded up to whole pages past max_size, the longer of the two */
    cfg = halloc_default_config();
    cfg.max_size = HL_MAX_REGION - 1;
    cfg.initial_size = HL_MAX_REGION - 1;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), "raise max_size or lower initial_size");

    cfg = halloc_default_config();
    cfg.initial_size = 1;
    cfg.max_size = 1;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), "bytes: raise it");

    cr_assert_null(halloc_create_in(all_bits(), SIZE_MAX, 1));
    assert_whole(halloc_last_error(NULL), "with a cache");
}

Test(report_whole, runtime_refusals_on_a_heap)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    cr_assert_null(halloc_aligned_alloc(h, 16, 0));
    assert_whole(halloc_last_error(h), "ask for at least 1 byte");
    cr_assert_null(halloc_aligned_alloc(h, SIZE_MAX, 16));
    assert_whole(halloc_last_error(h), "use 1, 2, 4, 8, 16, ...");
    cr_assert_null(halloc_aligned_alloc(h, 16, SIZE_MAX));
    assert_whole(halloc_last_error(h), "or n*size overflows)");
    cr_assert_null(halloc_aligned_alloc(h, SIZE_MAX / 2 + 1, 16));
    assert_whole(halloc_last_error(h), "no block can be placed that far apart");
    cr_assert_null(halloc_calloc(h, SIZE_MAX, SIZE_MAX));
    assert_whole(halloc_last_error(h), "no block can be that large");
    cr_assert_null(halloc_realloc(h, NULL, SIZE_MAX));
    assert_whole(halloc_last_error(h), "or n*size overflows)");
    halloc_destroy(h);
}

/* One out-of-memory reason per heap, each with the longest request it takes. */
Test(report_whole, out_of_memory_reasons)
{
    static char buffer[64 * 1024] __attribute__((aligned(16)));
    halloc_heap *h = halloc_create_in(buffer, sizeof buffer, 0);
    cr_assert_not_null(h);
    cr_assert_null(halloc_aligned_alloc(h, 16, biggest));
    assert_whole(halloc_last_error(h), "give it a larger buffer");
    halloc_destroy(h);

    halloc_config cfg = halloc_default_config();
    cfg.grow = 0;
    h = halloc_create_ex(&cfg);
    cr_assert_not_null(h);
    cr_assert_null(halloc_aligned_alloc(h, 16, biggest));
    assert_whole(halloc_last_error(h), "(config.grow is 0)");
    halloc_destroy(h);

    cfg = halloc_default_config();
    cfg.max_size = biggest;
    h = halloc_create_ex(&cfg);
    cr_assert_not_null(h);
    cr_assert_null(halloc_aligned_alloc(h, 16, biggest));
    assert_whole(halloc_last_error(h), "raise max_size (0: no cap)");
    halloc_destroy(h);
}

/* The system's refusal, made certain by an address-space limit. ASan
 * reserves terabytes of shadow at start, so a limit would stop it, not us. */
Test(report_whole, out_of_memory_when_the_system_refuses)
{
    if (TEST_ASAN)
        return;
    struct rlimit lim;
    cr_assert_eq(getrlimit(RLIMIT_AS, &lim), 0);
    lim.rlim_cur = (rlim_t)1 << 30;
    cr_assert_eq(setrlimit(RLIMIT_AS, &lim), 0);
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    cr_assert_null(halloc_aligned_alloc(h, 16, biggest));
    assert_whole(halloc_last_error(h), "a memory limit (ulimit -v, cgroup) or a full address space");

    halloc_config cfg = halloc_default_config();
    cfg.initial_size = biggest;
    cr_assert_null(halloc_create_ex(&cfg));
    assert_whole(halloc_last_error(NULL), " bytes");
    halloc_destroy(h);
}

/* Misuse: a debug library prints these and, under HALLOC_NOABORT=1 (as
 * check-unit-debug runs), returns. */
Test(report_whole, bad_pointers)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    cr_assert_eq(halloc_free(h, all_bits()), -1);
    assert_whole(halloc_last_error(h), "pass only pointers this heap returned");
    cr_assert_eq(halloc_usable_size(h, NULL), 0);
    assert_whole(halloc_last_error(h), "pass only pointers this heap returned");

    char *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    cr_assert_eq(halloc_usable_size(h, p + 1), 0);
    assert_whole(halloc_last_error(h), "pass only pointers this heap returned");
    cr_assert_eq(halloc_usable_size(h, p + 16), 0);
    assert_whole(halloc_last_error(h), "pass only pointers this heap returned");
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert_eq(halloc_usable_size(h, p), 0);
    assert_whole(halloc_last_error(h), "likely a double free");
    halloc_destroy(h);
}
