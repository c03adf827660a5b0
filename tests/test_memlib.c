/*
 * test_memlib.c - the malloc-lab adapter's simulated sbrk
 * (fuzz/adapters/malloclab/memlib.c): lab semantics, a fresh identical heap
 * per input, and memory past the break that cannot be used unnoticed.
 */
#include "helpers.h"
#include "memlib.h"

#include <errno.h>
#include <setjmp.h>
#include <unistd.h>

#if TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define FAILED ((void *)-1)

static void fresh(void) { cr_assert_eq(mem_fresh(), 0, "mem_fresh: %s", strerror(errno)); }
static void unmap(void) { mem_deinit(); }

TestSuite(memlib, .init = fresh, .fini = unmap);

Test(memlib, sbrk_returns_the_old_break_and_moves_it)
{
    char *lo = mem_heap_lo();
    cr_assert_eq(mem_heapsize(), 0);
    cr_assert_eq((char *)mem_heap_hi(), lo - 1, "an empty heap ends just before it starts");
    cr_assert_eq(mem_sbrk(100), lo);
    cr_assert_eq(mem_sbrk(28), lo + 100);
    cr_assert_eq(mem_sbrk(0), lo + 128);
    cr_assert_eq(mem_heapsize(), 128);
    cr_assert_eq((char *)mem_heap_hi(), lo + 127);
    memset(lo, 0xab, 128); /* all of it usable */
    cr_assert_eq(mem_pagesize(), (size_t)sysconf(_SC_PAGESIZE));
}

Test(memlib, negative_or_too_large_increments_fail_with_enomem)
{
    char *lo = mem_heap_lo();
    cr_assert_eq(mem_sbrk(64), lo);
    errno = 0;
    cr_assert_eq(mem_sbrk(-16), FAILED);
    cr_assert_eq(errno, ENOMEM);
    errno = 0;
    cr_assert_eq(mem_sbrk((memlib_incr_t)(MEMLIB_MAX_HEAP - 64 + 1)), FAILED);
    cr_assert_eq(errno, ENOMEM);
    cr_assert_eq(mem_heapsize(), 64, "a failed sbrk moves nothing");
    cr_assert_eq(mem_sbrk((memlib_incr_t)(MEMLIB_MAX_HEAP - 64)), lo + 64, "up to the maximum is fine");
    cr_assert_eq(mem_heapsize(), MEMLIB_MAX_HEAP);
}

/* The adapter names the cap only when the cap was what refused the last call. */
Test(memlib, over_max_says_which_refusal_was_the_cap)
{
    cr_assert_eq(mem_sbrk(64), mem_heap_lo());
    cr_assert_eq(mem_sbrk_over_max(), 0);
    cr_assert_eq(mem_sbrk(-16), FAILED);
    cr_assert_eq(mem_sbrk_over_max(), 0, "a negative increment is no cap");
    cr_assert_eq(mem_sbrk((memlib_incr_t)(MEMLIB_MAX_HEAP - 64 + 1)), FAILED);
    cr_assert_eq(mem_sbrk_over_max(), MEMLIB_MAX_HEAP - 64 + 1, "the refused increment");
    cr_assert_eq(mem_sbrk(16), (char *)mem_heap_lo() + 64);
    cr_assert_eq(mem_sbrk_over_max(), 0, "a later call that succeeds clears it");
    cr_assert_eq(mem_sbrk((memlib_incr_t)MEMLIB_MAX_HEAP), FAILED);
    fresh();
    cr_assert_eq(mem_sbrk_over_max(), 0, "a fresh heap has refused nothing");
}

/* What mem_sbrk hands out was never written by mm.c: junk, not the kernel's
 * zeroes, so an mm.c that reads such a word (a missing epilogue) reads a
 * wrong one, not a lucky 0. The pages past the first are opened later. */
Test(memlib, sbrk_hands_out_junk_not_zeroes)
{
    size_t n = 3 * mem_pagesize() + 100;
    char *lo = mem_sbrk(100);
    cr_assert_eq(mem_sbrk((memlib_incr_t)(n - 100)), lo + 100);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq((unsigned char)lo[i], MEMLIB_JUNK, "byte %zu of a fresh heap is %#x, not the junk", i,
                     (unsigned char)lo[i]);
}

Test(memlib, fresh_refills_the_heap_with_junk_and_resets_the_break)
{
    char *lo = mem_sbrk(3 * (memlib_incr_t)mem_pagesize());
    memset(lo, 0x5a, 3 * mem_pagesize());
    fresh();
    cr_assert_eq(mem_heap_lo(), lo, "the same reservation is reused");
    cr_assert_eq(mem_heapsize(), 0);
    cr_assert_eq(mem_sbrk(3 * (memlib_incr_t)mem_pagesize()), lo);
    for (size_t i = 0; i < 3 * mem_pagesize(); i++)
        cr_assert_eq((unsigned char)lo[i], MEMLIB_JUNK, "byte %zu survived mem_fresh", i);
}

#if !TEST_ASAN
/* A stray write past the break (in its open page) must not reach the next
 * input either. (Under ASan that write is itself reported.) */
Test(memlib, fresh_refills_what_was_written_past_the_break)
{
    char *lo = mem_sbrk(100);
    lo[200] = 0x5a;
    fresh();
    cr_assert_eq(mem_sbrk(256), lo);
    cr_assert_eq((unsigned char)lo[200], MEMLIB_JUNK, "a byte written past the old break survived mem_fresh");
}
#endif

Test(memlib, reset_brk_hands_out_the_same_memory_again)
{
    char *lo = mem_sbrk(256);
    mem_reset_brk();
    cr_assert_eq(mem_heapsize(), 0);
    cr_assert_eq(mem_sbrk(256), lo);
    lo[255] = 1;
}

/* Reading the first page past the break must fault, sanitizer or not: a
 * handler turns the fault into exit code 42. */
static void leave_on_fault(int sig)
{
    (void)sig;
    _exit(42);
}

Test(memlib, the_page_past_the_break_faults, .exit_code = 42)
{
    char *lo = mem_sbrk(100);
    struct sigaction sa = {.sa_handler = leave_on_fault};
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    volatile char *past = lo + mem_pagesize();
    (void)*past;
    cr_assert_fail("reading past the break's page did not fault");
}

Test(memlib, mem_deinit_then_fresh_maps_again)
{
    mem_deinit();
    cr_assert_eq(mem_heap_lo(), NULL);
    cr_assert_eq(mem_sbrk(16), FAILED, "no heap, no break");
    fresh();
    cr_assert_neq(mem_sbrk(16), FAILED);
}

#if TEST_ASAN
/* Within the break's page only ASan can tell: the tail is poisoned. */
Test(memlib, the_tail_of_the_break_page_is_poisoned_under_asan)
{
    char *lo = mem_sbrk(100);
    cr_assert_eq(__asan_region_is_poisoned(lo, 100), NULL, "the heap itself is usable");
    cr_assert(__asan_address_is_poisoned(lo + 100), "the byte at the break is not poisoned");
    cr_assert(__asan_address_is_poisoned(lo + mem_pagesize() - 1));
    mem_reset_brk();
    cr_assert(__asan_address_is_poisoned(lo), "after mem_reset_brk the old heap is not poisoned");
}
#endif
