/* debug_death.c - the HALLOC_DEBUG library (build/debug/libhalloc.a) checks
 * the whole heap after every public call (but halloc_check, which is the
 * check, and halloc_destroy) and aborts at the first violation.
 * Built and run only by `make check-unit-debug`. */
#if !defined(HALLOC_TEST_DEBUG_LIB)
#error "debug_*.c tests link build/debug/libhalloc.a: build them with make check-unit-debug"
#endif
#define HALLOC_DEBUG 1 /* internal.h declares the debug library's print sink */

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h"

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

static atomic_int stderr_held;

static void *hold_stderr(void *unused)
{
    (void)unused;
    flockfile(stderr);
    atomic_store(&stderr_held, 1);
    for (;;)
        pause();
    return NULL;
}

/* The report is printed under the heap's lock: through stdio it would wait
 * for a thread that holds stderr (and may be waiting for the heap) forever. */
Test(debug_lib, report_does_not_wait_for_a_thread_holding_stderr, .signal = SIGABRT, .timeout = 10,
     .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    pthread_t holder;
    cr_assert_eq(pthread_create(&holder, NULL, hold_stderr, NULL), 0);
    while (!atomic_load(&stderr_held))
        sched_yield();
    hl_chunk *c = hl_chunk_from_payload(b[3]);
    hl_poke((char *)c + HL_OFF_CHECK, hl_chunk_check_word(c) ^ 4);
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

/* The inspection calls check after themselves too: a program that only
 * reads its heap between two allocations still stops at the damage. */
static int count_chunk(const halloc_chunk_info *info, void *ctx)
{
    (void)info;
    ++*(int *)ctx;
    return 0;
}

Test(debug_lib, damaged_counter_aborts_get_stats, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    h->stats.chunks_used += 1;
    halloc_stats st;
    int rc = halloc_get_stats(h, &st);
    cr_assert_fail("get_stats returned %d on a heap with wrong counters", rc);
}

Test(debug_lib, damaged_counter_aborts_walk, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    h->stats.chunks_used += 1;
    int chunks = 0;
    int rc = halloc_walk(h, count_chunk, &chunks);
    cr_assert_fail("walk returned %d after %d chunks on a heap with wrong counters", rc, chunks);
}

Test(debug_lib, damaged_counter_aborts_owns, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    h->stats.chunks_used += 1;
    int owns = halloc_owns(h, b[0], 1);
    cr_assert_fail("owns returned %d on a heap with wrong counters", owns);
}

/* HALLOC_CHECK_EVERY=N checks after every Nth call only (process-wide count). */
Test(debug_lib, check_every_skips_the_calls_between_checks)
{
    cr_assert_eq(setenv("HALLOC_CHECK_EVERY", "1000000", 1), 0);
    void *b[4];
    halloc_heap *h = small_heap(b);
    h->stats.chunks_used += 1; /* any full check would abort now */
    for (int i = 0; i < 100; i++)
        cr_assert_eq(halloc_usable_size(h, b[0]), halloc_usable_size(h, b[0]));
    h->stats.chunks_used -= 1;
    halloc_destroy(h);
}

Test(debug_lib, check_every_still_catches_damage_within_n_calls, .signal = SIGABRT,
     .init = cr_redirect_stderr)
{
    cr_assert_eq(setenv("HALLOC_CHECK_EVERY", "50", 1), 0);
    void *b[4];
    halloc_heap *h = small_heap(b);
    h->stats.chunks_used += 1;
    for (int i = 0; i < 50; i++)
        halloc_usable_size(h, b[0]);
    cr_assert_fail("50 calls on a damaged heap with HALLOC_CHECK_EVERY=50 did not abort");
}

Test(debug_lib, check_every_refuses_a_bad_value, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    cr_assert_eq(setenv("HALLOC_CHECK_EVERY", "0", 1), 0);
    halloc_heap *h = halloc_create(64 * 1024);
    cr_assert_not_null(h);
    void *p = halloc_malloc(h, 16); /* its check reads the setting */
    cr_assert_fail("HALLOC_CHECK_EVERY=0 was accepted (malloc gave %p)", p);
}

/* strtoul would read " -1" as ULONG_MAX: a setting that never checks. */
Test(debug_lib, check_every_refuses_a_negative_value, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    cr_assert_eq(setenv("HALLOC_CHECK_EVERY", " -1", 1), 0);
    halloc_heap *h = halloc_create(64 * 1024);
    cr_assert_not_null(h);
    void *p = halloc_malloc(h, 16);
    cr_assert_fail("HALLOC_CHECK_EVERY=' -1' was accepted (malloc gave %p)", p);
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

/* HALLOC_NOABORT is a switch (allocator/hl_switch.h): on, 1 and yes turn the
 * abort off; off, 0 and no (and a typo, which is said) leave it. */
Test(debug_lib, noabort_takes_every_on_word)
{
    static const char *const on[] = {"1", "on", "yes"};
    for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
        void *b[4];
        halloc_heap *h = small_heap(b);
        cr_assert_eq(setenv("HALLOC_NOABORT", on[i], 1), 0);
        errno = 0;
        cr_assert_eq(halloc_free(h, b[1]), -1, "HALLOC_NOABORT=%s: the double free was not an error return", on[i]);
        cr_assert_eq(errno, EALREADY);
        halloc_destroy(h);
    }
}

Test(debug_lib, noabort_0_still_aborts, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    cr_assert_eq(setenv("HALLOC_NOABORT", "0", 1), 0);
    int rc = halloc_free(h, b[1]);
    cr_assert_fail("double free with HALLOC_NOABORT=0 returned %d instead of aborting", rc);
}

Test(debug_lib, noabort_refuses_another_value, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    cr_assert_eq(setenv("HALLOC_NOABORT", "of", 1), 0);
    int rc = halloc_free(h, b[1]);
    cr_assert_fail("double free with HALLOC_NOABORT=of returned %d instead of aborting", rc);
}

/* The refusal of a bad HALLOC_NOABORT is made inside the misused call, as
 * every report is: it takes the debug library's print path, which a host's
 * log (the preload shim's sink) receives, not stdio, which may allocate or
 * wait for a stream lock the program holds. The sink ends the test with
 * this exit status when the refusal reaches it; the abort that follows
 * otherwise fails it. */
#define REFUSAL_SEEN 42
static void exit_at_the_refusal(const char *line)
{
    static const char refusal[] = "halloc: HALLOC_NOABORT='of' is not a switch value; use off";
    if (strncmp(line, refusal, sizeof refusal - 1) == 0)
        _exit(REFUSAL_SEEN);
}

Test(debug_lib, noabort_refusal_takes_the_debug_print_path, .exit_code = REFUSAL_SEEN, .init = cr_redirect_stderr)
{
    void *b[4];
    halloc_heap *h = small_heap(b);
    cr_assert_eq(setenv("HALLOC_NOABORT", "of", 1), 0);
    hl_debug_sink = exit_at_the_refusal;
    int rc = halloc_free(h, b[1]);
    cr_assert_fail("double free with HALLOC_NOABORT=of returned %d, its refusal not printed", rc);
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
