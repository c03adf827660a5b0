/* debug_death.c - the HALLOC_DEBUG library (build/debug/libhalloc.a) checks
 * the whole heap after every public call and aborts at the first violation.
 * Built and run only by `make check-unit-debug`. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#include "helpers.h"
#include "internal.h"

#if !defined(HALLOC_TEST_DEBUG_LIB)
#error "debug_*.c tests link build/debug/libhalloc.a: build them with make check-unit-debug"
#endif

/* A heap with a few blocks; aborting on misuse again (the runner sets
 * HALLOC_NOABORT=1 for the other tests). */
static halloc_heap *small_heap(void *blocks[4])
{
    cr_assert_eq(unsetenv("HALLOC_NOABORT"), 0);
    halloc_heap *h = halloc_create(64 * 1024);
    cr_assert_not_null(h);
    for (int i = 0; i < 4; i++) {
        blocks[i] = halloc_malloc(h, 64 + 16 * (size_t)i);
        cr_assert_not_null(blocks[i]);
    }
    cr_assert_eq(halloc_free(h, blocks[1]), 0);
    assert_heap_ok(h);
    return h;
}

Test(debug_lib, damaged_header_aborts_the_next_call, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    hl_chunk *c = hl_chunk_from_payload(b[3]);
    hl_poke((char *)c + HL_OFF_CHECK, hl_chunk_check_word(c) ^ 4);
    /* malloc never looks at b[3]: only the full check after the call finds it. */
    void *p = halloc_malloc(h, 32);
    cr_assert_fail("malloc returned %p on a damaged heap instead of aborting", p);
}

Test(debug_lib, damaged_counter_aborts_even_a_read_only_call, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    h->stats.chunks_used += 1;
    size_t n = halloc_usable_size(h, b[0]);
    cr_assert_fail("usable_size returned %zu on a heap with wrong counters", n);
}

Test(debug_lib, double_free_aborts, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    int rc = halloc_free(h, b[1]);
    cr_assert_fail("double free returned %d instead of aborting", rc);
}

Test(debug_lib, noabort_turns_misuse_into_an_error_return)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    cr_assert_eq(setenv("HALLOC_NOABORT", "1", 1), 0);
    errno = 0;
    cr_assert_eq(halloc_free(h, b[1]), -1);
    cr_assert_eq(errno, EALREADY);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(debug_lib, healthy_workload_runs_to_the_end)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    uint32_t seed = 99;
    void *live[32] = {0};
    for (int i = 0; i < 2000; i++) {
        size_t k = rng_below(&seed, 32);
        if (live[k]) {
            cr_assert_eq(halloc_free(h, live[k]), 0);
            live[k] = NULL;
        } else {
            live[k] = halloc_realloc(h, NULL, 1 + rng_below(&seed, 5000));
            cr_assert_not_null(live[k]);
        }
    }
    assert_heap_ok(h);
    halloc_destroy(h);
}
